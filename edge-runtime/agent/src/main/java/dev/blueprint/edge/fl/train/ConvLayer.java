package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.kernels.Matmul;
import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import java.util.Arrays;
import java.util.List;

/**
 * A 2-D convolution over NHWC samples with weights {@code [out][kh][kw][in]} as in the model file,
 * as a product over the im2col matrix: {@code z = col·Wᵀ + b}. The backward pass is the dense
 * layer's on that matrix, then col2im scatters {@code dcol} back onto the input (overlapping
 * windows add up; padding receives nothing).
 */
final class ConvLayer implements Layer {
  private final String name;
  private final Interpreter.Conv g;
  private final Activation activation;
  private final Param weight;
  private final Param bias;
  private int offset = -1;
  private float[] col = new float[0];
  private float[] dcol = new float[0];
  private float[] transposed = new float[0];
  private float[] dz = new float[0];
  private float[] dzT = new float[0];

  ConvLayer(String name, Interpreter.Conv g, Activation activation, Param weight, Param bias) {
    this.name = name;
    this.g = g;
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
    return TensorShape.of(g.h(), g.w(), g.c());
  }

  @Override
  public TensorShape out() {
    return TensorShape.of(g.oh(), g.ow(), g.o());
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  @Override
  public void bind(int offset) {
    this.offset = offset;
  }

  private int k() {
    return g.kh() * g.kw() * g.c();
  }

  @Override
  public void forward(float[] p, float[] x, float[] y, int batch) {
    int k = k();
    int o = g.o();
    int rows = batch * g.oh() * g.ow();
    if (col.length < rows * k) {
      col = new float[rows * k];
    }
    if (transposed.length < k * o) {
      transposed = new float[k * o];
    }
    int inSize = g.h() * g.w() * g.c();
    int perSample = g.oh() * g.ow() * k;
    for (int s = 0; s < batch; s++) {
      im2col(x, s * inSize, col, s * perSample);
    }
    Matmul.transpose(p, offset, o, k, transposed);
    int b0 = offset + o * k;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(p, b0, y, r * o, o);
    }
    Matmul.multiply(rows, o, k, col, 0, transposed, 0, y, 0, true);
    Activations.apply(activation, y, rows * o);
  }

  @Override
  public void backward(
      float[] p, float[] gr, float[] x, float[] y, float[] dy, float[] dx, int batch) {
    int k = k();
    int o = g.o();
    int rows = batch * g.oh() * g.ow();
    int n = rows * o;
    if (dz.length < n) {
      dz = new float[n];
      dzT = new float[n];
    }
    Activations.backward(activation, y, dy, dz, n);
    Matmul.transpose(dz, 0, rows, o, dzT);
    Matmul.multiply(o, k, rows, dzT, 0, col, 0, gr, offset, true);
    int b0 = offset + o * k;
    for (int c = 0; c < o; c++) {
      float sum = 0;
      int row = c * rows;
      for (int r = 0; r < rows; r++) {
        sum += dzT[row + r];
      }
      gr[b0 + c] += sum;
    }
    if (dx == null) {
      return;
    }
    if (dcol.length < rows * k) {
      dcol = new float[rows * k];
    }
    Matmul.multiply(rows, k, o, dz, 0, p, offset, dcol, 0, false);
    int inSize = g.h() * g.w() * g.c();
    Arrays.fill(dx, 0, batch * inSize, 0f);
    int perSample = g.oh() * g.ow() * k;
    for (int s = 0; s < batch; s++) {
      col2im(dcol, s * perSample, dx, s * inSize);
    }
  }

  /** One sample's patches: row {@code oy·ow + ox} holds the window {@code [kh][kw][c]}. */
  private void im2col(float[] x, int xOff, float[] out, int outOff) {
    int c = g.c();
    int row = outOff;
    for (int oy = 0; oy < g.oh(); oy++) {
      for (int ox = 0; ox < g.ow(); ox++) {
        for (int ky = 0; ky < g.kh(); ky++) {
          int iy = oy * g.sh() - g.padTop() + ky;
          for (int kx = 0; kx < g.kw(); kx++) {
            int ix = ox * g.sw() - g.padLeft() + kx;
            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
              Arrays.fill(out, row, row + c, 0f);
            } else {
              System.arraycopy(x, xOff + (iy * g.w() + ix) * c, out, row, c);
            }
            row += c;
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: every patch element adds back onto the pixel it came from. */
  private void col2im(float[] cols, int colOff, float[] dx, int dxOff) {
    int c = g.c();
    int row = colOff;
    for (int oy = 0; oy < g.oh(); oy++) {
      for (int ox = 0; ox < g.ow(); ox++) {
        for (int ky = 0; ky < g.kh(); ky++) {
          int iy = oy * g.sh() - g.padTop() + ky;
          for (int kx = 0; kx < g.kw(); kx++) {
            int ix = ox * g.sw() - g.padLeft() + kx;
            if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
              int at = dxOff + (iy * g.w() + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                dx[at + ch] += cols[row + ch];
              }
            }
            row += c;
          }
        }
      }
    }
  }
}
