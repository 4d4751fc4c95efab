package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Activation;

/** A fused activation's forward pass and its derivative, read from the activation's output. */
final class Activations {
  private Activations() {}

  static void apply(Activation act, float[] y, int n) {
    if (act == Activation.NONE) {
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = act.apply(y[i]);
    }
  }

  /**
   * {@code dz = dy · f'(z)} where {@code y = f(z)}: ReLU passes where y > 0, ReLU6 where 0 < y < 6
   * (at the kinks the subgradient 0 is taken, as PyTorch and TensorFlow do).
   */
  static void backward(Activation act, float[] y, float[] dy, float[] dz, int n) {
    switch (act) {
      case NONE -> System.arraycopy(dy, 0, dz, 0, n);
      case RELU -> {
        for (int i = 0; i < n; i++) {
          dz[i] = y[i] > 0 ? dy[i] : 0f;
        }
      }
      case RELU6 -> {
        for (int i = 0; i < n; i++) {
          dz[i] = y[i] > 0 && y[i] < 6 ? dy[i] : 0f;
        }
      }
    }
  }

  /**
   * {@link #backward} for {@code rows × cols} values, written transposed: {@code dzT[c][r] =
   * dy[r][c] · f'(z[r][c])}.
   */
  static void backwardTransposed(
      Activation act, float[] y, float[] dy, int rows, int cols, float[] dzT) {
    // One loop per activation: the choice stays out of the inner loop.
    for (int c = 0; c < cols; c++) {
      int to = c * rows;
      switch (act) {
        case NONE -> {
          for (int r = 0, i = c; r < rows; r++, i += cols) {
            dzT[to + r] = dy[i];
          }
        }
        case RELU -> {
          for (int r = 0, i = c; r < rows; r++, i += cols) {
            dzT[to + r] = y[i] > 0 ? dy[i] : 0f;
          }
        }
        case RELU6 -> {
          for (int r = 0, i = c; r < rows; r++, i += cols) {
            dzT[to + r] = y[i] > 0 && y[i] < 6 ? dy[i] : 0f;
          }
        }
      }
    }
  }
}
