package dev.blueprint.edge.kernels;

import java.util.Arrays;

/** The portable product: a row of C gathers one scaled row of B per element of A's row. */
final class ScalarMatmul implements Matmul.Impl {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void multiply(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int cr = cOff + i * n;
      if (!accumulate) {
        Arrays.fill(c, cr, cr + n, 0f);
      }
      int ar = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float ap = a[ar + p];
        if (ap == 0f) {
          continue; // ReLU zeros: a quarter to a half of a trainer's activations and gradients
        }
        int br = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[cr + j] += ap * b[br + j];
        }
      }
    }
  }

  @Override
  public void multiplyTransposed(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ar = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int br = bOff + j * k;
        float sum = 0;
        for (int p = 0; p < k; p++) {
          sum += a[ar + p] * b[br + p];
        }
        int at = cOff + i * n + j;
        c[at] = accumulate ? c[at] + sum : sum;
      }
    }
  }
}
