package dev.blueprint.edge.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products on the Vector API. Float rows of A are taken four at a time and int8 rows two at a
 * time, so each weight vector, loaded once, feeds several accumulators (more live vectors than
 * that and C2 gives up on the intrinsics, which costs ten times). Int8 sums are exact. Loaded
 * only when the incubator module is present (see {@link Gemm}).
 */
final class VectorGemm implements Gemm.Impl {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
  /** Bytes that widen to one preferred short vector: 32 on AVX-512, 16 on AVX2. */
  private static final VectorSpecies<Byte> HALF = ByteVector.SPECIES_PREFERRED.withShape(
      jdk.incubator.vector.VectorShape.forBitSize(S.vectorBitSize() / 2));

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

  /**
   * Int8 products in 16-bit lanes: weights lie in [-127, 127] (the quantizer never writes -128),
   * so two products of int8 values sum without overflowing a short, and the pair is widened to
   * int32 once. This halves the widening work against multiplying in int32 lanes.
   */
  @Override
  public void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    int lanes = S.length();
    int step = 2 * lanes;
    int kv = k - k % step;
    int i = 0;
    for (; i + 2 <= m; i += 2) {
      int a0 = aOff + i * k;
      int a1 = a0 + k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        IntVector s0 = IntVector.zero(I);
        IntVector s1 = IntVector.zero(I);
        int p = 0;
        for (; p < kv; p += step) {
          ShortVector w0 = shorts(w, wr + p);
          ShortVector w1 = shorts(w, wr + p + lanes);
          s0 = accumulate(s0, shorts(a, a0 + p).mul(w0).add(shorts(a, a0 + p + lanes).mul(w1)));
          s1 = accumulate(s1, shorts(a, a1 + p).mul(w0).add(shorts(a, a1 + p + lanes).mul(w1)));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          int wp = w[wr + p];
          r0 += a[a0 + p] * wp;
          r1 += a[a1 + p] * wp;
        }
        int b = init[j];
        int cr = i * n + j;
        c[cr] = b + r0;
        c[cr + n] = b + r1;
      }
    }
    for (; i < m; i++) {
      int a0 = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        IntVector s0 = IntVector.zero(I);
        int p = 0;
        for (; p < kv; p += step) {
          s0 = accumulate(s0, shorts(a, a0 + p).mul(shorts(w, wr + p))
              .add(shorts(a, a0 + p + lanes).mul(shorts(w, wr + p + lanes))));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          r0 += a[a0 + p] * w[wr + p];
        }
        c[i * n + j] = init[j] + r0;
      }
    }
  }

  private static ShortVector shorts(byte[] values, int offset) {
    return (ShortVector) ByteVector.fromArray(HALF, values, offset).convertShape(VectorOperators.B2S, S, 0);
  }

  /**
   * Adds each int lane's two shorts into {@code sum}: reinterpreting the shorts as ints is free,
   * and two arithmetic shifts sign-extend the low and high halves (what x86's pmaddwd does in one
   * instruction, which the Vector API does not expose).
   */
  private static IntVector accumulate(IntVector sum, ShortVector pairs) {
    IntVector both = pairs.reinterpretAsInts();
    IntVector high = both.lanewise(VectorOperators.ASHR, 16);
    IntVector low = both.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
    return sum.add(high).add(low);
  }

  @Override
  public double floatPeakLoop(int rounds, float[] sink) {
    FloatVector x = FloatVector.broadcast(F, 1.0000001f);
    FloatVector y = FloatVector.broadcast(F, 0.9999999f);
    FloatVector a0 = FloatVector.broadcast(F, sink[0]);
    FloatVector a1 = a0.add(1f);
    FloatVector a2 = a0.add(2f);
    FloatVector a3 = a0.add(3f);
    FloatVector a4 = a0.add(4f);
    FloatVector a5 = a0.add(5f);
    FloatVector a6 = a0.add(6f);
    FloatVector a7 = a0.add(7f);
    for (int r = 0; r < rounds; r++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
    }
    sink[0] = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
    return 16.0 * F.length() * rounds;
  }

  /**
   * The int8 kernel's own inner step — two 16-bit products, a pairwise widen — on operands in
   * registers; the weights change every round so the products cannot be hoisted.
   */
  @Override
  public double int8PeakLoop(int rounds, int[] sink) {
    ShortVector x = ShortVector.broadcast(S, (short) (sink[0] | 3));
    ShortVector y = ShortVector.broadcast(S, (short) -5);
    ShortVector w = ShortVector.broadcast(S, (short) 7);
    ShortVector one = ShortVector.broadcast(S, (short) 1);
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int r = 0; r < rounds; r++) {
      w = w.add(one);
      s0 = accumulate(s0, x.mul(w).add(y.mul(w)));
      s1 = accumulate(s1, y.mul(w).add(x.mul(x)));
    }
    sink[0] = s0.add(s1).reduceLanes(VectorOperators.ADD);
    return 2.0 * 2 * 2 * S.length() * rounds;
  }
}
