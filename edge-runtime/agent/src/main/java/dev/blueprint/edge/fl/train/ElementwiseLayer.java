package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.TensorShape;
import java.util.List;

/**
 * The fixed, element-wise steps: an activation node (ReLU, ReLU6), a constant added or multiplied
 * along the last axis (the standardisation a model carries in its graph), and a reshape, which
 * moves no data in a row-major layout. None has trainable parameters.
 */
final class ElementwiseLayer implements Layer {
  enum Kind {
    ACTIVATION,
    ADD_CONSTANT,
    MUL_CONSTANT,
    RESHAPE
  }

  private final String name;
  private final Kind kind;
  private final TensorShape in;
  private final TensorShape out;
  private final Activation activation;
  private final float[] constant;

  private ElementwiseLayer(
      String name,
      Kind kind,
      TensorShape in,
      TensorShape out,
      Activation activation,
      float[] constant) {
    this.name = name;
    this.kind = kind;
    this.in = in;
    this.out = out;
    this.activation = activation;
    this.constant = constant;
  }

  static ElementwiseLayer activation(String name, TensorShape shape, Activation act) {
    return new ElementwiseLayer(name, Kind.ACTIVATION, shape, shape, act, null);
  }

  /** {@code constant} has one value, or one per element of the last axis. */
  static ElementwiseLayer constant(String name, Kind kind, TensorShape shape, float[] constant) {
    int last = shape.dim(shape.rank() - 1);
    if (constant.length != 1 && constant.length != last) {
      throw new IllegalArgumentException(
          name + ": a constant of " + constant.length + " values does not broadcast over " + shape);
    }
    return new ElementwiseLayer(name, kind, shape, shape, Activation.NONE, constant.clone());
  }

  static ElementwiseLayer reshape(String name, TensorShape in, TensorShape out) {
    return new ElementwiseLayer(name, Kind.RESHAPE, in, out, Activation.NONE, null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TensorShape in() {
    return in;
  }

  @Override
  public TensorShape out() {
    return out;
  }

  @Override
  public List<Param> params() {
    return List.of();
  }

  @Override
  public void bind(int offset) {}

  private float constantAt(int i) {
    return constant.length == 1 ? constant[0] : constant[i % constant.length];
  }

  @Override
  public void forward(float[] p, float[] x, float[] y, int batch) {
    int n = batch * in.size();
    switch (kind) {
      case ACTIVATION -> {
        for (int i = 0; i < n; i++) {
          y[i] = activation.apply(x[i]);
        }
      }
      case ADD_CONSTANT -> {
        for (int i = 0; i < n; i++) {
          y[i] = x[i] + constantAt(i);
        }
      }
      case MUL_CONSTANT -> {
        for (int i = 0; i < n; i++) {
          y[i] = x[i] * constantAt(i);
        }
      }
      case RESHAPE -> System.arraycopy(x, 0, y, 0, n);
    }
  }

  @Override
  public void backward(
      float[] p, float[] g, float[] x, float[] y, float[] dy, float[] dx, int batch) {
    if (dx == null) {
      return;
    }
    int n = batch * in.size();
    switch (kind) {
      case ACTIVATION -> Activations.backward(activation, y, dy, dx, n);
      case ADD_CONSTANT, RESHAPE -> System.arraycopy(dy, 0, dx, 0, n);
      case MUL_CONSTANT -> {
        for (int i = 0; i < n; i++) {
          dx[i] = dy[i] * constantAt(i);
        }
      }
    }
  }
}
