package dev.blueprint.edge.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPointTest {
  @Test
  void multipliersRoundTrip() {
    assertThat(FixedPoint.quantize(0.5)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 0));
    assertThat(FixedPoint.quantize(1.0)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
    Random r = new Random(1);
    for (int i = 0; i < 1000; i++) {
      double m = Math.exp(r.nextDouble() * 20 - 16);
      assertThat(FixedPoint.quantize(m).value()).isCloseTo(m, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }
  }

  @Test
  void multiplyRoundsToNearestLikeRealArithmetic() {
    Random r = new Random(2);
    for (int i = 0; i < 100_000; i++) {
      double m = Math.exp(r.nextDouble() * 12 - 10);
      int x = r.nextInt(2_000_000) - 1_000_000;
      FixedPoint.Multiplier q = FixedPoint.quantize(m);
      double exact = x * q.value();
      int got = FixedPoint.multiply(x, q.multiplier(), q.shift());
      // Two roundings (high product, then shift) can each be off by half a step.
      assertThat(Math.abs(got - exact)).as("x=%d m=%g", x, m).isLessThanOrEqualTo(1.0);
    }
    assertThat(FixedPoint.multiply(100, 1 << 30, 0)).isEqualTo(50);
    // gemmlowp's high multiply rounds the tie -1.5 up, to -1; the other back ends must too.
    assertThat(FixedPoint.multiply(-3, 1 << 30, 0)).isEqualTo(-1);
    assertThat(FixedPoint.multiply(3, 1 << 30, 0)).isEqualTo(2);
  }

  @Test
  void quantizeRoundsHalfAwayFromZeroAndSaturates() {
    assertThat(FixedPoint.quantize(0.5f, 1f, 0)).isEqualTo((byte) 1);
    assertThat(FixedPoint.quantize(-0.5f, 1f, 0)).isEqualTo((byte) -1);
    assertThat(FixedPoint.quantize(1000f, 1f, 0)).isEqualTo((byte) 127);
    assertThat(FixedPoint.quantize(-1000f, 1f, 3)).isEqualTo((byte) -128);
  }

  @Test
  void vectorAndScalarProductsAgreeExactlyInInt8() {
    Random r = new Random(4);
    Gemm.Impl scalar = Gemm.scalar();
    for (int[] dims : new int[][] {{1, 7, 33}, {5, 16, 64}, {9, 3, 100}, {32, 10, 1568}, {2, 5, 64}, {3, 4, 65}}) {
      int m = dims[0], n = dims[1], k = dims[2];
      byte[] a = new byte[m * k + 3];
      byte[] w = new byte[n * k];
      r.nextBytes(a);
      r.nextBytes(w);
      for (int i = 0; i < w.length; i++) {
        // Symmetric weights never take -128; the kernels rely on it.
        w[i] = w[i] == -128 ? -127 : w[i];
      }
      int[] init = r.ints(n, -1000, 1000).toArray();
      int[] expected = new int[m * n];
      int[] got = new int[m * n];
      scalar.int8Gemm(m, n, k, a, 3, w, init, expected);
      Gemm.int8Gemm(m, n, k, a, 3, w, init, got);
      assertThat(got).containsExactly(expected);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int s = init[j];
          for (int p = 0; p < k; p++) {
            s += a[3 + i * k + p] * w[j * k + p];
          }
          assertThat(expected[i * n + j]).isEqualTo(s);
        }
      }
    }
    assertThat(Gemm.implementation()).startsWith("vector-api");
  }
}
