package dev.blueprint.edge.kernels;

import java.util.Arrays;

/**
 * Portable products. Four independent sums per dot product keep the multiply units busy despite the
 * JIT keeping floating-point additions in order.
 */
final class ScalarGemm implements Gemm.Impl {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void floatGemm(
      int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
    int k4 = k & ~3;
    for (int i = 0; i < m; i++) {
      int ar = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int p = 0;
        for (; p < k4; p += 4) {
          s0 += a[ar + p] * w[wr + p];
          s1 += a[ar + p + 1] * w[wr + p + 1];
          s2 += a[ar + p + 2] * w[wr + p + 2];
          s3 += a[ar + p + 3] * w[wr + p + 3];
        }
        for (; p < k; p++) {
          s0 += a[ar + p] * w[wr + p];
        }
        c[cOff + i * n + j] = (init == null ? 0 : init[j]) + ((s0 + s1) + (s2 + s3));
      }
    }
  }

  @Override
  public void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    int k4 = k & ~3;
    for (int i = 0; i < m; i++) {
      int ar = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int p = 0;
        for (; p < k4; p += 4) {
          s0 += a[ar + p] * w[wr + p];
          s1 += a[ar + p + 1] * w[wr + p + 1];
          s2 += a[ar + p + 2] * w[wr + p + 2];
          s3 += a[ar + p + 3] * w[wr + p + 3];
        }
        for (; p < k; p++) {
          s0 += a[ar + p] * w[wr + p];
        }
        c[i * n + j] = init[j] + s0 + s1 + s2 + s3;
      }
    }
  }

  /** The outer form vectorizes by itself: C2 turns the inner axpy loop into SIMD code. */
  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public boolean outerForm(boolean int8, int n, int k) {
    return n >= 8;
  }

  @Override
  public void floatGemmOuter(
      int m, int n, int k, float[] a, int aOff, float[] wt, float[] init, float[] c, int cOff) {
    for (int i = 0; i < m; i++) {
      int cr = cOff + i * n;
      if (init == null) {
        Arrays.fill(c, cr, cr + n, 0f);
      } else {
        System.arraycopy(init, 0, c, cr, n);
      }
      int ar = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float ap = a[ar + p];
        int wr = p * n;
        for (int j = 0; j < n; j++) {
          c[cr + j] += ap * wt[wr + j];
        }
      }
    }
  }

  @Override
  public void int8GemmOuter(
      int m, int n, int k, float[] a, int aOff, float[] wt, int[] init, int[] c) {
    for (int i = 0; i < m; i++) {
      int cr = i * n;
      System.arraycopy(init, 0, c, cr, n);
      int ar = aOff + i * k;
      for (int p = 0; p < k; p++) {
        int ap = (int) a[ar + p];
        int wr = p * n;
        for (int j = 0; j < n; j++) {
          c[cr + j] += ap * (int) wt[wr + j];
        }
      }
    }
  }

  @Override
  public void convOuter(
      boolean int8,
      float[] xp,
      int hp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      int n,
      float[] wt,
      float[] initFloat,
      int[] initInt,
      float[] yFloat,
      int[] yInt,
      int yOff) {
    float[] acc = new float[n];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        Arrays.fill(acc, 0f);
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++) {
            int xi = ((oy * sh + ky) * wp + ox * sw + kx) * c;
            int wi = (ky * kw + kx) * c * n;
            for (int ch = 0; ch < c; ch++) {
              float xv = xp[xi + ch];
              int wr = wi + ch * n;
              for (int j = 0; j < n; j++) {
                acc[j] += xv * wt[wr + j];
              }
            }
          }
        }
        int out = yOff + (oy * ow + ox) * n;
        for (int j = 0; j < n; j++) {
          if (int8) {
            yInt[out + j] = initInt[j] + (int) acc[j];
          } else {
            yFloat[out + j] = (initFloat == null ? 0 : initFloat[j]) + acc[j];
          }
        }
      }
    }
  }

  @Override
  public void requantize(int[] acc, int rows, Requantization q, byte[] y, int yOff) {
    Int8Ops.requantize(
        acc, rows, q.channels(), q.multiplier, q.shift, q.zeroPoint, q.min, q.max, y, yOff);
  }

  @Override
  public void exp(float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) Math.exp(y[i]);
    }
  }

  @Override
  public void quantize(float[] x, int n, float scale, int zeroPoint, byte[] y) {
    quantizeLoop(x, 0, n, scale, zeroPoint, y);
  }

  static void quantizeLoop(float[] x, int from, int to, float scale, int zeroPoint, byte[] y) {
    for (int i = from; i < to; i++) {
      y[i] = FixedPoint.quantize(x[i], scale, zeroPoint);
    }
  }

  @Override
  public void clamp(float[] y, int from, int to, float cap) {
    for (int i = from; i < to; i++) {
      y[i] = Math.min(Math.max(y[i], 0f), cap);
    }
  }

  @Override
  public void max(float[] x, int in, float[] y, int out, int n) {
    for (int i = 0; i < n; i++) {
      y[out + i] = Math.max(y[out + i], x[in + i]);
    }
  }

  @Override
  public float sum(float[] data, int from, int to) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      s0 += data[i];
      s1 += data[i + 1];
      s2 += data[i + 2];
      s3 += data[i + 3];
    }
    for (; i < to; i++) {
      s0 += data[i];
    }
    return s0 + s1 + s2 + s3;
  }

  @Override
  public double floatPeakLoop(int rounds, float[] sink) {
    float a0 = sink[0],
        a1 = sink[1],
        a2 = sink[2],
        a3 = sink[3],
        a4 = sink[4],
        a5 = sink[5],
        a6 = sink[6],
        a7 = sink[7];
    float x = 1.0000001f;
    float y = 0.9999999f;
    for (int r = 0; r < rounds; r++) {
      a0 = a0 * x + y;
      a1 = a1 * x + y;
      a2 = a2 * x + y;
      a3 = a3 * x + y;
      a4 = a4 * x + y;
      a5 = a5 * x + y;
      a6 = a6 * x + y;
      a7 = a7 * x + y;
    }
    sink[0] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    return 16.0 * rounds;
  }

  @Override
  public double int8PeakLoop(int rounds, int[] sink) {
    int a0 = sink[0],
        a1 = sink[1],
        a2 = sink[2],
        a3 = sink[3],
        a4 = sink[4],
        a5 = sink[5],
        a6 = sink[6],
        a7 = sink[7];
    int x = sink[8] | 3;
    int y = sink[9] | 5;
    for (int r = 0; r < rounds; r++) {
      a0 = a0 * x + y;
      a1 = a1 * x + y;
      a2 = a2 * x + y;
      a3 = a3 * x + y;
      a4 = a4 * x + y;
      a5 = a5 * x + y;
      a6 = a6 * x + y;
      a7 = a7 * x + y;
    }
    sink[0] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    return 16.0 * rounds;
  }
}
