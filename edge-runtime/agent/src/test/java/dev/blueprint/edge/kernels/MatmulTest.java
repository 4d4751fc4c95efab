package dev.blueprint.edge.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatmulTest {
  /** Shapes with and without whole vectors in n, rows past a multiple of four, offsets. */
  private static final int[][] SHAPES = {
    {1, 1, 1}, {3, 5, 7}, {4, 16, 9}, {7, 6, 25}, {13, 33, 17}, {64, 10, 84}, {5, 120, 256}
  };

  @Test
  void trainingUsesTheVectorApiWhenTheInferenceKernelsDo() {
    // The test JVM has jdk.incubator.vector (FixedPointTest checks that Gemm uses it): the
    // training products must follow, or on-device training runs about 4x slower.
    assertThat(Gemm.vectorApi()).isTrue();
    assertThat(Matmul.implementation()).startsWith("vector-api");
  }

  @Test
  void theChosenKernelsAgreeWithTheScalarLoopsAndADoubleReference() {
    SplittableRandom random = new SplittableRandom(7);
    Matmul.Impl scalar = Matmul.scalar();
    Matmul.Impl chosen = Matmul.choose();
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (boolean accumulate : new boolean[] {false, true}) {
        float[] a = values(random, 3 + m * k);
        float[] b = values(random, 2 + k * n);
        float[] start = values(random, 1 + m * n);
        float[] viaScalar = start.clone();
        float[] viaChosen = start.clone();
        scalar.multiply(m, n, k, a, 3, b, 2, viaScalar, 1, accumulate);
        chosen.multiply(m, n, k, a, 3, b, 2, viaChosen, 1, accumulate);
        assertThat(viaScalar[0]).as("left before the offset").isEqualTo(start[0]);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double expected = accumulate ? start[1 + i * n + j] : 0;
            for (int p = 0; p < k; p++) {
              expected += (double) a[3 + i * k + p] * b[2 + p * n + j];
            }
            int at = 1 + i * n + j;
            double tolerance = 1e-5 * (1 + k);
            assertThat((double) viaScalar[at]).isCloseTo(expected, within(tolerance));
            assertThat((double) viaChosen[at]).isCloseTo(expected, within(tolerance));
          }
        }
      }
    }
  }

  @Test
  void theDotFormAgreesToo() {
    SplittableRandom random = new SplittableRandom(8);
    Matmul.Impl scalar = Matmul.scalar();
    Matmul.Impl chosen = Matmul.choose();
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2] * 37; // long reductions, past two vectors and with a tail
      for (boolean accumulate : new boolean[] {false, true}) {
        float[] a = values(random, 1 + m * k);
        float[] b = values(random, 2 + n * k);
        float[] start = values(random, m * n);
        float[] viaScalar = start.clone();
        float[] viaChosen = start.clone();
        scalar.multiplyTransposed(m, n, k, a, 1, b, 2, viaScalar, 0, accumulate);
        chosen.multiplyTransposed(m, n, k, a, 1, b, 2, viaChosen, 0, accumulate);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double expected = accumulate ? start[i * n + j] : 0;
            for (int p = 0; p < k; p++) {
              expected += (double) a[1 + i * k + p] * b[2 + j * k + p];
            }
            double tolerance = 2e-5 * (1 + k);
            assertThat((double) viaScalar[i * n + j]).isCloseTo(expected, within(tolerance));
            assertThat((double) viaChosen[i * n + j]).isCloseTo(expected, within(tolerance));
          }
        }
      }
    }
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    float[] src = {9, 1, 2, 3, 4, 5, 6};
    float[] dst = new float[6];
    Matmul.transpose(src, 1, 2, 3, dst);
    assertThat(dst).containsExactly(1, 4, 2, 5, 3, 6);
  }

  private static float[] values(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
