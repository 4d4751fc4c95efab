package dev.blueprint.simulator.model;

import java.util.List;

/**
 * The layers of a layered model, each derived from its shapes: parameters, multiply-accumulates,
 * element-wise work and activation traffic per sample (rules in {@code docs/model-format.md}). The
 * profile parser calls these after it has validated a layer entry; code that already holds a graph
 * (the edge runtime's {@code .bpm} files) calls them directly instead of writing YAML to be parsed.
 */
public final class Layers {
  private Layers() {}

  /** Normalisation fused after a layer; its scale and shift are parameters. */
  public enum Norm {
    NONE,
    BATCH,
    LAYER
  }

  /**
   * A 2-D ({@code conv2d}, shapes HxWxC) or 1-D ({@code conv1d}, shapes LxC, {@code kw = 1})
   * convolution.
   *
   * @param groups channel groups; equal to the input channels it is depthwise, which runs on the
   *     vector units
   * @param residual whether a residual input is added (read once more)
   * @throws IllegalArgumentException when the shapes, kernel or groups do not fit together
   */
  public static Layer conv(
      String name,
      String op,
      Shape in,
      Shape out,
      int kh,
      int kw,
      int groups,
      boolean bias,
      Norm norm,
      boolean residual) {
    int[] kernel = op.equals("conv1d") ? new int[] {kh} : new int[] {kh, kw};
    return conv(name, op, in, out, kernel, groups, bias, norm, residual);
  }

  /**
   * A convolution of any rank: {@code conv1d} (LxC, kernel {K}), {@code conv2d} (HxWxC, {Kh, Kw})
   * or {@code conv3d} (DxHxWxC, {Kd, Kh, Kw}).
   *
   * @throws IllegalArgumentException when the shapes, kernel or groups do not fit together
   */
  public static Layer conv(
      String name,
      String op,
      Shape in,
      Shape out,
      int[] kernel,
      int groups,
      boolean bias,
      Norm norm,
      boolean residual) {
    checkRank(op, in, out, kernel);
    int cin = in.channels();
    int cout = out.channels();
    checkGroups(cin, cout, groups);
    double taps = taps(kernel);
    double weights = taps * (cin / groups) * cout;
    double params = weights + (bias ? cout : 0) + (norm == Norm.NONE ? 0 : 2.0 * cout);
    double macs = out.positions() * (double) cout * taps * (cin / groups);
    double activations = in.elements() + out.elements() * (residual ? 2.0 : 1.0);
    String description =
        in
            + " -> "
            + out
            + " k"
            + kernelText(kernel)
            + (groups > 1 ? " g" + groups : "")
            + (residual ? " +res" : "");
    // Depthwise convolutions do not map onto tensor cores / systolic arrays: they run on the
    // vector units, one channel at a time, and are bound by memory in practice.
    if (groups > 1 && groups == cin) {
      return new Layer(
          name, op, OpClass.VECTOR, params, macs, 2 * macs, activations, 0, description);
    }
    return new Layer(
        name, op, OpClass.MATRIX, params, macs, out.elements(), activations, 0, description);
  }

  /**
   * A transposed convolution ({@code conv-transpose2d}, {@code conv-transpose3d}): every input
   * position is multiplied by the whole kernel and scattered into the output, so the work is
   * counted on the input positions (with kernel = stride, as in a U-Net's up-sampling, that equals
   * the output positions times the input channels).
   *
   * @throws IllegalArgumentException when the shapes, kernel or groups do not fit together
   */
  public static Layer convTranspose(
      String name, String op, Shape in, Shape out, int[] kernel, int groups, boolean bias) {
    checkRank(op, in, out, kernel);
    int cin = in.channels();
    int cout = out.channels();
    checkGroups(cin, cout, groups);
    double taps = taps(kernel);
    double params = taps * (cin / groups) * cout + (bias ? cout : 0);
    double macs = in.positions() * (double) cin * taps * (cout / groups);
    return new Layer(
        name,
        op,
        OpClass.MATRIX,
        params,
        macs,
        out.elements(),
        in.elements() + out.elements(),
        0,
        in + " -> " + out + " k" + kernelText(kernel) + " transposed");
  }

  /** Checks the shapes and kernel against the operator's rank. */
  private static void checkRank(String op, Shape in, Shape out, int[] kernel) {
    int spatial =
        switch (op) {
          case "conv1d" -> 1;
          case "conv3d", "conv-transpose3d" -> 3;
          default -> 2;
        };
    String form = spatial == 1 ? "LxC" : spatial == 2 ? "HxWxC" : "DxHxWxC";
    if (in.rank() != spatial + 1 || out.rank() != spatial + 1) {
      throw new IllegalArgumentException(op + " shapes are " + form + ", got " + in + " -> " + out);
    }
    if (kernel.length != spatial) {
      throw new IllegalArgumentException(
          op + " kernels have " + spatial + " sizes, got " + kernel.length);
    }
  }

  private static void checkGroups(int cin, int cout, int groups) {
    if (groups < 1 || cin % groups != 0 || cout % groups != 0) {
      throw new IllegalArgumentException(
          "groups must divide both channel counts (" + cin + ", " + cout + "), got " + groups);
    }
  }

  private static double taps(int[] kernel) {
    double taps = 1;
    for (int k : kernel) {
      taps *= k;
    }
    return taps;
  }

  private static String kernelText(int[] kernel) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < kernel.length; i++) {
      text.append(i > 0 ? "x" : "").append(kernel[i]);
    }
    return text.toString();
  }

  /** A dense (fully connected) layer applied to {@code tokens} positions of a sample. */
  public static Layer dense(String name, int in, int out, int tokens, boolean bias, Norm norm) {
    double params = (double) in * out + (bias ? out : 0) + (norm == Norm.NONE ? 0 : 2.0 * out);
    double macs = (double) tokens * in * out;
    double activations = (double) tokens * (in + out);
    return new Layer(
        name,
        "dense",
        OpClass.MATRIX,
        params,
        macs,
        (double) tokens * out,
        activations,
        0,
        (tokens > 1 ? tokens + "x" : "") + in + " -> " + out);
  }

  /** A max or average pool ({@code op} is {@code maxpool} or {@code avgpool}). */
  public static Layer pool(String name, String op, Shape in, Shape out, int kh, int kw) {
    double work = out.elements() * (double) kh * kw;
    return new Layer(
        name,
        op,
        OpClass.VECTOR,
        0,
        0,
        work,
        in.elements() + out.elements(),
        0,
        in + " -> " + out + " k" + kh + "x" + kw);
  }

  /** A global average pool. */
  public static Layer globalPool(String name, Shape in, Shape out) {
    return new Layer(
        name,
        "global-avgpool",
        OpClass.VECTOR,
        0,
        0,
        in.elements(),
        in.elements() + out.elements(),
        0,
        in + " -> " + out);
  }

  /** An element-wise {@code add} or {@code mul} of {@code inputs} tensors of shape {@code in}. */
  public static Layer elementwise(String name, String op, Shape in, int inputs) {
    double elements = in.elements();
    return new Layer(
        name,
        op,
        OpClass.VECTOR,
        0,
        0,
        elements * (inputs - 1),
        elements * (inputs + 1),
        0,
        inputs + " x " + in);
  }

  /** A squeeze-and-excitation block over {@code in}, squeezed to {@code reduced} channels. */
  public static Layer squeezeExcite(String name, Shape in, int reduced) {
    double c = in.channels();
    double r = reduced;
    double elements = in.elements();
    // Pool, two tiny dense layers, then scale the input: the input is read twice and
    // written once; the dense layers are too small to matter for the matrix units.
    return new Layer(
        name,
        "squeeze-excite",
        OpClass.VECTOR,
        2 * c * r + c + r,
        2 * c * r,
        2 * elements + 4 * c * r,
        3 * elements,
        0,
        in + " r" + reduced);
  }

  /** An upsampling (nearest or bilinear: the same traffic). */
  public static Layer upsample(String name, Shape in, Shape out) {
    return new Layer(
        name,
        "upsample",
        OpClass.VECTOR,
        0,
        0,
        out.elements(),
        in.elements() + out.elements(),
        0,
        in + " -> " + out);
  }

  /** A concatenation: pure data movement. */
  public static Layer concat(String name, List<Shape> inputs, Shape out) {
    double in = inputs.stream().mapToDouble(Shape::elements).sum();
    return new Layer(
        name,
        "concat",
        OpClass.VECTOR,
        0,
        0,
        0,
        in + out.elements(),
        0,
        inputs.size() + " inputs -> " + out);
  }

  /**
   * A {@code softmax}, or a {@code layernorm}, {@code groupnorm} or {@code instancenorm} with a
   * scale and shift per channel, over {@code in}. Group and instance normalisation use statistics
   * of the sample, so unlike batch normalisation they are not folded into the convolution before
   * them; they cost what a layer normalisation costs.
   */
  public static Layer normalisation(String name, String op, Shape in) {
    double elements = in.elements();
    double params = op.equals("softmax") ? 0 : 2.0 * in.channels();
    return new Layer(
        name, op, OpClass.VECTOR, params, 0, 5 * elements, 2 * elements, 0, in.toString());
  }

  /**
   * An embedding table of {@code rows x dim} read by {@code lookups} rows per sample, pooled into
   * one vector (sum or mean) or not.
   */
  public static Layer embedding(String name, long rows, int dim, double lookups, boolean pooled) {
    double gathered = lookups * dim;
    double written = pooled ? dim : gathered;
    return new Layer(
        name,
        "embedding",
        OpClass.GATHER,
        (double) rows * dim,
        0,
        pooled ? gathered : 0,
        written,
        gathered,
        rows + "x" + dim + " x" + LayerParser.trim(lookups) + " lookups");
  }

  /**
   * A fused attention core (FlashAttention-style): scores of {@code tokens} queries against {@code
   * context} keys in {@code heads} heads of width {@code headDim}, softmax, and the weighted sum of
   * the values. The query, key, value and output projections are separate {@code dense} layers.
   * Scores are not written to memory: the traffic is queries, keys, values and the output.
   */
  public static Layer attention(String name, int tokens, int context, int heads, int headDim) {
    double width = (double) heads * headDim;
    double scores = (double) heads * tokens * context;
    return new Layer(
        name,
        "attention",
        OpClass.ATTENTION,
        0,
        2 * scores * headDim,
        5 * scores,
        2 * tokens * width + 2 * context * width,
        0,
        tokens + "x" + context + " h" + heads + "x" + headDim);
  }

  /**
   * A long short-term memory layer (PyTorch {@code nn.LSTM}, one direction, one layer) run over
   * {@code steps} time steps of one sample. It is two layers: the input projection of all steps,
   * one GEMM over {@code steps} rows (cuDNN computes it before the recurrence), and the recurrence,
   * {@code steps} invocations of a hidden x 4·hidden product with the gate arithmetic, each needing
   * the previous step's output. With {@code batchedInput} false the input projection also runs step
   * by step (a decoder fed its own previous output, as an RNN-T prediction network is).
   *
   * @param bias the two bias vectors of {@code nn.LSTM} (b_ih and b_hh, 4·hidden each)
   */
  public static List<Layer> lstm(
      String name, int in, int hidden, double steps, boolean bias, boolean batchedInput) {
    if (!(steps >= 1) || !Double.isFinite(steps)) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    double gates = 4.0 * hidden;
    double inputParams = gates * in + (bias ? gates : 0);
    double recurrentParams = gates * hidden + (bias ? gates : 0);
    String shape = in + " -> " + hidden;
    // Per step of the recurrence: the 4H gate pre-activations from the input projection are read,
    // the previous h and c read and the new ones written (8H elements); the gate arithmetic is
    // sigmoid of three gates and tanh of the fourth (4H), c = f*c + i*g (3H), h = o*tanh(c) (2H).
    Layer recurrence =
        new Layer(
            name + ".recurrent",
            "lstm",
            OpClass.MATRIX,
            recurrentParams,
            gates * hidden,
            9.0 * hidden,
            4.0 * hidden + gates,
            0,
            shape + " recurrence",
            steps);
    if (!batchedInput) {
      return List.of(
          new Layer(
              name + ".input",
              "lstm",
              OpClass.MATRIX,
              inputParams,
              gates * in,
              gates,
              in + gates,
              0,
              shape + " input projection",
              steps),
          recurrence);
    }
    return List.of(
        new Layer(
            name + ".input",
            "lstm",
            OpClass.MATRIX,
            inputParams,
            gates * in * steps,
            gates * steps,
            (in + gates) * steps,
            0,
            shape + " input projection x" + LayerParser.trim(steps) + " steps"),
        recurrence);
  }
}
