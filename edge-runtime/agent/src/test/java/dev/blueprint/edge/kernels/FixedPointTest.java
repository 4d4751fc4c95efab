package dev.blueprint.edge.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class FixedPointTest {
  @Test
  void multipliersRoundTrip() {
    assertThat(FixedPoint.quantize(0.5)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 0));
    assertThat(FixedPoint.quantize(1.0)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
    Random r = new Random(1);
    for (int i = 0; i < 1000; i++) {
      double m = Math.exp(r.nextDouble() * 20 - 16);
      assertThat(FixedPoint.quantize(m).value()).isCloseTo(m, Percentage.withPercentage(1e-6));
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
    for (int[] dims :
        new int[][] {
          {1, 7, 33}, {5, 16, 64}, {9, 3, 100}, {32, 10, 1568}, {2, 5, 64}, {3, 4, 65}
        }) {
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

  @Test
  void bothFormsOfEveryImplementationGiveTheSameProducts() {
    Random r = new Random(8);
    Gemm.Impl scalar = Gemm.scalar();
    for (int[] dims :
        new int[][] {
          {1, 16, 9},
          {7, 32, 144},
          {5, 64, 40},
          {3, 16, 1568},
          {9, 48, 27},
          {6, 16, 700},
          // Channel counts that are not whole vectors: classifier heads, padded in the outer form.
          {32, 6, 64},
          {1, 10, 128},
          {4, 100, 20},
          {3, 6, 300}
        }) {
      int m = dims[0], n = dims[1], k = dims[2];
      byte[] a = new byte[m * k];
      byte[] w = new byte[n * k];
      r.nextBytes(a);
      r.nextBytes(w);
      for (int i = 0; i < w.length; i++) {
        w[i] = w[i] == -128 ? -127 : w[i];
      }
      int[] init = r.ints(n, -1000, 1000).toArray();
      int[] expected = new int[m * n];
      scalar.int8Gemm(m, n, k, a, 0, w, init, expected);
      int[] prepared = new int[m * n];
      Gemm.Int8Weights pw = Gemm.prepare(w, n, k);
      if (pw.outer()) {
        float[] af = new float[a.length];
        for (int i = 0; i < a.length; i++) {
          af[i] = a[i];
        }
        Gemm.int8Gemm(m, pw, af, 0, init, prepared);
      } else {
        Gemm.int8Gemm(m, pw, a, 0, init, prepared);
      }
      assertThat(prepared).as("int8 %s", Arrays.toString(dims)).containsExactly(expected);
      float[] wt = new float[n * k];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          wt[p * n + j] = w[j * k + p];
        }
      }
      int[] scalarOuter = new int[m * n];
      float[] aAsFloat = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        aAsFloat[i] = a[i];
      }
      scalar.int8GemmOuter(m, n, k, aAsFloat, 0, wt, init, scalarOuter);
      assertThat(scalarOuter).containsExactly(expected);

      float[] af = new float[m * k];
      float[] wf = new float[n * k];
      for (int i = 0; i < af.length; i++) {
        af[i] = r.nextFloat() - 0.5f;
      }
      for (int i = 0; i < wf.length; i++) {
        wf[i] = r.nextFloat() - 0.5f;
      }
      float[] fe = new float[m * n];
      float[] fp = new float[m * n];
      scalar.floatGemm(m, n, k, af, 0, wf, null, fe, 0);
      Gemm.floatGemm(m, Gemm.prepare(wf, n, k), af, 0, null, fp, 0);
      for (int i = 0; i < fe.length; i++) {
        assertThat(fp[i]).isCloseTo(fe[i], Offset.offset(1e-3f));
      }
    }
  }

  @Test
  void theVectorExponentialStaysWithinTwoUlpsOfMathExp() {
    Random r = new Random(3);
    for (int n : new int[] {1, 6, 16, 37, 192}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = -r.nextFloat() * 30;
      }
      x[0] = 0f;
      float[] y = x.clone();
      Gemm.exp(y, 0, n);
      for (int i = 0; i < n; i++) {
        float want = (float) Math.exp(x[i]);
        assertThat(Math.abs(y[i] - want))
            .as("exp(%s)", x[i])
            .isLessThanOrEqualTo(2 * Math.ulp(want));
      }
    }
  }

  @Test
  void vectorRequantizationEqualsTheScalarOneBitForBit() {
    Random r = new Random(9);
    int rows = 37;
    int channels = 48;
    int[] acc = new int[rows * channels];
    for (int i = 0; i < acc.length; i++) {
      acc[i] = i % 7 == 0 ? r.nextInt() : r.nextInt(200_000) - 100_000;
    }
    acc[0] = Integer.MIN_VALUE;
    acc[1] = Integer.MAX_VALUE;
    int[] mult = new int[channels];
    int[] shift = new int[channels];
    for (int c = 0; c < channels; c++) {
      FixedPoint.Multiplier m = FixedPoint.quantize(Math.exp(r.nextDouble() * 16 - 14));
      mult[c] = m.multiplier();
      shift[c] = m.shift();
    }
    byte[] expected = new byte[acc.length + 5];
    byte[] got = new byte[acc.length + 5];
    Int8Ops.requantize(acc, rows, channels, mult, shift, -3, -128, 127, expected, 5);
    Gemm.requantize(acc, rows, new Requantization(mult, shift, -3, -128, 127), got, 5);
    assertThat(got).containsExactly(expected);
    Int8Ops.requantize(acc, rows, channels, mult, shift, 10, 10, 90, expected, 5);
    Gemm.requantize(acc, rows, new Requantization(mult, shift, 10, 10, 90), got, 5);
    assertThat(got).containsExactly(expected);
  }

  @Test
  void requantizationCoversEveryShiftTheQuantizerGives() {
    int channels = 64;
    int[] mult = new int[channels];
    int[] shift = new int[channels];
    for (int c = 0; c < channels; c++) {
      mult[c] = 1_073_741_824 + c * 16_000_000;
      shift[c] = c - 31;
    }
    shift[63] = 30;
    shift[62] = -31;
    Random r = new Random(4);
    int rows = 9;
    int[] acc = new int[rows * channels];
    for (int i = 0; i < acc.length; i++) {
      acc[i] = i % 3 == 0 ? r.nextInt() : r.nextInt(1 << 20) - (1 << 19);
    }
    byte[] expected = new byte[acc.length];
    byte[] got = new byte[acc.length];
    Int8Ops.requantize(acc, rows, channels, mult, shift, 7, -128, 127, expected, 0);
    Gemm.requantize(acc, rows, new Requantization(mult, shift, 7, -128, 127), got, 0);
    assertThat(got).containsExactly(expected);
  }

  @Test
  void requantizationRejectsShiftsOutsideTheFixedPointRange() {
    assertThatThrownBy(() -> new Requantization(new int[] {1 << 30}, new int[] {31}, 0, -128, 127))
        .hasMessageContaining("channel 0: shift 31");
    assertThatThrownBy(() -> new Requantization(new int[] {1, 2}, new int[] {0}, 0, -128, 127))
        .hasMessageContaining("2 multipliers for 1 shifts");
  }

  @Test
  void vectorQuantizeEqualsTheScalarOneBitForBit() {
    Random r = new Random(12);
    int n = 16 * 40 + 7;
    float[] x = new float[n];
    float scale = 0.037f;
    for (int i = 0; i < n; i++) {
      x[i] =
          switch (i % 8) {
            case 0 -> (r.nextInt(400) - 200 + 0.5f) * scale;
            case 1 -> Math.nextDown(0.5f) * scale;
            case 2 -> -0f;
            case 3 -> (r.nextFloat() - 0.5f) * 1e6f;
            case 4 -> i % 16 == 4 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            default -> (float) r.nextGaussian() * 3;
          };
    }
    for (int zp : new int[] {-128, -5, 0, 77, 127}) {
      byte[] expected = new byte[n];
      byte[] got = new byte[n];
      for (int i = 0; i < n; i++) {
        expected[i] = FixedPoint.quantize(x[i], scale, zp);
      }
      Gemm.quantize(x, n, scale, zp, got);
      assertThat(got).as("zero point %d", zp).containsExactly(expected);
    }
  }
}
