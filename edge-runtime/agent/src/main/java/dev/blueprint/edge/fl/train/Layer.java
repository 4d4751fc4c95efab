package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.TensorShape;
import java.util.List;

/**
 * One step of a trainable network on a batch of samples laid out one after the other. A layer keeps
 * what its backward pass needs from its last forward pass, so calls alternate: forward, then
 * backward on the same batch.
 */
interface Layer {
  /** A trainable tensor: its name in the model file, shape and starting values. */
  record Param(String name, TensorShape shape, float[] initial) {}

  String name();

  TensorShape in();

  TensorShape out();

  /** The layer's trainable tensors in the order they are laid out; empty for fixed layers. */
  List<Param> params();

  /** Where the first of {@link #params()} starts in the network's flat vector. */
  void bind(int offset);

  /**
   * Multiply-adds per sample of the forward pass of this layer's products (0 for element-wise
   * layers, whose cost is memory traffic); a training step costs about three times this, the
   * backward pass's two products per layer (one for the first layer).
   */
  default long macsPerSample() {
    return 0;
  }

  /** {@code y = f(x)} for {@code batch} samples; {@code p} is the network's parameter vector. */
  void forward(float[] p, float[] x, float[] y, int batch);

  /**
   * Adds this batch's parameter gradients into {@code g} and, unless {@code dx} is null (the first
   * layer needs no input gradient), writes {@code dx = ∂loss/∂x} from {@code dy = ∂loss/∂y}.
   */
  void backward(float[] p, float[] g, float[] x, float[] y, float[] dy, float[] dx, int batch);
}
