package dev.blueprint.edge.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
    if (!accumulate) {
      // Zeroing first lets every accumulator start as a load: one allocation site per vector
      // keeps C2's types exact, so each multiply-add stays an intrinsic.
      Arrays.fill(c, cOff, cOff + m * n, 0f);
    }
    int lanes = F.length();
    int whole = n - n % lanes;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      rows4(i, whole, n, k, a, aOff, b, bOff, c, cOff);
      for (int r = 0; r < 4; r++) {
        tail(i + r, whole, n, k, a, aOff, b, bOff, c, cOff);
      }
    }
    for (; i < m; i++) {
      row1(i, whole, n, k, a, aOff, b, bOff, c, cOff);
      tail(i, whole, n, k, a, aOff, b, bOff, c, cOff);
    }
  }

  private static void rows4(
      int i,
      int whole,
      int n,
      int k,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff) {
    int a0 = aOff + i * k;
    int c0 = cOff + i * n;
    for (int j = 0; j < whole; j += F.length()) {
      FloatVector s0 = FloatVector.fromArray(F, c, c0 + j);
      FloatVector s1 = FloatVector.fromArray(F, c, c0 + n + j);
      FloatVector s2 = FloatVector.fromArray(F, c, c0 + 2 * n + j);
      FloatVector s3 = FloatVector.fromArray(F, c, c0 + 3 * n + j);
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
  }

  private static void row1(
      int i,
      int whole,
      int n,
      int k,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff) {
    int ar = aOff + i * k;
    int cr = cOff + i * n;
    for (int j = 0; j < whole; j += F.length()) {
      FloatVector s = FloatVector.fromArray(F, c, cr + j);
      for (int p = 0; p < k; p++) {
        s =
            FloatVector.fromArray(F, b, bOff + p * n + j)
                .fma(FloatVector.broadcast(F, a[ar + p]), s);
      }
      s.intoArray(c, cr + j);
    }
  }

  /** The columns past the last whole vector, accumulated onto C. */
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
      int cOff) {
    if (from == n) {
      return;
    }
    int cr = cOff + i * n;
    int ar = aOff + i * k;
    for (int p = 0; p < k; p++) {
      float ap = a[ar + p];
      int br = bOff + p * n;
      for (int j = from; j < n; j++) {
        c[cr + j] += ap * b[br + j];
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
    if (k == 0 && !accumulate) {
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(c, cOff + i * n, cOff + (i + 1) * n, 0f);
      }
      return;
    }
    // A long inner dimension (a convolution's weight gradient sums over every position of the
    // batch) is walked in blocks that stay in cache while all m·n dot products use them; one pass
    // over the whole length per product would stream both matrices from memory m·n times.
    for (int p0 = 0; p0 < k; p0 += DOT_BLOCK) {
      int len = Math.min(DOT_BLOCK, k - p0);
      boolean add = accumulate || p0 > 0;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float sum = dot(a, aOff + i * k + p0, b, bOff + j * k + p0, len);
          int at = cOff + i * n + j;
          c[at] = add ? c[at] + sum : sum;
        }
      }
    }
  }

  /** Floats of each row in one block of {@link #multiplyTransposed}: 4 KiB. */
  private static final int DOT_BLOCK = 1024;

  /** Two accumulators, so consecutive multiply-adds do not wait on each other. */
  private static float dot(float[] a, int aOff, float[] b, int bOff, int k) {
    int lanes = F.length();
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    int p = 0;
    for (; p + 2 * lanes <= k; p += 2 * lanes) {
      s0 = FloatVector.fromArray(F, a, aOff + p).fma(FloatVector.fromArray(F, b, bOff + p), s0);
      s1 =
          FloatVector.fromArray(F, a, aOff + p + lanes)
              .fma(FloatVector.fromArray(F, b, bOff + p + lanes), s1);
    }
    for (; p + lanes <= k; p += lanes) {
      s0 = FloatVector.fromArray(F, a, aOff + p).fma(FloatVector.fromArray(F, b, bOff + p), s0);
    }
    float sum = s0.reduceLanes(VectorOperators.ADD) + s1.reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) {
      sum += a[aOff + p] * b[bOff + p];
    }
    return sum;
  }
}
