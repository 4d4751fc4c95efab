package dev.blueprint.edge.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product on the Vector API: four rows of C at a time share each vector load of B, with a
 * masked-free scalar tail for the columns past the last whole vector.
 */
final class VectorMatmul implements Matmul.Impl {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  @Override
  public String name() {
    return "vector-api";
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
    int lanes = F.length();
    int whole = n - n % lanes;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * k;
      int c0 = cOff + i * n;
      for (int j = 0; j < whole; j += lanes) {
        FloatVector s0 = start(accumulate, c, c0 + j);
        FloatVector s1 = start(accumulate, c, c0 + n + j);
        FloatVector s2 = start(accumulate, c, c0 + 2 * n + j);
        FloatVector s3 = start(accumulate, c, c0 + 3 * n + j);
        for (int p = 0; p < k; p++) {
          FloatVector bv = FloatVector.fromArray(F, b, bOff + p * n + j);
          s0 = bv.fma(FloatVector.broadcast(F, a[a0 + p]), s0);
          s1 = bv.fma(FloatVector.broadcast(F, a[a0 + k + p]), s1);
          s2 = bv.fma(FloatVector.broadcast(F, a[a0 + 2 * k + p]), s2);
          s3 = bv.fma(FloatVector.broadcast(F, a[a0 + 3 * k + p]), s3);
        }
        s0.intoArray(c, c0 + j);
        s1.intoArray(c, c0 + n + j);
        s2.intoArray(c, c0 + 2 * n + j);
        s3.intoArray(c, c0 + 3 * n + j);
      }
      for (int r = 0; r < 4; r++) {
        tail(i + r, whole, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      }
    }
    for (; i < m; i++) {
      int ar = aOff + i * k;
      int cr = cOff + i * n;
      for (int j = 0; j < whole; j += lanes) {
        FloatVector s = start(accumulate, c, cr + j);
        for (int p = 0; p < k; p++) {
          s =
              FloatVector.fromArray(F, b, bOff + p * n + j)
                  .fma(FloatVector.broadcast(F, a[ar + p]), s);
        }
        s.intoArray(c, cr + j);
      }
      tail(i, whole, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
  }

  private static FloatVector start(boolean accumulate, float[] c, int at) {
    return accumulate ? FloatVector.fromArray(F, c, at) : FloatVector.zero(F);
  }

  private static void tail(
      int i,
      int from,
      int n,
      int k,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    if (from == n) {
      return;
    }
    int cr = cOff + i * n;
    if (!accumulate) {
      Arrays.fill(c, cr + from, cr + n, 0f);
    }
    int ar = aOff + i * k;
    for (int p = 0; p < k; p++) {
      float ap = a[ar + p];
      int br = bOff + p * n;
      for (int j = from; j < n; j++) {
        c[cr + j] += ap * b[br + j];
      }
    }
  }
}
