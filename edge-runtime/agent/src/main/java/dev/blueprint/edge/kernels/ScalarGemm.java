package dev.blueprint.edge.kernels;

/**
 * Portable products. Four independent sums per dot product keep the multiply units busy despite
 * the JIT keeping floating-point additions in order.
 */
final class ScalarGemm implements Gemm.Impl {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void floatGemm(int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
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

  @Override
  public double floatPeakLoop(int rounds, float[] sink) {
    float a0 = sink[0], a1 = sink[1], a2 = sink[2], a3 = sink[3], a4 = sink[4], a5 = sink[5], a6 = sink[6], a7 = sink[7];
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
    int a0 = sink[0], a1 = sink[1], a2 = sink[2], a3 = sink[3], a4 = sink[4], a5 = sink[5], a6 = sink[6], a7 = sink[7];
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
