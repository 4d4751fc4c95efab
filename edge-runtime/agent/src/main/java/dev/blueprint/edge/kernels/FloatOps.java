package dev.blueprint.edge.kernels;

import dev.blueprint.edge.model.Activation;
import java.util.Arrays;

/** Float kernels other than the matrix products. Layout is NHWC throughout. */
public final class FloatOps {
  private FloatOps() {}

  /** Unfolds convolution windows into rows of {@code KH·KW·C}, zero outside the image. */
  public static void im2col(
      float[] x,
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
              Arrays.fill(col, dst, dst + c, 0f);
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

  /** Copies one image into {@code xp[H+pads][W+pads][C]} with a zero border. */
  public static void pad(
      float[] x,
      int xOff,
      int h,
      int w,
      int c,
      int padTop,
      int padLeft,
      int hp,
      int wp,
      float[] xp) {
    Arrays.fill(xp, 0, hp * wp * c, 0f);
    int rows = Math.min(h, hp - padTop);
    int width = Math.min(w, wp - padLeft) * c;
    for (int iy = 0; iy < rows; iy++) {
      System.arraycopy(x, xOff + iy * w * c, xp, ((iy + padTop) * wp + padLeft) * c, width);
    }
  }

  public static void activate(float[] y, int from, int to, Activation act) {
    switch (act) {
      case NONE -> {}
      case RELU -> Gemm.clamp(y, from, to, Float.POSITIVE_INFINITY);
      case RELU6 -> Gemm.clamp(y, from, to, 6f);
    }
  }

  /** Depthwise convolution of one image; weight {@code [KH,KW,C·M]}. */
  public static void depthwise(
      float[] x,
      int xOff,
      int h,
      int w,
      int c,
      int mult,
      float[] wt,
      float[] bias,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow,
      float[] y,
      int yOff,
      float[] acc) {
    int co = c * mult;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        if (bias != null) {
          System.arraycopy(bias, 0, acc, 0, co);
        } else {
          Arrays.fill(acc, 0, co, 0f);
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
            if (mult == 1) {
              for (int ch = 0; ch < co; ch++) {
                acc[ch] += x[xi + ch] * wt[wi + ch];
              }
            } else {
              for (int ch = 0; ch < co; ch++) {
                acc[ch] += x[xi + ch / mult] * wt[wi + ch];
              }
            }
          }
        }
        System.arraycopy(acc, 0, y, yOff + (oy * ow + ox) * co, co);
      }
    }
  }

  /**
   * Max or average pooling of one image; averages count only the pixels inside the image. The
   * channel loop is innermost so the JIT vectorizes it.
   */
  public static void pool(
      boolean max,
      float[] x,
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
      float[] y,
      int yOff) {
    for (int oy = 0; oy < oh; oy++) {
      int y0 = Math.max(oy * sh - padTop, 0);
      int y1 = Math.min(oy * sh - padTop + kh, h);
      for (int ox = 0; ox < ow; ox++) {
        int x0 = Math.max(ox * sw - padLeft, 0);
        int x1 = Math.min(ox * sw - padLeft + kw, w);
        int out = yOff + (oy * ow + ox) * c;
        Arrays.fill(y, out, out + c, max ? Float.NEGATIVE_INFINITY : 0f);
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            int in = xOff + (iy * w + ix) * c;
            if (max) {
              Gemm.max(x, in, y, out, c);
            } else {
              for (int ch = 0; ch < c; ch++) {
                y[out + ch] += x[in + ch];
              }
            }
          }
        }
        if (!max) {
          float inv = 1f / ((y1 - y0) * (x1 - x0));
          for (int ch = 0; ch < c; ch++) {
            y[out + ch] *= inv;
          }
        }
      }
    }
  }

  public static void softmax(float[] x, float[] y, int rows, int width, float beta) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < width; i++) {
        max = Math.max(max, x[o + i]);
      }
      for (int i = 0; i < width; i++) {
        y[o + i] = beta * (x[o + i] - max);
      }
    }
    // One exponential pass over the whole batch: rows of a classifier head are too short to
    // fill a vector, the batch is not.
    Gemm.exp(y, 0, rows * width);
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      double sum = 0;
      for (int i = 0; i < width; i++) {
        sum += y[o + i];
      }
      float inv = (float) (1 / sum);
      for (int i = 0; i < width; i++) {
        y[o + i] *= inv;
      }
    }
  }
}
