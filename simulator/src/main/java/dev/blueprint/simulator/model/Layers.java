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
    int rank = op.equals("conv2d") ? 3 : 2;
    if (in.rank() != rank || out.rank() != rank) {
      throw new IllegalArgumentException(
          op + " shapes are " + (rank == 3 ? "HxWxC" : "LxC") + ", got " + in + " -> " + out);
    }
    int cin = in.channels();
    int cout = out.channels();
    if (groups < 1 || cin % groups != 0 || cout % groups != 0) {
      throw new IllegalArgumentException(
          "groups must divide both channel counts (" + cin + ", " + cout + "), got " + groups);
    }
    double taps = (double) kh * kw;
    double weights = taps * (cin / groups) * cout;
    double params = weights + (bias ? cout : 0) + (norm == Norm.NONE ? 0 : 2.0 * cout);
    double macs = out.positions() * (double) cout * taps * (cin / groups);
    double activations = in.elements() + out.elements() * (residual ? 2.0 : 1.0);
    String description =
        in
            + " -> "
            + out
            + " k"
            + kh
            + (rank == 3 ? "x" + kw : "")
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

  /** A {@code softmax} or {@code layernorm} over {@code in}. */
  public static Layer normalisation(String name, String op, Shape in) {
    double elements = in.elements();
    double params = op.equals("layernorm") ? 2.0 * in.channels() : 0;
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
}
