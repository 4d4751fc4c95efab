package dev.blueprint.edge.kernels;

import java.util.Arrays;

/**
 * Int8 kernels other than the matrix products, in the TFLite scheme: int32 accumulation of {@code
 * (q − zeroPoint)} products and {@link FixedPoint} rescaling into the output's scale.
 */
public final class Int8Ops {
  private Int8Ops() {}

  /** As {@link FloatOps#im2col}; pixels outside the image take the zero point (real 0). */
  public static void im2col(
      byte[] x,
      int xOff,
      int h,
      int w,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      byte pad,
      byte[] col) {
    int row = kh * kw * c;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int dst = (oy * ow + ox) * row;
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * sh - padTop + ky;
          for (int kx = 0; kx < kw; kx++) {
            int ix = ox * sw - padLeft + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              Arrays.fill(col, dst, dst + c, pad);
            } else {
              int src = xOff + (iy * w + ix) * c;
              if (c < 16) {
                // A call per pixel costs more than the copy when there are few channels.
                for (int ch = 0; ch < c; ch++) {
                  col[dst + ch] = x[src + ch];
                }
              } else {
                System.arraycopy(x, src, col, dst, c);
              }
            }
            dst += c;
          }
        }
      }
    }
  }

  /** As {@link #im2col}, writing the int8 values as exact floats for the outer-form products. */
  public static void im2colFloat(
      byte[] x,
      int xOff,
      int h,
      int w,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      byte pad,
      float[] col) {
    int row = kh * kw * c;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int dst = (oy * ow + ox) * row;
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * sh - padTop + ky;
          for (int kx = 0; kx < kw; kx++) {
            int ix = ox * sw - padLeft + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              Arrays.fill(col, dst, dst + c, pad);
            } else {
              int src = xOff + (iy * w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                col[dst + ch] = x[src + ch];
              }
            }
            dst += c;
          }
        }
      }
    }
  }

  /**
   * Copies one int8 image into {@code xp[H+pads][W+pads][C]} as floats, the border holding {@code
   * pad}.
   */
  public static void padToFloat(
      byte[] x,
      int xOff,
      int h,
      int w,
      int c,
      int padTop,
      int padLeft,
      int hp,
      int wp,
      float pad,
      float[] xp) {
    Arrays.fill(xp, 0, hp * wp * c, pad);
    int rows = Math.min(h, hp - padTop);
    int width = Math.min(w, wp - padLeft) * c;
    for (int iy = 0; iy < rows; iy++) {
      int src = xOff + iy * w * c;
      int dst = ((iy + padTop) * wp + padLeft) * c;
      for (int i = 0; i < width; i++) {
        xp[dst + i] = x[src + i];
      }
    }
  }

  /**
   * Rescales int32 accumulators {@code [rows, channels]} into int8 with per-channel multipliers.
   */
  public static void requantize(
      int[] acc,
      int rows,
      int channels,
      int[] multiplier,
      int[] shift,
      int zeroPoint,
      int min,
      int max,
      byte[] y,
      int yOff) {
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
      byte[] x,
      int xOff,
      int h,
      int w,
      int c,
      int mult,
      byte[] wt,
      int[] bias,
      int zeroPoint,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      int[] acc) {
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

  /**
   * Max or average pooling of one image; the output keeps the input's scale and zero point. The
   * channel loop is innermost so the JIT vectorizes it; {@code acc} holds one pixel's channels.
   */
  public static void pool(
      boolean max,
      byte[] x,
      int xOff,
      int h,
      int w,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      byte[] y,
      int yOff,
      int[] acc) {
    for (int oy = 0; oy < oh; oy++) {
      int y0 = Math.max(oy * sh - padTop, 0);
      int y1 = Math.min(oy * sh - padTop + kh, h);
      for (int ox = 0; ox < ow; ox++) {
        int x0 = Math.max(ox * sw - padLeft, 0);
        int x1 = Math.min(ox * sw - padLeft + kw, w);
        int count = (y1 - y0) * (x1 - x0);
        Arrays.fill(acc, 0, c, max ? -128 : 0);
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            int in = xOff + (iy * w + ix) * c;
            if (max) {
              for (int ch = 0; ch < c; ch++) {
                acc[ch] = Math.max(acc[ch], x[in + ch]);
              }
            } else {
              for (int ch = 0; ch < c; ch++) {
                acc[ch] += x[in + ch];
              }
            }
          }
        }
        int out = yOff + (oy * ow + ox) * c;
        for (int ch = 0; ch < c; ch++) {
          y[out + ch] = (byte) (max ? acc[ch] : roundingDivide(acc[ch], count));
        }
      }
    }
  }

  /** {@code numerator / count} rounded half away from zero, as TFLite's average pool does. */
  public static int roundingDivide(int numerator, int count) {
    return (numerator + (numerator > 0 ? count / 2 : -count / 2)) / count;
  }
}
