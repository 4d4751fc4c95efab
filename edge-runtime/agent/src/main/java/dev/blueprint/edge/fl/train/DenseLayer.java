package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.kernels.Matmul;
import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.TensorShape;
import java.util.List;

/**
 * {@code y = f(x·Wᵀ + b)} with W stored {@code [out][in]} as in the model file. Gradients: {@code
 * dW += dzᵀ·x}, {@code db += Σ dz}, {@code dx = dz·W}.
 */
final class DenseLayer implements Layer {
  private final String name;
  private final int in;
  private final int out;
  private final Activation activation;
  private final Param weight;
  private final Param bias;
  private int offset = -1;
  private float[] transposed = new float[0];
  private float[] dz = new float[0];
  private float[] dzT = new float[0];

  DenseLayer(String name, int in, int out, Activation activation, Param weight, Param bias) {
    this.name = name;
    this.in = in;
    this.out = out;
    this.activation = activation;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TensorShape in() {
    return TensorShape.of(in);
  }

  @Override
  public TensorShape out() {
    return TensorShape.of(out);
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  @Override
  public long macsPerSample() {
    return (long) in * out;
  }

  @Override
  public void bind(int offset) {
    this.offset = offset;
  }

  private int biasOffset() {
    return offset + in * out;
  }

  @Override
  public void forward(float[] p, float[] x, float[] y, int batch) {
    if (transposed.length < in * out) {
      transposed = new float[in * out];
    }
    Matmul.transpose(p, offset, out, in, transposed);
    int b0 = biasOffset();
    for (int s = 0; s < batch; s++) {
      System.arraycopy(p, b0, y, s * out, out);
    }
    Matmul.multiply(batch, out, in, x, 0, transposed, 0, y, 0, true);
    Activations.apply(activation, y, batch * out);
  }

  @Override
  public void backward(
      float[] p, float[] g, float[] x, float[] y, float[] dy, float[] dx, int batch) {
    int n = batch * out;
    if (dz.length < n) {
      dz = new float[n];
      dzT = new float[n];
    }
    Activations.backward(activation, y, dy, dz, n);
    Matmul.transpose(dz, 0, batch, out, dzT);
    Matmul.multiply(out, in, batch, dzT, 0, x, 0, g, offset, true);
    int b0 = biasOffset();
    for (int o = 0; o < out; o++) {
      float sum = 0;
      int row = o * batch;
      for (int s = 0; s < batch; s++) {
        sum += dzT[row + s];
      }
      g[b0 + o] += sum;
    }
    if (dx != null) {
      Matmul.multiply(batch, in, out, dz, 0, p, offset, dx, 0, false);
    }
  }
}
