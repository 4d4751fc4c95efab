package dev.blueprint.edge.kernels;

/**
 * The matrix products behind dense and convolution layers: {@code C[i][j] = init[j] + Σₚ
 * A[i][p]·W[j][p]}, with W stored one output channel per row (the model file's layout, so weights
 * need no transposing). The JDK's Vector API is used when the JVM was started with {@code
 * --add-modules jdk.incubator.vector}; otherwise portable scalar loops run, with the same results
 * for int8 and float results equal up to summation order.
 */
public final class Gemm {
  /** One implementation of the two products. */
  interface Impl {
    String name();

    void floatGemm(
        int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff);

    void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c);

    /** Whether the outer form (output channels in the lanes) is the faster one for this shape. */
    boolean outerForm(boolean int8, int n, int k);

    /** Output channels per vector: the outer form pads N up to a multiple of this. */
    int lanes();

    /** {@code C = init + A·Wᵀ} from transposed weights {@code wt[K][N]}. */
    void floatGemmOuter(
        int m, int n, int k, float[] a, int aOff, float[] wt, float[] init, float[] c, int cOff);

    /**
     * As {@link #floatGemmOuter} for int8 values held exactly in floats (activations and weights);
     * int32 results equal to the integer product's.
     */
    void int8GemmOuter(int m, int n, int k, float[] a, int aOff, float[] wt, int[] init, int[] c);

    /**
     * A convolution straight from a padded image {@code xp[HP][WP][C]} (no im2col), outer form:
     * {@code y[oy][ox][N] = init + Σ xp·wt} with {@code wt[(ky·KW + kx)·C + c][N]}. With {@code
     * int8} the image and weights hold int8 values as exact floats and {@code yInt} receives the
     * int32 sums (K ≤ 256); otherwise {@code yFloat} receives float sums.
     */
    void convOuter(
        boolean int8,
        float[] xp,
        int hp,
        int wp,
        int c,
        int kh,
        int kw,
        int sh,
        int sw,
        int oh,
        int ow,
        int n,
        float[] wt,
        float[] initFloat,
        int[] initInt,
        float[] yFloat,
        int[] yInt,
        int yOff);

    /** {@link Int8Ops#requantize}, bit for bit. */
    void requantize(int[] acc, int rows, Requantization q, byte[] y, int yOff);

    /**
     * {@code y[i] = FixedPoint.quantize(x[i], scale, zeroPoint)} for {@code i < n}, bit for bit.
     */
    void quantize(float[] x, int n, float scale, int zeroPoint, byte[] y);

    /** {@code y = exp(y)} over {@code [from, to)}, to within an ulp or two of {@link Math#exp}. */
    void exp(float[] y, int from, int to);

    /** {@code y = min(max(y, 0), cap)} over {@code [from, to)}, without branches. */
    void clamp(float[] y, int from, int to, float cap);

    /** {@code y[out + i] = max(y[out + i], x[in + i])} for {@code i < n}, without branches. */
    void max(float[] x, int in, float[] y, int out, int n);

    /** Sums {@code data[from, to)}: a streaming read at the widest loads this JVM issues. */
    float sum(float[] data, int from, int to);

    /** Runs {@code rounds} of independent in-register multiply-adds; returns the FLOP done. */
    double floatPeakLoop(int rounds, float[] sink);

    /**
     * As {@link #floatPeakLoop} with int8 operands widened to int32 lanes; returns the ops done.
     */
    double int8PeakLoop(int rounds, int[] sink);
  }

  private static final Impl IMPL = choose();

  private Gemm() {}

  /** {@code "vector-api"} or {@code "scalar"}: which kernels this JVM runs. */
  public static String implementation() {
    return IMPL.name();
  }

  /** Whether the products run on the Vector API (else the portable scalar loops). */
  public static boolean vectorApi() {
    return !(IMPL instanceof ScalarGemm);
  }

  public static void floatGemm(
      int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
    IMPL.floatGemm(m, n, k, a, aOff, w, init, c, cOff);
  }

  public static void int8Gemm(
      int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    IMPL.int8Gemm(m, n, k, a, aOff, w, init, c);
  }

  /** A layer's float weights {@code [N][K]}, laid out for the faster of the two forms. */
  public static final class FloatWeights {
    final int n;
    final int k;
    final float[] rows;
    final float[] columns;

    /**
     * Columns of {@link #columns} per row: {@code n}, or n padded with zero weights to whole
     * vectors.
     */
    final int stride;

    private float[] scratch = new float[0];
    private float[] paddedInit = new float[0];

    private FloatWeights(int n, int k, float[] rows, float[] columns, int stride) {
      this.n = n;
      this.k = k;
      this.rows = rows;
      this.columns = columns;
      this.stride = stride;
    }

    /** "outer" or "dot", for profiles and tests. */
    public String form() {
      return columns != null ? "outer" : "dot";
    }
  }

  /** A layer's int8 weights {@code [N][K]}, laid out for the faster of the two forms. */
  public static final class Int8Weights {
    final int n;
    final int k;
    final byte[] rows;
    final float[] columns;

    /** As {@link FloatWeights#stride}. */
    final int stride;

    private int[] scratch = new int[0];
    private int[] paddedInit = new int[0];

    private Int8Weights(int n, int k, byte[] rows, float[] columns, int stride) {
      this.n = n;
      this.k = k;
      this.rows = rows;
      this.columns = columns;
      this.stride = stride;
    }

    public String form() {
      return columns != null ? "outer" : "dot";
    }

    /**
     * True when products take activations as floats ({@link #int8Gemm(int, Int8Weights, float[],
     * int, int[], int[])}).
     */
    public boolean outer() {
      return columns != null;
    }
  }

  /**
   * The outer form's row width for N channels: N when it fits whole vectors, else N rounded up with
   * zero weights (a classifier head of 6 or 10 classes runs as one vector per input value rather
   * than one horizontal reduction per output, several times faster); 0 for the dot form.
   */
  private static int outerStride(boolean int8, int n, int k) {
    if (IMPL.outerForm(int8, n, k)) {
      return n;
    }
    int lanes = IMPL.lanes();
    int padded = (n + lanes - 1) / lanes * lanes;
    return lanes > 1 && IMPL.outerForm(int8, padded, k) ? padded : 0;
  }

  public static FloatWeights prepare(float[] w, int n, int k) {
    int stride = outerStride(false, n, k);
    if (stride == 0) {
      return new FloatWeights(n, k, w, null, n);
    }
    float[] t = new float[stride * k];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        t[p * stride + j] = w[j * k + p];
      }
    }
    return new FloatWeights(n, k, w, t, stride);
  }

  public static Int8Weights prepare(byte[] w, int n, int k) {
    int stride = outerStride(true, n, k);
    if (stride == 0) {
      return new Int8Weights(n, k, w, null, n);
    }
    float[] t = new float[stride * k];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        t[p * stride + j] = w[j * k + p];
      }
    }
    return new Int8Weights(n, k, w, t, stride);
  }

  /** {@code C[m][N] = init + A[m][K]·Wᵀ} in the form the weights were prepared for. */
  public static void floatGemm(
      int m, FloatWeights w, float[] a, int aOff, float[] init, float[] c, int cOff) {
    if (w.columns != null && w.stride != w.n) {
      if (w.scratch.length < m * w.stride) {
        w.scratch = new float[m * w.stride];
      }
      float[] padInit = null;
      if (init != null) {
        if (w.paddedInit.length != w.stride) {
          w.paddedInit = new float[w.stride];
        }
        System.arraycopy(init, 0, w.paddedInit, 0, w.n);
        padInit = w.paddedInit;
      }
      IMPL.floatGemmOuter(m, w.stride, w.k, a, aOff, w.columns, padInit, w.scratch, 0);
      for (int i = 0; i < m; i++) {
        System.arraycopy(w.scratch, i * w.stride, c, cOff + i * w.n, w.n);
      }
    } else if (w.columns != null) {
      IMPL.floatGemmOuter(m, w.n, w.k, a, aOff, w.columns, init, c, cOff);
    } else {
      IMPL.floatGemm(m, w.n, w.k, a, aOff, w.rows, init, c, cOff);
    }
  }

  /** The dot form on int8 activations; for weights prepared in that form. */
  public static void int8Gemm(int m, Int8Weights w, byte[] a, int aOff, int[] init, int[] c) {
    if (w.columns != null) {
      throw new IllegalStateException(
          "weights prepared for the outer form take float-held activations");
    }
    IMPL.int8Gemm(m, w.n, w.k, a, aOff, w.rows, init, c);
  }

  /**
   * The outer form on int8 activations held exactly as floats; for weights prepared in that form.
   */
  public static void int8Gemm(int m, Int8Weights w, float[] a, int aOff, int[] init, int[] c) {
    if (w.columns == null) {
      throw new IllegalStateException("weights prepared for the dot form take byte activations");
    }
    if (w.stride == w.n) {
      IMPL.int8GemmOuter(m, w.n, w.k, a, aOff, w.columns, init, c);
      return;
    }
    if (w.scratch.length < m * w.stride) {
      w.scratch = new int[m * w.stride];
    }
    int[] padInit = null;
    if (init != null) {
      if (w.paddedInit.length != w.stride) {
        w.paddedInit = new int[w.stride];
      }
      System.arraycopy(init, 0, w.paddedInit, 0, w.n);
      padInit = w.paddedInit;
    }
    IMPL.int8GemmOuter(m, w.stride, w.k, a, aOff, w.columns, padInit, w.scratch);
    for (int i = 0; i < m; i++) {
      System.arraycopy(w.scratch, i * w.stride, c, i * w.n, w.n);
    }
  }

  /** Whether {@link #conv} can run a convolution of this shape without im2col. */
  public static boolean directConv(FloatWeights w) {
    return w.columns != null && w.stride == w.n;
  }

  public static boolean directConv(Int8Weights w) {
    return w.columns != null && w.stride == w.n && w.k <= 256;
  }

  /** A float convolution from a zero-padded image; see {@link Impl#convOuter}. */
  public static void conv(
      float[] xp,
      int hp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      FloatWeights w,
      float[] bias,
      float[] y,
      int yOff) {
    IMPL.convOuter(
        false, xp, hp, wp, c, kh, kw, sh, sw, oh, ow, w.n, w.columns, bias, null, y, null, yOff);
  }

  /**
   * An int8 convolution from an image padded with the zero point, held as floats; int32 sums into
   * {@code acc}.
   */
  public static void conv(
      float[] xp,
      int hp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      Int8Weights w,
      int[] init,
      int[] acc) {
    IMPL.convOuter(
        true, xp, hp, wp, c, kh, kw, sh, sw, oh, ow, w.n, w.columns, null, init, null, acc, 0);
  }

  /**
   * Rescales int32 accumulators {@code [rows, channels]} into int8, as {@link Int8Ops#requantize}.
   */
  public static void requantize(int[] acc, int rows, Requantization q, byte[] y, int yOff) {
    IMPL.requantize(acc, rows, q, y, yOff);
  }

  /** Float to int8 ({@link FixedPoint#quantize}) over {@code x[0, n)}, into {@code y[0, n)}. */
  public static void quantize(float[] x, int n, float scale, int zeroPoint, byte[] y) {
    IMPL.quantize(x, n, scale, zeroPoint, y);
  }

  /** {@code y = exp(y)} in place over {@code [from, to)}. */
  public static void exp(float[] y, int from, int to) {
    IMPL.exp(y, from, to);
  }

  /**
   * Relu ({@code cap} infinite) or relu6 in place. Branch-free: with branches, the time of a float
   * relu depends on how well the CPU predicts the signs of the data.
   */
  public static void clamp(float[] y, int from, int to, float cap) {
    IMPL.clamp(y, from, to, cap);
  }

  /** The element-wise maximum of a pooling window step, branch-free for the same reason. */
  public static void max(float[] x, int in, float[] y, int out, int n) {
    IMPL.max(x, in, y, out, n);
  }

  /** Sums a range with the widest loads available, for bandwidth measurements. */
  public static float sum(float[] data, int from, int to) {
    return IMPL.sum(data, from, to);
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
      return (Impl)
          Class.forName("dev.blueprint.edge.kernels.VectorGemm")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new ScalarGemm();
    }
  }
}
