package dev.blueprint.simulator.model;

import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.io.YamlMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns one layer entry of a profile into a {@link Layer}, deriving its parameters, MACs and
 * activation traffic from the shapes (rules in {@code docs/model-format.md}).
 */
final class LayerParser {
  static final Set<String> OPS =
      new TreeSet<>(
          List.of(
              "conv2d",
              "conv1d",
              "conv3d",
              "conv-transpose2d",
              "conv-transpose3d",
              "attention",
              "lstm",
              "groupnorm",
              "instancenorm",
              "dense",
              "maxpool",
              "avgpool",
              "global-avgpool",
              "add",
              "mul",
              "squeeze-excite",
              "upsample",
              "concat",
              "softmax",
              "layernorm",
              "embedding"));

  private LayerParser() {}

  /**
   * Reads a layer list into {@code out}: layer entries, and groups of them ({@code group: NAME},
   * {@code repeat}, {@code batch}, {@code list}) whose layers run {@code repeat} times per sample
   * on {@code batch} copies of it (see {@link Layer#inGroup}). Groups may nest.
   *
   * @return whether every entry gave its layers (problems are recorded on the document)
   */
  static boolean parseList(List<YamlMap> entries, List<Layer> out) {
    boolean complete = true;
    for (YamlMap entry : entries) {
      if (entry.has("group")) {
        complete &= group(entry, out);
      } else {
        List<Layer> layers = parse(entry);
        complete &= !layers.isEmpty();
        out.addAll(layers);
      }
    }
    return complete;
  }

  private static boolean group(YamlMap entry, List<Layer> out) {
    entry.requireString("group");
    entry.string("note"); // what the repeat and batch stand for, for readers
    double repeat = entry.value("repeat", LayerParser::atLeastOne).orElse(1.0);
    double batch = entry.value("batch", LayerParser::atLeastOne).orElse(1.0);
    if (!entry.has("list")) {
      entry.missing("list");
    }
    List<Layer> inner = new ArrayList<>();
    boolean complete = parseList(entry.mapList("list"), inner) && !inner.isEmpty();
    entry.finish();
    for (Layer layer : inner) {
      out.add(layer.inGroup(repeat, batch));
    }
    return complete;
  }

  /**
   * The layers of one entry: one for most operators, two for an {@code lstm} (its input projection
   * and its recurrence), none when the entry has problems (they are recorded on the document).
   */
  static List<Layer> parse(YamlMap entry) {
    String name = entry.requireString("name");
    String op = entry.requireString("op");
    entry.string("act"); // informational: activations are fused into the producing kernel
    if (!op.isEmpty() && !OPS.contains(op)) {
      entry.problem(
          "op",
          "unknown operator '"
              + op
              + "'"
              + Suggestions.didYouMean(op, OPS)
              + " (operators: "
              + String.join(", ", OPS)
              + ")");
      entry.keys(); // the other keys depend on the operator: do not also call them unknown
      entry.finish();
      return List.of();
    }
    if (op.equals("lstm")) {
      List<Layer> layers = lstm(entry, name);
      entry.finish();
      return layers;
    }
    Optional<Layer> layer =
        switch (op) {
          case "conv2d", "conv1d", "conv3d" -> conv(entry, name, op);
          case "conv-transpose2d", "conv-transpose3d" -> convTranspose(entry, name, op);
          case "attention" -> attention(entry, name);
          case "dense" -> dense(entry, name);
          case "maxpool", "avgpool" -> pool(entry, name, op);
          case "global-avgpool" -> globalPool(entry, name);
          case "add", "mul" -> elementwise(entry, name, op);
          case "squeeze-excite" -> squeezeExcite(entry, name);
          case "upsample" -> upsample(entry, name);
          case "concat" -> concat(entry, name);
          case "softmax", "layernorm", "groupnorm", "instancenorm" ->
              normalisation(entry, name, op);
          case "embedding" -> embedding(entry, name);
          default -> Optional.empty();
        };
    entry.finish();
    return layer.map(List::of).orElse(List.of());
  }

  private static Optional<Layer> conv(YamlMap entry, String name, String op) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    Optional<int[]> kernel = entry.requireValue("kernel", LayerParser::parseKernel);
    int groups = entry.integer("groups").orElse(1);
    boolean bias = entry.bool("bias").orElse(false);
    String norm = entry.string("norm").orElse("none");
    boolean residual = entry.bool("residual").orElse(false);
    entry.integer("stride"); // implied by in/out; accepted for readability
    if (!norm.equals("none") && !norm.equals("batch")) {
      entry.problem("norm", "expected batch or none, got '" + norm + "'");
    }
    if (in.isEmpty() || out.isEmpty() || kernel.isEmpty()) {
      return Optional.empty();
    }
    int[] k = kernel.get();
    if (op.equals("conv1d") && k.length != 1) {
      entry.problem("kernel", "a conv1d kernel is a single size such as 3");
      return Optional.empty();
    }
    if (op.equals("conv2d") && k.length == 1) {
      k = new int[] {k[0], 1}; // as before conv3d: a single size is Kx1
    }
    try {
      return Optional.of(
          Layers.conv(
              name,
              op,
              in.get(),
              out.get(),
              k,
              groups,
              bias,
              norm.equals("batch") ? Layers.Norm.BATCH : Layers.Norm.NONE,
              residual));
    } catch (IllegalArgumentException e) {
      entry.problem(e.getMessage().startsWith("groups") ? "groups" : "in", e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Layer> convTranspose(YamlMap entry, String name, String op) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    Optional<int[]> kernel = entry.requireValue("kernel", LayerParser::parseKernel);
    int groups = entry.integer("groups").orElse(1);
    boolean bias = entry.bool("bias").orElse(false);
    entry.integer("stride"); // implied by in/out; accepted for readability
    if (in.isEmpty() || out.isEmpty() || kernel.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Layers.convTranspose(name, op, in.get(), out.get(), kernel.get(), groups, bias));
    } catch (IllegalArgumentException e) {
      entry.problem(e.getMessage().startsWith("groups") ? "groups" : "in", e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Layer> attention(YamlMap entry, String name) {
    Optional<Integer> tokens = entry.requireValue("tokens", LayerParser::positiveInt);
    Optional<Integer> context = entry.value("context", LayerParser::positiveInt);
    Optional<Integer> heads = entry.requireValue("heads", LayerParser::positiveInt);
    Optional<Integer> headDim = entry.requireValue("head_dim", LayerParser::positiveInt);
    if (tokens.isEmpty() || heads.isEmpty() || headDim.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Layers.attention(
            name, tokens.get(), context.orElse(tokens.get()), heads.get(), headDim.get()));
  }

  private static List<Layer> lstm(YamlMap entry, String name) {
    Optional<Integer> in = entry.requireValue("in", LayerParser::positiveInt);
    Optional<Integer> hidden = entry.requireValue("hidden", LayerParser::positiveInt);
    Optional<Double> steps = entry.requireValue("steps", LayerParser::atLeastOne);
    boolean bias = entry.bool("bias").orElse(true);
    String input = entry.string("input").orElse("batched");
    if (!input.equals("batched") && !input.equals("per-step")) {
      entry.problem("input", "expected batched or per-step, got '" + input + "'");
      return List.of();
    }
    if (in.isEmpty() || hidden.isEmpty() || steps.isEmpty()) {
      return List.of();
    }
    return Layers.lstm(name, in.get(), hidden.get(), steps.get(), bias, input.equals("batched"));
  }

  private static Optional<Layer> dense(YamlMap entry, String name) {
    Optional<Integer> in = entry.requireValue("in", LayerParser::positiveInt);
    Optional<Integer> out = entry.requireValue("out", LayerParser::positiveInt);
    int tokens = entry.value("tokens", LayerParser::positiveInt).orElse(1);
    boolean bias = entry.bool("bias").orElse(false);
    String norm = entry.string("norm").orElse("none");
    if (!norm.equals("none") && !norm.equals("layer") && !norm.equals("batch")) {
      entry.problem("norm", "expected layer, batch or none, got '" + norm + "'");
    }
    if (in.isEmpty() || out.isEmpty()) {
      return Optional.empty();
    }
    Layers.Norm n =
        switch (norm) {
          case "layer" -> Layers.Norm.LAYER;
          case "batch" -> Layers.Norm.BATCH;
          default -> Layers.Norm.NONE;
        };
    return Optional.of(Layers.dense(name, in.get(), out.get(), tokens, bias, n));
  }

  private static Optional<Layer> pool(YamlMap entry, String name, String op) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    Optional<int[]> kernel = entry.requireValue("kernel", LayerParser::parseKernel);
    entry.integer("stride");
    if (in.isEmpty() || out.isEmpty() || kernel.isEmpty()) {
      return Optional.empty();
    }
    int[] k = kernel.get();
    if (k.length == 3) {
      entry.problem(
          "kernel", "a pooling kernel is KxK, got '" + entry.string("kernel").orElse("") + "'");
      return Optional.empty();
    }
    return Optional.of(Layers.pool(name, op, in.get(), out.get(), k[0], k.length > 1 ? k[1] : 1));
  }

  private static Optional<Layer> globalPool(YamlMap entry, String name) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    if (in.isEmpty() || out.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.globalPool(name, in.get(), out.get()));
  }

  private static Optional<Layer> elementwise(YamlMap entry, String name, String op) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    int inputs = entry.value("inputs", LayerParser::positiveInt).orElse(2);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.elementwise(name, op, in.get(), inputs));
  }

  private static Optional<Layer> squeezeExcite(YamlMap entry, String name) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Integer> reduced = entry.requireValue("reduced", LayerParser::positiveInt);
    entry.string("out");
    if (in.isEmpty() || reduced.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.squeezeExcite(name, in.get(), reduced.get()));
  }

  private static Optional<Layer> upsample(YamlMap entry, String name) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    entry.string("mode");
    if (in.isEmpty() || out.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.upsample(name, in.get(), out.get()));
  }

  private static Optional<Layer> concat(YamlMap entry, String name) {
    Optional<Shape> out = entry.requireValue("out", Shape::parse);
    List<Shape> inputs = new ArrayList<>();
    Optional<Node> raw = entry.rawNode("in");
    if (raw.isEmpty()) {
      entry.missing("in");
    } else if (raw.get() instanceof SequenceNode sequence) {
      for (Node element : sequence.getValue()) {
        if (element instanceof ScalarNode scalar) {
          try {
            inputs.add(Shape.parse(scalar.getValue()));
          } catch (IllegalArgumentException e) {
            entry.document().problem(element, entry.field("in"), e.getMessage());
          }
        }
      }
    } else {
      entry.problem("in", "expected a list of shapes such as [80x80x64, 80x80x32]");
    }
    if (out.isEmpty() || inputs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.concat(name, inputs, out.get()));
  }

  private static Optional<Layer> normalisation(YamlMap entry, String name, String op) {
    Optional<Shape> in = entry.requireValue("in", Shape::parse);
    entry.string("out");
    if (in.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Layers.normalisation(name, op, in.get()));
  }

  private static Optional<Layer> embedding(YamlMap entry, String name) {
    Optional<Long> rows = entry.requireValue("rows", LayerParser::positiveLong);
    Optional<Integer> dim = entry.requireValue("dim", LayerParser::positiveInt);
    Optional<Double> lookups =
        entry.has("lookups")
            ? entry.value("lookups", LayerParser::positiveNumber)
            : Optional.of(1.0);
    Optional<String> pooling =
        entry.has("pooling") ? entry.value("pooling", LayerParser::pooling) : Optional.of("sum");
    if (rows.isEmpty() || dim.isEmpty() || lookups.isEmpty() || pooling.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Layers.embedding(
            name, rows.get(), dim.get(), lookups.get(), !pooling.get().equals("none")));
  }

  static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** A number above zero, such as a count of lookups per sample. */
  static double positiveNumber(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a positive number, got '" + text + "'");
  }

  /** A number of at least one, such as an average count of time steps or repeats per sample. */
  static double atLeastOne(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 1 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a number of at least 1, got '" + text + "'");
  }

  /** How the rows gathered for one sample are combined. */
  static String pooling(String text) {
    String t = text.trim();
    if (t.equals("sum") || t.equals("mean") || t.equals("none")) {
      return t;
    }
    throw new IllegalArgumentException("expected sum, mean or none, got '" + text + "'");
  }

  static int[] parseKernel(String text) {
    String[] parts = text.trim().split("x");
    try {
      if (parts.length == 1) {
        int k = Integer.parseInt(parts[0].trim());
        if (k < 1) {
          throw new NumberFormatException();
        }
        return new int[] {k};
      }
      if (parts.length == 2 || parts.length == 3) {
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
          sizes[i] = Integer.parseInt(parts[i].trim());
          if (sizes[i] < 1) {
            throw new NumberFormatException();
          }
        }
        return sizes;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "expected a kernel size such as 3x3 (3 for conv1d, 3x3x3 for conv3d), got '" + text + "'");
  }

  static int positiveInt(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a positive whole number, got '" + text + "'");
  }

  static long positiveLong(String text) {
    try {
      long value = Long.parseLong(text.trim().replace("_", ""));
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a positive whole number, got '" + text + "'");
  }
}
