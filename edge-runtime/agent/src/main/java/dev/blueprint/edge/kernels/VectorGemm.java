package dev.blueprint.edge.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products on the Vector API. Rows of A are taken four at a time so each weight vector, loaded
 * once, feeds four accumulators; int8 lanes are widened to int32 before multiplying, which keeps
 * the sums exact. Loaded only when the incubator module is present (see {@link Gemm}).
 */
final class VectorGemm implements Gemm.Impl {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  /** Bytes that widen to one preferred int vector: 16 on AVX-512, 8 on AVX2. */
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
      jdk.incubator.vector.VectorShape.forBitSize(I.vectorBitSize() / 4));

  @Override
  public String name() {
    return "vector-api (" + F.vectorBitSize() + "-bit)";
  }

  @Override
  public void floatGemm(int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
    int step = F.length();
    int kv = k - k % step;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * k;
      int a1 = a0 + k;
      int a2 = a1 + k;
      int a3 = a2 + k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        int p = 0;
        for (; p < kv; p += step) {
          FloatVector wv = FloatVector.fromArray(F, w, wr + p);
          s0 = FloatVector.fromArray(F, a, a0 + p).fma(wv, s0);
          s1 = FloatVector.fromArray(F, a, a1 + p).fma(wv, s1);
          s2 = FloatVector.fromArray(F, a, a2 + p).fma(wv, s2);
          s3 = FloatVector.fromArray(F, a, a3 + p).fma(wv, s3);
        }
        float r0 = s0.reduceLanes(VectorOperators.ADD);
        float r1 = s1.reduceLanes(VectorOperators.ADD);
        float r2 = s2.reduceLanes(VectorOperators.ADD);
        float r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          float wp = w[wr + p];
          r0 += a[a0 + p] * wp;
          r1 += a[a1 + p] * wp;
          r2 += a[a2 + p] * wp;
          r3 += a[a3 + p] * wp;
        }
        float b = init == null ? 0 : init[j];
        int cr = cOff + i * n + j;
        c[cr] = b + r0;
        c[cr + n] = b + r1;
        c[cr + 2 * n] = b + r2;
        c[cr + 3 * n] = b + r3;
      }
    }
    for (; i < m; i++) {
      int a0 = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        FloatVector s0 = FloatVector.zero(F);
        int p = 0;
        for (; p < kv; p += step) {
          s0 = FloatVector.fromArray(F, a, a0 + p).fma(FloatVector.fromArray(F, w, wr + p), s0);
        }
        float r0 = s0.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          r0 += a[a0 + p] * w[wr + p];
        }
        c[cOff + i * n + j] = (init == null ? 0 : init[j]) + r0;
      }
    }
  }

  @Override
  public void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    int step = B.length();
    int kv = k - k % step;
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * k;
      int a1 = a0 + k;
      int a2 = a1 + k;
      int a3 = a2 + k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        IntVector s0 = IntVector.zero(I);
        IntVector s1 = IntVector.zero(I);
        IntVector s2 = IntVector.zero(I);
        IntVector s3 = IntVector.zero(I);
        int p = 0;
        for (; p < kv; p += step) {
          IntVector wv = widen(w, wr + p);
          s0 = s0.add(widen(a, a0 + p).mul(wv));
          s1 = s1.add(widen(a, a1 + p).mul(wv));
          s2 = s2.add(widen(a, a2 + p).mul(wv));
          s3 = s3.add(widen(a, a3 + p).mul(wv));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD);
        int r2 = s2.reduceLanes(VectorOperators.ADD);
        int r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          int wp = w[wr + p];
          r0 += a[a0 + p] * wp;
          r1 += a[a1 + p] * wp;
          r2 += a[a2 + p] * wp;
          r3 += a[a3 + p] * wp;
        }
        int b = init[j];
        int cr = i * n + j;
        c[cr] = b + r0;
        c[cr + n] = b + r1;
        c[cr + 2 * n] = b + r2;
        c[cr + 3 * n] = b + r3;
      }
    }
    for (; i < m; i++) {
      int a0 = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        IntVector s0 = IntVector.zero(I);
        int p = 0;
        for (; p < kv; p += step) {
          s0 = s0.add(widen(a, a0 + p).mul(widen(w, wr + p)));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          r0 += a[a0 + p] * w[wr + p];
        }
        c[i * n + j] = init[j] + r0;
      }
    }
  }

  private static IntVector widen(byte[] values, int offset) {
    return (IntVector) ByteVector.fromArray(B, values, offset).convertShape(VectorOperators.B2I, I, 0);
  }
}
