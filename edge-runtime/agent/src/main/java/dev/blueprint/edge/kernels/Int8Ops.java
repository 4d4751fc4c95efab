package dev.blueprint.edge.kernels;

/**
 * Int8 kernels other than the matrix products, in the TFLite scheme: int32 accumulation of
 * {@code (q − zeroPoint)} products and {@link FixedPoint} rescaling into the output's scale.
 */
public final class Int8Ops {
  private Int8Ops() {}

  /** As {@link FloatOps#im2col}; pixels outside the image take the zero point (real 0). */
  public static void im2col(
      byte[] x, int xOff, int h, int w, int c, int kh, int kw, int sh, int sw, int padTop, int padLeft,
      int oh, int ow, byte pad, byte[] col) {
    int row = kh * kw * c;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int dst = (oy * ow + ox) * row;
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * sh - padTop + ky;
          for (int kx = 0; kx < kw; kx++) {
            int ix = ox * sw - padLeft + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              java.util.Arrays.fill(col, dst, dst + c, pad);
            } else {
              System.arraycopy(x, xOff + (iy * w + ix) * c, col, dst, c);
            }
            dst += c;
          }
        }
      }
    }
  }

  /** Rescales int32 accumulators {@code [rows, channels]} into int8 with per-channel multipliers. */
  public static void requantize(
      int[] acc, int rows, int channels, int[] multiplier, int[] shift, int zeroPoint, int min, int max,
      byte[] y, int yOff) {
    for (int r = 0; r < rows; r++) {
      int base = r * channels;
      for (int ch = 0; ch < channels; ch++) {
        int v = FixedPoint.multiply(acc[base + ch], multiplier[ch], shift[ch]) + zeroPoint;
        y[yOff + base + ch] = (byte) (v < min ? min : (v > max ? max : v));
      }
    }
  }

  /** Depthwise convolution of one image into int32 accumulators {@code [OH·OW, C·M]}. */
  public static void depthwise(
      byte[] x, int xOff, int h, int w, int c, int mult, byte[] wt, int[] bias, int zeroPoint, int kh, int kw,
      int sh, int sw, int padTop, int padLeft, int oh, int ow, int[] acc) {
    int co = c * mult;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int a = (oy * ow + ox) * co;
        for (int ch = 0; ch < co; ch++) {
          acc[a + ch] = bias == null ? 0 : bias[ch];
        }
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * sh - padTop + ky;
          if (iy < 0 || iy >= h) {
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int ix = ox * sw - padLeft + kx;
            if (ix < 0 || ix >= w) {
              continue;
            }
            int xi = xOff + (iy * w + ix) * c;
            int wi = (ky * kw + kx) * co;
            for (int ch = 0; ch < co; ch++) {
              acc[a + ch] += (x[xi + ch / mult] - zeroPoint) * wt[wi + ch];
            }
          }
        }
      }
    }
  }

  /** Max or average pooling of one image; the output keeps the input's scale and zero point. */
  public static void pool(
      boolean max, byte[] x, int xOff, int h, int w, int c, int kh, int kw, int sh, int sw, int padTop,
      int padLeft, int oh, int ow, byte[] y, int yOff) {
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int y0 = Math.max(oy * sh - padTop, 0);
        int y1 = Math.min(oy * sh - padTop + kh, h);
        int x0 = Math.max(ox * sw - padLeft, 0);
        int x1 = Math.min(ox * sw - padLeft + kw, w);
        int count = (y1 - y0) * (x1 - x0);
        int out = yOff + (oy * ow + ox) * c;
        for (int ch = 0; ch < c; ch++) {
          int v = max ? -128 : 0;
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int q = x[xOff + (iy * w + ix) * c + ch];
              v = max ? Math.max(v, q) : v + q;
            }
          }
          y[out + ch] = (byte) (max ? v : roundingDivide(v, count));
        }
      }
    }
  }

  /** {@code numerator / count} rounded half away from zero, as TFLite's average pool does. */
  public static int roundingDivide(int numerator, int count) {
    return (numerator + (numerator > 0 ? count / 2 : -count / 2)) / count;
  }
}
