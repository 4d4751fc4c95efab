package dev.blueprint.edge.kernels;

/**
 * Plain row-major products for training, {@code C[m][n] (+)= A[m][k]·B[k][n]}: unlike inference,
 * whose weights are prepared once ({@link Gemm#prepare}), a trainer's right-hand side changes every
 * step (weights, upstream gradients, activations), so nothing is laid out in advance and any {@code
 * n} is allowed. The Vector API runs when the JVM has {@code jdk.incubator.vector}; the scalar
 * loops run otherwise and agree up to summation order (MatmulTest).
 */
public final class Matmul {
  /** One implementation of the product. */
  interface Impl {
    String name();

    void multiply(
        int m,
        int n,
        int k,
        float[] a,
        int aOff,
        float[] b,
        int bOff,
        float[] c,
        int cOff,
        boolean accumulate);

    void multiplyTransposed(
        int m,
        int n,
        int k,
        float[] a,
        int aOff,
        float[] b,
        int bOff,
        float[] c,
        int cOff,
        boolean accumulate);
  }

  private static final Impl IMPL = choose();

  private Matmul() {}

  /** {@code "vector-api"} or {@code "scalar"}. */
  public static String implementation() {
    return IMPL.name();
  }

  /**
   * {@code C = A·B}, or {@code C += A·B} with {@code accumulate}; A is {@code m×k} from {@code
   * aOff}, B {@code k×n} from {@code bOff}, C {@code m×n} from {@code cOff}, all row-major.
   */
  public static void multiply(
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
    IMPL.multiply(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /**
   * {@code C = A·Bᵀ}, or {@code C += A·Bᵀ}: A is {@code m×k}, B {@code n×k}, each entry of C a dot
   * product of two rows. The form for long reductions with few outputs, such as a convolution's
   * weight gradient, a sum over every position of the batch.
   */
  public static void multiplyTransposed(
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
    IMPL.multiplyTransposed(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** {@code dst[j][i] = src[i][j]} for a {@code rows×cols} source. */
  public static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst) {
    for (int i = 0; i < rows; i++) {
      int row = srcOff + i * cols;
      for (int j = 0; j < cols; j++) {
        dst[j * rows + i] = src[row + j];
      }
    }
  }

  static Impl scalar() {
    return new ScalarMatmul();
  }

  static Impl choose() {
    // The same choice as the inference kernels': the Vector API when it is there and not
    // switched off with -Dblueprint.edge.scalar=true.
    // (Comparing the name broke this once: it carries the vector width, "vector-api (512-bit)".)
    if (!Gemm.vectorApi()) {
      return new ScalarMatmul();
    }
    try {
      return (Impl)
          Class.forName("dev.blueprint.edge.kernels.VectorMatmul")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      // The module is present but unusable (e.g. a stripped runtime image): the scalar loops are
      // always correct, only slower.
      return new ScalarMatmul();
    }
  }
}
