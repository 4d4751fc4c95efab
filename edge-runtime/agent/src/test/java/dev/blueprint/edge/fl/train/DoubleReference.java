package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Activation;

/**
 * Forward passes written independently of the trainer, in double precision and in the most direct
 * loops, so that finite differences over them check the trainer's analytic gradients.
 */
final class DoubleReference {
  private DoubleReference() {}

  static double act(Activation a, double z) {
    return switch (a) {
      case NONE -> z;
      case RELU -> Math.max(z, 0);
      case RELU6 -> Math.min(Math.max(z, 0), 6);
    };
  }

  /** x[b][in], w[out][in], bias[out]. */
  static double[] dense(
      double[] x, double[] w, double[] bias, int batch, int in, int out, Activation a) {
    double[] y = new double[batch * out];
    for (int s = 0; s < batch; s++) {
      for (int o = 0; o < out; o++) {
        double z = bias[o];
        for (int i = 0; i < in; i++) {
          z += x[s * in + i] * w[o * in + i];
        }
        y[s * out + o] = act(a, z);
      }
    }
    return y;
  }

  /** NHWC x, w[o][kh][kw][c]; padding before the image as given, zeros outside. */
  static double[] conv(
      double[] x,
      double[] w,
      double[] bias,
      int batch,
      int h,
      int wd,
      int c,
      int o,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      Activation a) {
    double[] y = new double[batch * oh * ow * o];
    for (int s = 0; s < batch; s++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int f = 0; f < o; f++) {
            double z = bias[f];
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sh - padTop + ky;
                int ix = ox * sw - padLeft + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
                  z += x[((s * h + iy) * wd + ix) * c + ch] * w[((f * kh + ky) * kw + kx) * c + ch];
                }
              }
            }
            y[((s * oh + oy) * ow + ox) * o + f] = act(a, z);
          }
        }
      }
    }
    return y;
  }

  static double[] pool(
      boolean max,
      double[] x,
      int batch,
      int h,
      int wd,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow) {
    double[] y = new double[batch * oh * ow * c];
    for (int s = 0; s < batch; s++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sh - padTop + ky;
                int ix = ox * sw - padLeft + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                  continue;
                }
                double v = x[((s * h + iy) * wd + ix) * c + ch];
                best = Math.max(best, v);
                sum += v;
                count++;
              }
            }
            y[((s * oh + oy) * ow + ox) * c + ch] = max ? best : sum / count;
          }
        }
      }
    }
    return y;
  }

  /** Mean softmax cross-entropy. */
  static double crossEntropy(double[] logits, int[] labels, int batch, int classes) {
    double total = 0;
    for (int s = 0; s < batch; s++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[s * classes + c]);
      }
      total += Math.log(sum) - logits[s * classes + labels[s]];
    }
    return total / batch;
  }
}
