package dev.blueprint.edge.kernels;

/**
 * The matrix products behind dense and convolution layers: {@code C[i][j] = init[j] + Σₚ
 * A[i][p]·W[j][p]}, with W stored one output channel per row (the model file's layout, so
 * weights need no transposing). The JDK's Vector API is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise portable scalar loops run, with the same
 * results for int8 and float results equal up to summation order.
 */
public final class Gemm {
  /** One implementation of the two products. */
  interface Impl {
    String name();

    void floatGemm(int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff);

    void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c);

    /** Runs {@code rounds} of independent in-register multiply-adds; returns the FLOP done. */
    double floatPeakLoop(int rounds, float[] sink);

    /** As {@link #floatPeakLoop} with int8 operands widened to int32 lanes; returns the ops done. */
    double int8PeakLoop(int rounds, int[] sink);
  }

  private static final Impl IMPL = choose();

  private Gemm() {}

  /** {@code "vector-api"} or {@code "scalar"}: which kernels this JVM runs. */
  public static String implementation() {
    return IMPL.name();
  }

  public static void floatGemm(int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
    IMPL.floatGemm(m, n, k, a, aOff, w, init, c, cOff);
  }

  public static void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    IMPL.int8Gemm(m, n, k, a, aOff, w, init, c);
  }

  /** FLOP done by an in-register loop of {@code rounds}: the ceiling these kernels can reach. */
  public static double floatPeakLoop(int rounds, float[] sink) {
    return IMPL.floatPeakLoop(rounds, sink);
  }

  public static double int8PeakLoop(int rounds, int[] sink) {
    return IMPL.int8PeakLoop(rounds, sink);
  }

  static Impl scalar() {
    return new ScalarGemm();
  }

  private static Impl choose() {
    if (Boolean.getBoolean("blueprint.edge.scalar")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new ScalarGemm();
    }
    try {
      return (Impl) Class.forName("dev.blueprint.edge.kernels.VectorGemm").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new ScalarGemm();
    }
  }
}
