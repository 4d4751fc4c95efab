package dev.blueprint.edge.fl;

import dev.blueprint.edge.model.TensorShape;
import java.util.List;
import java.util.SplittableRandom;

/** Layouts of the shipped models' trainable tensors, and random updates over them, for tests. */
final class FlLayouts {
  private FlLayouts() {}

  /** wisdm-mlp: 43 features, dense 64, 32, 6 (docs/edge.md); 5,094 parameters in 6 tensors. */
  static ParameterLayout wisdmMlp() {
    return ParameterLayout.of(
        List.of(
            "dense1/kernel",
            "dense1/bias",
            "dense2/kernel",
            "dense2/bias",
            "out/kernel",
            "out/bias"),
        List.of(
            TensorShape.of(43, 64),
            TensorShape.of(64),
            TensorShape.of(64, 32),
            TensorShape.of(32),
            TensorShape.of(32, 6),
            TensorShape.of(6)));
  }

  /**
   * A LeNet-5 style CNN as issue 16's NIID-Bench target uses (6 and 16 channels of 5×5 kernels,
   * dense 120, 84, 10); 44,426 parameters in 10 tensors.
   */
  static ParameterLayout leNet() {
    return ParameterLayout.of(
        List.of(
            "conv1/kernel",
            "conv1/bias",
            "conv2/kernel",
            "conv2/bias",
            "fc1/kernel",
            "fc1/bias",
            "fc2/kernel",
            "fc2/bias",
            "fc3/kernel",
            "fc3/bias"),
        List.of(
            TensorShape.of(5, 5, 1, 6),
            TensorShape.of(6),
            TensorShape.of(5, 5, 6, 16),
            TensorShape.of(16),
            TensorShape.of(256, 120),
            TensorShape.of(120),
            TensorShape.of(120, 84),
            TensorShape.of(84),
            TensorShape.of(84, 10),
            TensorShape.of(10)));
  }

  /** Gaussian values of standard deviation {@code sigma}: a dense update like SGD leaves. */
  static Weights gaussian(ParameterLayout layout, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[layout.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (sigma * random.nextGaussian());
    }
    return Weights.adopt(layout, v);
  }
}
