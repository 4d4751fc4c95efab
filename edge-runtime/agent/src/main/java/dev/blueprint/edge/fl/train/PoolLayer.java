package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.TensorShape;
import java.util.Arrays;
import java.util.List;

/**
 * Max or average pooling over NHWC samples, with the inference kernels' conventions: padded cells
 * take no part (an average divides by the cells inside the image). Max pooling routes each output's
 * gradient to the input that won (the first, on ties); average pooling spreads it evenly.
 */
final class PoolLayer implements Layer {
  private final String name;
  private final boolean max;
  private final int h;
  private final int w;
  private final int c;
  private final int kh;
  private final int kw;
  private final int sh;
  private final int sw;
  private final int padTop;
  private final int padLeft;
  private final int oh;
  private final int ow;
  private final TensorShape out;
  private int[] winner = new int[0];

  PoolLayer(
      String name,
      boolean max,
      TensorShape in,
      int[] kernel,
      int[] strides,
      int[] padding,
      int[] outSize,
      TensorShape out) {
    this.name = name;
    this.max = max;
    this.h = in.dim(0);
    this.w = in.dim(1);
    this.c = in.dim(2);
    this.kh = kernel[0];
    this.kw = kernel[1];
    this.sh = strides[0];
    this.sw = strides[1];
    this.padTop = padding[0];
    this.padLeft = padding[1];
    this.oh = outSize[0];
    this.ow = outSize[1];
    this.out = out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TensorShape in() {
    return TensorShape.of(h, w, c);
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

  @Override
  public void forward(float[] p, float[] x, float[] y, int batch) {
    int outSize = oh * ow * c;
    if (max && winner.length < batch * outSize) {
      winner = new int[batch * outSize];
    }
    for (int s = 0; s < batch; s++) {
      int xOff = s * h * w * c;
      int yOff = s * outSize;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(oy * sh - padTop, 0);
        int y1 = Math.min(oy * sh - padTop + kh, h);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(ox * sw - padLeft, 0);
          int x1 = Math.min(ox * sw - padLeft + kw, w);
          int out = yOff + (oy * ow + ox) * c;
          if (max) {
            maxWindow(x, xOff, x0, x1, y0, y1, y, out);
            continue;
          }
          for (int ch = 0; ch < c; ch++) {
            float sum = 0;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                sum += x[xOff + (iy * w + ix) * c + ch];
              }
            }
            y[out + ch] = sum / ((y1 - y0) * (x1 - x0));
          }
        }
      }
    }
  }

  /**
   * One window's maximum for every channel, and where it was (the first of equal values, in
   * row-major window order).
   */
  private void maxWindow(float[] x, int xOff, int x0, int x1, int y0, int y1, float[] y, int out) {
    for (int ch = 0; ch < c; ch++) {
      int at = xOff + (y0 * w + x0) * c + ch;
      float best = x[at];
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0, i = xOff + (iy * w + x0) * c + ch; ix < x1; ix++, i += c) {
          float v = x[i];
          if (v > best) {
            best = v;
            at = i;
          }
        }
      }
      y[out + ch] = best;
      winner[out + ch] = at;
    }
  }

  @Override
  public void backward(
      float[] p, float[] g, float[] x, float[] y, float[] dy, float[] dx, int batch) {
    if (dx == null) {
      return;
    }
    Arrays.fill(dx, 0, batch * h * w * c, 0f);
    int outSize = oh * ow * c;
    if (max) {
      for (int i = 0; i < batch * outSize; i++) {
        dx[winner[i]] += dy[i];
      }
      return;
    }
    for (int s = 0; s < batch; s++) {
      int xOff = s * h * w * c;
      int yOff = s * outSize;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(oy * sh - padTop, 0);
        int y1 = Math.min(oy * sh - padTop + kh, h);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(ox * sw - padLeft, 0);
          int x1 = Math.min(ox * sw - padLeft + kw, w);
          int out = yOff + (oy * ow + ox) * c;
          float inv = 1f / ((y1 - y0) * (x1 - x0));
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int i = xOff + (iy * w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                dx[i + ch] += dy[out + ch] * inv;
              }
            }
          }
        }
      }
    }
  }
}
