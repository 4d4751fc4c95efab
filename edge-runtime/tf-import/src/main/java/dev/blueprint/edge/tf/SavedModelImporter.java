package dev.blueprint.edge.tf;

import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Turns a TensorFlow SavedModel into Blueprint's float {@link Graph}: loads it with TensorFlow
 * Java, walks the GraphDef backwards from the serving signature's output to its input, reads
 * constants and variable values through the session, and maps each op:
 *
 * <ul>
 *   <li>{@code MatMul} → dense (weight {@code [K,O]} transposed to {@code [O,K]}), {@code Conv2D} →
 *       conv2d (filter {@code [KH,KW,C,O]} → {@code [O,KH,KW,C]}), {@code DepthwiseConv2dNative} →
 *       depthwise_conv2d (filter {@code [KH,KW,C,M]} read as {@code [KH,KW,C·M]}); a following
 *       {@code BiasAdd} (or {@code Add}/{@code AddV2} of a constant vector) becomes the bias and a
 *       following {@code Relu}/{@code Relu6} the fused activation, when nothing else reads the
 *       intermediate value;
 *   <li>{@code MaxPool}, {@code AvgPool}; {@code Mean} over H and W → global_avg_pool; {@code
 *       Reshape} with a constant shape whose batch is −1; {@code ConcatV2}; {@code Softmax}; {@code
 *       Relu}, {@code Relu6};
 *   <li>{@code Add}, {@code AddV2}, {@code BiasAdd}, {@code Mul} of two values or of a value and a
 *       constant (scalar, per-channel or whole); {@code Sub} and {@code RealDiv}/{@code Div} by a
 *       constant (as add of −c and mul by 1/c);
 *   <li>{@code Identity}, {@code StopGradient}, {@code ReadVariableOp}, {@code Snapshot} pass
 *       through; {@code Const}, {@code VariableV2}, {@code VarHandleOp} are constants.
 * </ul>
 *
 * Anything else, or a supported op in a form the graph cannot express (NCHW, dilation, explicit
 * padding, a reshape of the batch), is an {@link UnsupportedTensorFlowOpException} naming the op
 * type and the node. Only float32 models with one input and one output import.
 *
 * <p>The graph's metadata records where it came from: {@code source} ({@value #SOURCE}), {@code
 * tensorflow.version}, {@code savedmodel.dir}, {@code savedmodel.sha256} (see {@link
 * #checksum(Path)}), {@code savedmodel.signature} and, when known, {@code labels} (comma-separated,
 * from the options or the folder's {@value ExampleTrainer#LABELS_FILE}).
 */
public final class SavedModelImporter {
  public static final String SOURCE = "tensorflow-savedmodel";

  /** The TensorFlow op types the importer maps, for messages. */
  public static final List<String> SUPPORTED_OPS =
      List.of(
          "MatMul",
          "BiasAdd",
          "Conv2D",
          "DepthwiseConv2dNative",
          "Relu",
          "Relu6",
          "MaxPool",
          "MaxPoolV2",
          "AvgPool",
          "Mean",
          "Reshape",
          "ConcatV2",
          "Softmax",
          "Add",
          "AddV2",
          "Sub",
          "Mul",
          "RealDiv",
          "Div",
          "Identity",
          "StopGradient",
          "Snapshot",
          "ReadVariableOp",
          "NoOp",
          "Const",
          "VariableV2",
          "VarHandleOp",
          "Placeholder");

  private static final String INIT_SIGNATURE = "__saved_model_init_op";

  /** Ops whose output is their first input. */
  private static final Set<String> PASS_THROUGH =
      Set.of("Identity", "StopGradient", "Snapshot", "ReadVariableOp", "PreventGradient");

  /** Ops whose value is read through the session. */
  private static final Set<String> CONSTANTS =
      Set.of("Const", "VariableV2", "VarHandleOp", "Variable");

  /**
   * How to import: the graph's name (default: the folder's name, or its parent's when the folder is
   * called {@code saved_model}), which signature (default {@code serving_default}, or the only
   * one), and the class names (default: the folder's labels file, if any).
   */
  public record Options(Optional<String> name, Optional<String> signature, List<String> labels) {
    public Options {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(signature, "signature");
      labels = List.copyOf(labels);
      for (String l : labels) {
        if (l.contains(",") || l.contains("\n") || l.isBlank()) {
          throw new IllegalArgumentException(
              "label '" + l + "' must be non-blank, without commas or line breaks");
        }
      }
    }

    public static Options defaults() {
      return new Options(Optional.empty(), Optional.empty(), List.of());
    }

    public Options withName(String n) {
      return new Options(Optional.of(n), signature, labels);
    }

    public Options withSignature(String s) {
      return new Options(name, Optional.of(s), labels);
    }

    public Options withLabels(List<String> l) {
      return new Options(name, signature, l);
    }
  }

  private SavedModelImporter() {}

  public static Graph importModel(Path dir) {
    return importModel(dir, Options.defaults());
  }

  /** Imports the SavedModel in {@code dir}; errors name the folder, and for ops the node. */
  public static Graph importModel(Path dir, Options options) {
    requireSavedModel(dir);
    String checksum = checksum(dir);
    List<String> labels = options.labels().isEmpty() ? labelsIn(dir) : options.labels();
    try (SavedModelBundle bundle =
        SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      MetaGraphDef meta = bundle.metaGraphDef();
      String key = signatureKey(meta, options.signature(), dir);
      SignatureDef sig = meta.getSignatureDefOrThrow(key);
      String name = options.name().orElseGet(() -> defaultName(dir));
      GraphBuilder b =
          new GraphBuilder(name)
              .meta("source", SOURCE)
              .meta("tensorflow.version", TensorFlow.version())
              .meta(
                  "savedmodel.dir", String.valueOf(dir.toAbsolutePath().normalize().getFileName()))
              .meta("savedmodel.sha256", checksum)
              .meta("savedmodel.signature", key);
      if (!labels.isEmpty()) {
        b.meta("labels", String.join(",", labels));
      }
      Graph g = new Conversion(meta, sig, bundle.session(), b).run();
      if (!labels.isEmpty() && g.output(0).shape().dim(-1) != labels.size()) {
        throw new IllegalArgumentException(
            dir
                + ": "
                + labels.size()
                + " labels for an output of "
                + g.output(0).shape().dim(-1)
                + " classes "
                + g.output(0).shape());
      }
      return g;
    } catch (TensorFlowException e) {
      throw new IllegalArgumentException(dir + ": TensorFlow cannot load it: " + e.getMessage(), e);
    }
  }

  static void requireSavedModel(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such folder; expected a SavedModel folder");
    }
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(
          dir + ": not a SavedModel folder (it has no saved_model.pb)");
    }
  }

  private static String defaultName(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String n = String.valueOf(abs.getFileName());
    if (n.equals("saved_model")
        && abs.getParent() != null
        && abs.getParent().getFileName() != null) {
      return abs.getParent().getFileName().toString();
    }
    return n;
  }

  /** The signature to use: {@code wanted}, else {@code serving_default}, else the only one. */
  static String signatureKey(MetaGraphDef meta, Optional<String> wanted, Path dir) {
    List<String> keys =
        meta.getSignatureDefMap().keySet().stream()
            .filter(k -> !k.equals(INIT_SIGNATURE))
            .sorted()
            .toList();
    if (wanted.isPresent()) {
      if (!keys.contains(wanted.get())) {
        throw new IllegalArgumentException(
            dir + ": no signature '" + wanted.get() + "'; it has " + String.join(", ", keys));
      }
      return wanted.get();
    }
    if (keys.contains(ExampleTrainer.SIGNATURE)) {
      return ExampleTrainer.SIGNATURE;
    }
    if (keys.size() == 1) {
      return keys.get(0);
    }
    throw new IllegalArgumentException(
        dir
            + ": "
            + (keys.isEmpty()
                ? "has no signatures"
                : "has signatures "
                    + String.join(", ", keys)
                    + " and none is "
                    + ExampleTrainer.SIGNATURE
                    + "; choose one"));
  }

  /** The label names in {@code dir}'s {@value ExampleTrainer#LABELS_FILE}, or none. */
  static List<String> labelsIn(Path dir) {
    Path file = dir.resolve(ExampleTrainer.LABELS_FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * SHA-256 over the SavedModel folder: every regular file in path order, each as its relative path
   * ({@code /}-separated), a zero byte, its size in decimal, a zero byte and its contents. It
   * changes when the graph, the variables or the labels change, and not when the folder moves.
   */
  public static String checksum(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      TreeMap<String, Path> files = new TreeMap<>();
      walk.filter(Files::isRegularFile)
          .forEach(p -> files.put(dir.relativize(p).toString().replace('\\', '/'), p));
      byte[] buf = new byte[1 << 16];
      for (var e : files.entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Long.toString(Files.size(e.getValue())).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        try (InputStream in = Files.newInputStream(e.getValue())) {
          int n;
          while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The name of the node a tensor reference ({@code node}, {@code node:1}) points to. */
  static String nodeOf(String ref) {
    String r = ref.startsWith("^") ? ref.substring(1) : ref;
    int colon = r.lastIndexOf(':');
    return colon < 0 ? r : r.substring(0, colon);
  }

  static int indexOf(String ref) {
    int colon = ref.lastIndexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(ref.substring(colon + 1));
  }

  /** A value during the walk: a graph tensor, or a constant not yet placed in the graph. */
  private sealed interface Value permits Activation32, Constant, Folded {}

  private record Activation32(int id) implements Value {}

  /** A node folded into the dense or convolution node {@code into}; nothing else reads it. */
  private record Folded(String into) implements Value {}

  /** A constant's TensorFlow shape and values (floats for float32, ints for int32/int64). */
  private record Constant(String origin, long[] shape, float[] floats, int[] ints)
      implements Value {
    long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /** The shape without leading 1s. */
    long[] squeezed() {
      int lead = 0;
      while (lead < shape.length - 1 && shape[lead] == 1) {
        lead++;
      }
      return Arrays.copyOfRange(shape, lead, shape.length);
    }
  }

  /** One import: the state of the walk over one signature. */
  private static final class Conversion {
    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Session session;
    private final GraphBuilder b;
    private final String inputNode;
    private final String inputName;
    private final TensorInfo inputInfo;
    private final String outputNode;
    private final String outputRef;
    private final String outputName;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, List<String>> consumers = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private int inputId = -1;

    Conversion(MetaGraphDef meta, SignatureDef sig, Session session, GraphBuilder b) {
      this.session = session;
      this.b = b;
      for (NodeDef n : meta.getGraphDef().getNodeList()) {
        nodes.put(n.getName(), n);
      }
      if (sig.getInputsCount() != 1 || sig.getOutputsCount() != 1) {
        throw new IllegalArgumentException(
            "the signature has "
                + sig.getInputsCount()
                + " input(s) and "
                + sig.getOutputsCount()
                + " output(s); only models with one of each import");
      }
      var in = sig.getInputsMap().entrySet().iterator().next();
      var out = sig.getOutputsMap().entrySet().iterator().next();
      inputName = in.getKey();
      inputInfo = in.getValue();
      inputNode = nodeOf(inputInfo.getName());
      outputName = out.getKey();
      outputRef = out.getValue().getName();
      outputNode = throughPassThrough(nodeOf(outputRef));
      usedNames.add(inputName);
      usedNames.add(outputName);
    }

    /** The node that computes {@code name}'s value, past any Identity in front of it. */
    private String throughPassThrough(String name) {
      String at = name;
      for (NodeDef n = nodes.get(at);
          n != null
              && PASS_THROUGH.contains(n.getOp())
              && !dataInputs(n).isEmpty()
              && indexOf(dataInputs(n).get(0)) == 0;
          n = nodes.get(at)) {
        at = nodeOf(dataInputs(n).get(0));
      }
      return at;
    }

    Graph run() {
      List<String> order = topologicalOrder();
      for (String name : order) {
        for (String ref : dataInputs(nodes.get(name))) {
          consumers.computeIfAbsent(nodeOf(ref), k -> new ArrayList<>()).add(name);
        }
      }
      for (String name : order) {
        if (!values.containsKey(name)) {
          values.put(name, convert(nodes.get(name)));
        }
      }
      Value out =
          resolve(
              outputNode.equals(nodeOf(outputRef)) ? outputRef : outputNode,
              "the signature's output");
      if (!(out instanceof Activation32 a)) {
        throw new IllegalArgumentException(
            "the signature's output '" + outputRef + "' is a constant");
      }
      if (a.id() == inputId) {
        throw new IllegalArgumentException(
            "the signature's output is its input; there is nothing to import");
      }
      b.output(a.id());
      return b.build();
    }

    /** The nodes the output depends on, inputs before the nodes that read them. */
    private List<String> topologicalOrder() {
      List<String> order = new ArrayList<>();
      Set<String> done = new HashSet<>();
      Set<String> open = new HashSet<>();
      Deque<String[]> stack = new ArrayDeque<>();
      stack.push(new String[] {outputNode, "enter"});
      while (!stack.isEmpty()) {
        String[] top = stack.pop();
        String name = top[0];
        if (top[1].equals("exit")) {
          open.remove(name);
          done.add(name);
          order.add(name);
          continue;
        }
        if (done.contains(name)) {
          continue;
        }
        if (open.contains(name)) {
          throw new IllegalArgumentException("the graph has a cycle through node '" + name + "'");
        }
        NodeDef n = nodes.get(name);
        if (n == null) {
          throw new IllegalArgumentException("the graph has no node '" + name + "'");
        }
        open.add(name);
        stack.push(new String[] {name, "exit"});
        if (name.equals(inputNode)) {
          continue;
        }
        List<String> ins = dataInputs(n);
        for (int i = ins.size() - 1; i >= 0; i--) {
          String dep = nodeOf(ins.get(i));
          if (!done.contains(dep)) {
            stack.push(new String[] {dep, "enter"});
          }
        }
      }
      return order;
    }

    private static List<String> dataInputs(NodeDef n) {
      return n.getInputList().stream().filter(r -> !r.startsWith("^")).toList();
    }

    private Value resolve(String ref, String what) {
      String producer = nodeOf(ref);
      int index = indexOf(ref);
      Value v = values.get(producer);
      if (v == null) {
        throw new IllegalStateException("no value yet for " + what + " '" + ref + "'");
      }
      if (v instanceof Folded f) {
        throw new IllegalStateException(what + " '" + ref + "' was folded into '" + f.into() + "'");
      }
      if (index != 0) {
        NodeDef p = nodes.get(producer);
        throw new UnsupportedTensorFlowOpException(
            p.getOp(), producer, "is read at output " + index + "; only single-output ops import");
      }
      return v;
    }

    private Value input(NodeDef n, int i) {
      List<String> ins = dataInputs(n);
      if (i >= ins.size()) {
        throw unsupported(n, "has " + ins.size() + " inputs, expected at least " + (i + 1));
      }
      return resolve(ins.get(i), "input " + i + " of '" + n.getName() + "'");
    }

    private int activation(NodeDef n, int i) {
      Value v = input(n, i);
      if (v instanceof Activation32 a) {
        return a.id();
      }
      throw unsupported(
          n,
          "needs a computed value as input "
              + i
              + ", got the constant '"
              + ((Constant) v).origin()
              + "'");
    }

    private Constant constant(NodeDef n, int i) {
      Value v = input(n, i);
      if (v instanceof Constant c) {
        return c;
      }
      throw unsupported(
          n, "needs a constant (or variable) as input " + i + ", got a computed value");
    }

    private static UnsupportedTensorFlowOpException unsupported(NodeDef n, String detail) {
      return new UnsupportedTensorFlowOpException(n.getOp(), n.getName(), detail);
    }

    private String unique(String wanted) {
      String name = wanted;
      for (int i = 1; !usedNames.add(name); i++) {
        name = wanted + "_" + i;
      }
      return name;
    }

    private Value convert(NodeDef n) {
      if (!PASS_THROUGH.contains(n.getOp())) {
        checkFloat(n);
      }
      return switch (n.getOp()) {
        case "Placeholder", "PlaceholderWithDefault" -> placeholder(n);
        case "Const", "VariableV2", "VarHandleOp", "Variable" -> fetch(n);
        case "Identity", "StopGradient", "Snapshot", "ReadVariableOp", "PreventGradient" ->
            input(n, 0);
        case "MatMul" -> dense(n);
        case "Conv2D" -> conv(n, false);
        case "DepthwiseConv2dNative" -> conv(n, true);
        case "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div" -> binary(n);
        case "Relu", "Relu6" ->
            new Activation32(
                b.node(
                    name(n, n),
                    n.getOp().equals("Relu") ? OpType.RELU : OpType.RELU6,
                    Attributes.NONE,
                    activation(n, 0)));
        case "MaxPool", "MaxPoolV2", "AvgPool" -> pool(n);
        case "Mean" -> mean(n);
        case "Reshape" -> reshape(n);
        case "ConcatV2" -> concat(n);
        case "Softmax" ->
            new Activation32(b.node(name(n, n), OpType.SOFTMAX, Attributes.NONE, activation(n, 0)));
        default ->
            throw unsupported(
                n, "is not supported; supported ops: " + String.join(", ", SUPPORTED_OPS));
      };
    }

    /** Ops that compute on T must compute on float32; constants are checked where they are used. */
    private static void checkFloat(NodeDef n) {
      AttrValue t = n.getAttrMap().get("T");
      if (t != null && t.getType() != org.tensorflow.proto.DataType.DT_FLOAT) {
        throw unsupported(n, "computes on " + t.getType() + "; only float32 models import");
      }
    }

    /**
     * The tensor name for the node that ends at {@code last}: the signature's output name when it
     * is the output.
     */
    private String name(NodeDef first, NodeDef last) {
      return last.getName().equals(outputNode) ? outputName : unique(first.getName());
    }

    private Value placeholder(NodeDef n) {
      if (!n.getName().equals(inputNode)) {
        throw unsupported(n, "is not the signature's input, so nothing would feed it");
      }
      if (inputInfo.getDtype() != org.tensorflow.proto.DataType.DT_FLOAT) {
        throw unsupported(n, "takes " + inputInfo.getDtype() + "; only float32 inputs import");
      }
      TensorShapeProto shape =
          inputInfo.hasTensorShape()
              ? inputInfo.getTensorShape()
              : n.getAttrOrDefault("shape", AttrValue.getDefaultInstance()).getShape();
      if (shape.getUnknownRank() || shape.getDimCount() < 2) {
        throw unsupported(
            n,
            "has shape "
                + describe(shape)
                + "; the input needs a batch and known sample dimensions");
      }
      int[] dims = new int[shape.getDimCount() - 1];
      for (int i = 1; i < shape.getDimCount(); i++) {
        long d = shape.getDim(i).getSize();
        if (d <= 0) {
          throw unsupported(
              n,
              "has shape " + describe(shape) + "; every dimension after the batch must be known");
        }
        dims[i - 1] = Math.toIntExact(d);
      }
      inputId = b.input(inputName, DataType.FLOAT32, TensorShape.of(dims));
      return new Activation32(inputId);
    }

    private static String describe(TensorShapeProto s) {
      if (s.getUnknownRank()) {
        return "<unknown rank>";
      }
      return s.getDimList().stream()
          .map(d -> Long.toString(d.getSize()))
          .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A constant or a variable's current value, read through the session. */
    private Value fetch(NodeDef n) {
      try (Result r = session.runner().fetch(n.getName()).run()) {
        Tensor t = r.get(0);
        long[] shape = t.shape().asArray();
        if (t instanceof TFloat32 f) {
          return new Constant(n.getName(), shape, TfTensors.floats(f), null);
        }
        if (t.dataType() == org.tensorflow.proto.DataType.DT_INT32
            || t.dataType() == org.tensorflow.proto.DataType.DT_INT64) {
          return new Constant(
              n.getName(), shape, null, TfTensors.ints(t, "constant '" + n.getName() + "'"));
        }
        return new Constant(n.getName(), shape, null, null);
      } catch (TensorFlowException e) {
        throw new IllegalArgumentException(
            "cannot read the value of " + n.getOp() + " '" + n.getName() + "': " + e.getMessage(),
            e);
      }
    }

    private float[] floats(NodeDef n, Constant c) {
      if (c.floats() == null) {
        throw unsupported(n, "needs a float32 constant, but '" + c.origin() + "' is not float32");
      }
      return c.floats();
    }

    private int[] ints(NodeDef n, Constant c) {
      if (c.ints() == null) {
        throw unsupported(n, "needs an int32 constant, but '" + c.origin() + "' is not an integer");
      }
      return c.ints();
    }

    private int addConstant(String origin, TensorShape shape, float[] values) {
      return b.constant(unique(origin), shape, values);
    }

    // ---- dense and convolutions, with bias and activation fused ----

    /** What follows a dense or convolution node and folds into it. */
    private record Fused(
        float[] bias,
        String biasOrigin,
        Activation activation,
        NodeDef last,
        List<NodeDef> chain) {}

    private Value dense(NodeDef n) {
      if (bool(n, "transpose_a")) {
        throw unsupported(n, "has transpose_a set; only x · W imports");
      }
      int x = activation(n, 0);
      Constant w = constant(n, 1);
      float[] wv = floats(n, w);
      if (w.shape().length != 2) {
        throw unsupported(
            n, "has a weight of shape " + Arrays.toString(w.shape()) + "; expected rank 2");
      }
      int rows = (int) w.shape()[0];
      int cols = (int) w.shape()[1];
      boolean transposed = bool(n, "transpose_b");
      int k = transposed ? cols : rows;
      int o = transposed ? rows : cols;
      float[] weight = new float[o * k];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          if (transposed) {
            weight[r * cols + c] = wv[r * cols + c];
          } else {
            weight[c * k + r] = wv[r * cols + c];
          }
        }
      }
      int wId = addConstant(w.origin(), TensorShape.of(o, k), weight);
      return emit(n, OpType.DENSE, Attributes.builder(), x, wId, o);
    }

    private Value conv(NodeDef n, boolean depthwise) {
      requireNhwc(n);
      int[] strides = spatial(n, "strides");
      if (n.getAttrMap().containsKey("dilations")) {
        int[] d = spatial(n, "dilations");
        if (d[0] != 1 || d[1] != 1) {
          throw unsupported(n, "has dilations " + Arrays.toString(d) + "; only 1 imports");
        }
      }
      String padding = padding(n);
      int x = activation(n, 0);
      Constant f = constant(n, 1);
      float[] fv = floats(n, f);
      if (f.shape().length != 4) {
        throw unsupported(
            n, "has a filter of shape " + Arrays.toString(f.shape()) + "; expected rank 4");
      }
      int kh = (int) f.shape()[0];
      int kw = (int) f.shape()[1];
      int c = (int) f.shape()[2];
      int o = (int) f.shape()[3];
      int wId;
      int channels;
      if (depthwise) {
        // [KH, KW, C, M] in row-major order is already [KH, KW, C·M] with channel index c·M + m.
        channels = c * o;
        wId = addConstant(f.origin(), TensorShape.of(kh, kw, channels), fv);
      } else {
        channels = o;
        float[] w = new float[fv.length];
        for (int y = 0; y < kh; y++) {
          for (int xx = 0; xx < kw; xx++) {
            for (int ci = 0; ci < c; ci++) {
              for (int oi = 0; oi < o; oi++) {
                w[((oi * kh + y) * kw + xx) * c + ci] = fv[((y * kw + xx) * c + ci) * o + oi];
              }
            }
          }
        }
        wId = addConstant(f.origin(), TensorShape.of(o, kh, kw, c), w);
      }
      Attributes.Builder attrs =
          Attributes.builder().ints("strides", strides).put("padding", padding);
      return emit(n, depthwise ? OpType.DEPTHWISE_CONV2D : OpType.CONV2D, attrs, x, wId, channels);
    }

    /** Adds a dense/conv node with whatever bias and activation follow it. */
    private Value emit(
        NodeDef n, OpType op, Attributes.Builder attrs, int x, int wId, int channels) {
      Fused fused = fuse(n, channels);
      attrs.put("activation", fused.activation().label());
      String name = name(n, fused.last());
      int out;
      if (fused.bias() != null) {
        int bias = addConstant(fused.biasOrigin(), TensorShape.of(channels), fused.bias());
        out = b.node(name, op, attrs.build(), x, wId, bias);
      } else {
        out = b.node(name, op, attrs.build(), x, wId);
      }
      Activation32 v = new Activation32(out);
      for (NodeDef m : fused.chain()) {
        values.put(m.getName(), new Folded(n.getName()));
      }
      values.put(fused.last().getName(), v);
      return v;
    }

    /** The bias add and activation that follow {@code n} and that only it feeds. */
    private Fused fuse(NodeDef n, int channels) {
      float[] bias = null;
      String biasOrigin = null;
      NodeDef last = n;
      List<NodeDef> chain = new ArrayList<>();
      Optional<NodeDef> next = soleConsumer(last);
      if (next.isPresent() && isBiasAdd(next.get(), last, channels)) {
        NodeDef add = next.get();
        checkFloat(add);
        Constant c = otherConstant(add, last).orElseThrow();
        bias = floats(add, c).clone();
        if (add.getOp().equals("Sub")) {
          for (int i = 0; i < bias.length; i++) {
            bias[i] = -bias[i];
          }
        }
        biasOrigin = c.origin();
        chain.add(add);
        last = add;
        next = soleConsumer(last);
      }
      Activation act = Activation.NONE;
      if (next.isPresent()
          && (next.get().getOp().equals("Relu") || next.get().getOp().equals("Relu6"))) {
        checkFloat(next.get());
        act = next.get().getOp().equals("Relu") ? Activation.RELU : Activation.RELU6;
        chain.add(next.get());
        last = next.get();
      }
      return new Fused(bias, biasOrigin, act, last, chain);
    }

    private boolean isBiasAdd(NodeDef add, NodeDef producer, int channels) {
      String op = add.getOp();
      if (!op.equals("BiasAdd") && !op.equals("Add") && !op.equals("AddV2") && !op.equals("Sub")) {
        return false;
      }
      List<String> ins = dataInputs(add);
      if (ins.size() != 2) {
        return false;
      }
      if (op.equals("BiasAdd") || op.equals("Sub")) {
        // Sub only as x − b; BiasAdd's bias is always its second input.
        if (!nodeOf(ins.get(0)).equals(producer.getName())) {
          return false;
        }
        if (op.equals("BiasAdd")) {
          requireNhwc(add);
        }
      }
      Optional<Constant> c = otherConstant(add, producer);
      return c.isPresent()
          && c.get().floats() != null
          && c.get().squeezed().length == 1
          && c.get().squeezed()[0] == channels;
    }

    /**
     * The constant {@code add} combines with {@code producer}'s output, if the other input is one.
     */
    private Optional<Constant> otherConstant(NodeDef add, NodeDef producer) {
      for (String ref : dataInputs(add)) {
        if (!nodeOf(ref).equals(producer.getName())) {
          return indexOf(ref) == 0 ? constantValue(nodeOf(ref)) : Optional.empty();
        }
      }
      return Optional.empty();
    }

    /**
     * The value of {@code name} if it is a constant, a variable, or one seen through pass-through
     * ops; read now if the walk has not reached it yet (constants depend on nothing computed).
     */
    private Optional<Constant> constantValue(String name) {
      Value v = values.get(name);
      if (v != null) {
        return v instanceof Constant c ? Optional.of(c) : Optional.empty();
      }
      NodeDef n = nodes.get(name);
      if (n == null) {
        return Optional.empty();
      }
      Optional<Constant> c = Optional.empty();
      if (CONSTANTS.contains(n.getOp())) {
        c = Optional.of((Constant) fetch(n));
      } else if (PASS_THROUGH.contains(n.getOp())
          && !dataInputs(n).isEmpty()
          && indexOf(dataInputs(n).get(0)) == 0) {
        c = constantValue(nodeOf(dataInputs(n).get(0)));
      }
      c.ifPresent(k -> values.put(name, k));
      return c;
    }

    private Optional<NodeDef> soleConsumer(NodeDef n) {
      if (n.getName().equals(outputNode)) {
        return Optional.empty();
      }
      List<String> readers = consumers.getOrDefault(n.getName(), List.of());
      return readers.size() == 1 ? Optional.of(nodes.get(readers.get(0))) : Optional.empty();
    }

    // ---- element-wise ----

    private Value binary(NodeDef n) {
      String op = n.getOp();
      if (op.equals("BiasAdd")) {
        requireNhwc(n);
      }
      Value a = input(n, 0);
      Value c = input(n, 1);
      boolean div = op.equals("RealDiv") || op.equals("Div");
      boolean mul = op.equals("Mul") || div;
      if (a instanceof Constant && c instanceof Activation32) {
        if (op.equals("Sub") || div || op.equals("BiasAdd")) {
          throw unsupported(
              n,
              "has the constant first; only value "
                  + (op.equals("Sub") ? "−" : "÷")
                  + " constant imports");
        }
        Value t = a;
        a = c;
        c = t;
      }
      if (a instanceof Constant && c instanceof Constant) {
        throw unsupported(n, "combines two constants; fold them before export");
      }
      int x = ((Activation32) a).id();
      OpType type = mul ? OpType.MUL : OpType.ADD;
      int other;
      if (c instanceof Activation32 y) {
        if (op.equals("Sub") || div || op.equals("BiasAdd")) {
          throw unsupported(
              n, "combines two computed values; only " + op + " by a constant imports");
        }
        other = y.id();
      } else {
        Constant k = (Constant) c;
        float[] v = floats(n, k).clone();
        for (int i = 0; i < v.length; i++) {
          v[i] = op.equals("Sub") ? -v[i] : div ? 1f / v[i] : v[i];
        }
        TensorShape shape = broadcastShape(n, k, b.tensor(x).shape());
        other = addConstant(k.origin(), shape, v);
      }
      if (type == OpType.ADD) {
        NodeDef last = n;
        Activation act = Activation.NONE;
        Optional<NodeDef> next = soleConsumer(n);
        if (next.isPresent()
            && (next.get().getOp().equals("Relu") || next.get().getOp().equals("Relu6"))) {
          checkFloat(next.get());
          act = next.get().getOp().equals("Relu") ? Activation.RELU : Activation.RELU6;
          last = next.get();
        }
        Activation32 out =
            new Activation32(
                b.node(
                    name(n, last),
                    OpType.ADD,
                    Attributes.builder().put("activation", act.label()).build(),
                    x,
                    other));
        values.put(last.getName(), out);
        return out;
      }
      return new Activation32(b.node(name(n, n), type, Attributes.NONE, x, other));
    }

    /**
     * A constant's shape as the runtime broadcasts it: a scalar, the last dimension, or the whole
     * sample.
     */
    private TensorShape broadcastShape(NodeDef n, Constant k, TensorShape sample) {
      long[] s = k.squeezed();
      if (k.size() == 1) {
        return TensorShape.of(1);
      }
      if (s.length == 1 && s[0] == sample.dim(-1)) {
        return TensorShape.of((int) s[0]);
      }
      int[] dims = Arrays.stream(s).mapToInt(Math::toIntExact).toArray();
      if (Arrays.equals(dims, sample.dims())) {
        return TensorShape.of(dims);
      }
      throw unsupported(
          n,
          "broadcasts a constant of shape "
              + Arrays.toString(k.shape())
              + " over values of shape "
              + sample
              + " per sample; only a scalar, one value per channel or a whole sample imports");
    }

    // ---- pooling and shapes ----

    private Value pool(NodeDef n) {
      requireNhwc(n);
      boolean v2 = n.getOp().equals("MaxPoolV2");
      // MaxPoolV2 takes ksize and strides as inputs 1 and 2 (TF Java's maxPool makes it); MaxPool
      // as attributes.
      int[] kernel = v2 ? spatial(n, "ksize", ints(n, constant(n, 1))) : spatial(n, "ksize");
      int[] strides = v2 ? spatial(n, "strides", ints(n, constant(n, 2))) : spatial(n, "strides");
      Attributes attrs =
          Attributes.builder()
              .ints("kernel", kernel)
              .ints("strides", strides)
              .put("padding", padding(n))
              .build();
      return new Activation32(
          b.node(
              name(n, n),
              n.getOp().equals("AvgPool") ? OpType.AVG_POOL : OpType.MAX_POOL,
              attrs,
              activation(n, 0)));
    }

    private Value mean(NodeDef n) {
      int x = activation(n, 0);
      int[] axes = ints(n, constant(n, 1));
      TensorShape in = b.tensor(x).shape();
      int[] normalized =
          Arrays.stream(axes).map(a -> a < 0 ? a + in.rank() + 1 : a).sorted().toArray();
      if (in.rank() != 3 || !Arrays.equals(normalized, new int[] {1, 2})) {
        throw unsupported(
            n,
            "averages axes "
                + Arrays.toString(axes)
                + " of a value of shape "
                + in
                + " per sample; only the mean over H and W (axes 1 and 2) of an NHWC value imports");
      }
      boolean keep = bool(n, "keep_dims");
      String name = keep ? unique(n.getName() + "/pool") : name(n, n);
      int pooled = b.node(name, OpType.GLOBAL_AVG_POOL, Attributes.NONE, x);
      if (keep) {
        pooled =
            b.node(
                name(n, n),
                OpType.RESHAPE,
                Attributes.builder().ints("shape", 1, 1, in.dim(2)).build(),
                pooled);
      }
      return new Activation32(pooled);
    }

    private Value reshape(NodeDef n) {
      int x = activation(n, 0);
      int[] shape = ints(n, constant(n, 1));
      if (shape.length < 2 || shape[0] != -1) {
        throw unsupported(
            n,
            "reshapes to "
                + Arrays.toString(shape)
                + "; the batch must stay first as −1, "
                + "e.g. [-1, 1568]");
      }
      int[] perSample = Arrays.copyOfRange(shape, 1, shape.length);
      return new Activation32(
          b.node(
              name(n, n),
              OpType.RESHAPE,
              Attributes.builder().ints("shape", perSample).build(),
              x));
    }

    private Value concat(NodeDef n) {
      List<String> ins = dataInputs(n);
      int count = ins.size() - 1;
      int[] parts = new int[count];
      for (int i = 0; i < count; i++) {
        parts[i] = activation(n, i);
      }
      int[] axisValues = ints(n, constant(n, count));
      int axis = axisValues[0];
      int rank = b.tensor(parts[0]).shape().rank();
      if (axis == 0 || axis == -(rank + 1)) {
        throw unsupported(n, "concatenates along the batch axis; only axes inside a sample import");
      }
      int ours = axis > 0 ? axis - 1 : axis;
      return new Activation32(
          b.node(name(n, n), OpType.CONCAT, Attributes.builder().put("axis", ours).build(), parts));
    }

    // ---- attributes ----

    private static boolean bool(NodeDef n, String attr) {
      AttrValue v = n.getAttrMap().get(attr);
      return v != null && v.getB();
    }

    private static void requireNhwc(NodeDef n) {
      AttrValue f = n.getAttrMap().get("data_format");
      if (f != null && !f.getS().toStringUtf8().equals("NHWC")) {
        throw unsupported(n, "uses data_format " + f.getS().toStringUtf8() + "; only NHWC imports");
      }
    }

    /** {@code [1, h, w, 1]} → {@code [h, w]}. */
    private static int[] spatial(NodeDef n, String attr) {
      AttrValue v = n.getAttrMap().get(attr);
      if (v == null) {
        throw unsupported(n, "has no '" + attr + "' attribute");
      }
      return spatial(n, attr, v.getList().getIList().stream().mapToInt(Math::toIntExact).toArray());
    }

    private static int[] spatial(NodeDef n, String what, int[] list) {
      if (list.length != 4 || list[0] != 1 || list[3] != 1) {
        throw unsupported(
            n, "has " + what + " " + Arrays.toString(list) + "; only [1, h, w, 1] imports");
      }
      return new int[] {list[1], list[2]};
    }

    private static String padding(NodeDef n) {
      String p = n.getAttrOrThrow("padding").getS().toStringUtf8();
      return switch (p) {
        case "SAME", "VALID" -> p.toLowerCase(Locale.ROOT);
        default -> throw unsupported(n, "has padding " + p + "; only SAME and VALID import");
      };
    }
  }
}
