package dev.blueprint.edge.prediction;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.Shape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.ModelProfileParser;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.units.Precision;
import java.util.Locale;

/**
 * Links the two halves of the product: describes a runnable graph as a simulator model profile
 * (layer by layer, shapes from the graph) and asks the simulator's roofline how long a batch takes
 * on a hardware profile — typically the one {@code probe} wrote for this device.
 */
public final class LatencyPrediction {
  private LatencyPrediction() {}

  /** The simulator's latency for one batch, in seconds, with its per-layer report. */
  public static RooflineReport predict(
      Graph graph, HardwareProfile hardware, boolean int8, int batch) {
    ModelProfile model =
        ModelProfileParser.parse(profileYaml(graph), graph.name() + " (from its .bpm graph)");
    return Roofline.analyze(
        model, hardware, int8 ? Precision.INT8 : Precision.FP32, batch, 1, true);
  }

  /**
   * A layered model profile of {@code graph}. Reshape moves no data and is left out; quantize and
   * dequantize are element-wise passes (a scale, a rounding, a clamp per value), described as a
   * {@code mul} over their input; embeddings become table lookups.
   */
  public static String profileYaml(Graph graph) {
    StringBuilder layers = new StringBuilder();
    double params = 0;
    double macs = 0;
    for (Node n : graph.nodes()) {
      Shape in = graph.tensor(n.input(0)).shape();
      Shape out = graph.tensor(n.output()).shape();
      String name = n.name().replace("\"", "'");
      String act =
          n.attributes().has("activation")
              ? ", act: " + n.attributes().getString("activation", "none")
              : "";
      String line =
          switch (n.op()) {
            case CONV2D -> {
              Shape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (n.inputCount() == 3 ? w.dim(0) : 0);
              macs += (double) out.dim(0) * out.dim(1) * w.size();
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: conv2d, in: %s, out: %s, kernel: %dx%d, bias: %s%s}",
                  name,
                  hw(in),
                  hw(out),
                  w.dim(1),
                  w.dim(2),
                  n.inputCount() == 3,
                  act);
            }
            case DEPTHWISE_CONV2D -> {
              Shape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (n.inputCount() == 3 ? w.dim(2) : 0);
              macs += (double) out.size() * w.dim(0) * w.dim(1);
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: conv2d, in: %s, out: %s, kernel: %dx%d, groups: %d, bias: %s%s}",
                  name,
                  hw(in),
                  hw(out),
                  w.dim(0),
                  w.dim(1),
                  in.dim(2),
                  n.inputCount() == 3,
                  act);
            }
            case DENSE -> {
              Shape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (n.inputCount() == 3 ? w.dim(0) : 0);
              macs += w.size();
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: dense, in: %d, out: %d, bias: %s%s}",
                  name,
                  w.dim(1),
                  w.dim(0),
                  n.inputCount() == 3,
                  act);
            }
            case MAX_POOL, AVG_POOL -> {
              int[] k = n.attributes().getInts("kernel");
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: %s, in: %s, out: %s, kernel: %dx%d}",
                  name,
                  n.op().name().equals("MAX_POOL") ? "maxpool" : "avgpool",
                  hw(in),
                  hw(out),
                  k[0],
                  k[1]);
            }
            case GLOBAL_AVG_POOL ->
                String.format(
                    Locale.ROOT,
                    "{name: \"%s\", op: global-avgpool, in: %s, out: 1x1x%d}",
                    name,
                    hw(in),
                    out.dim(0));
            case ADD, MUL ->
                String.format(
                    Locale.ROOT,
                    "{name: \"%s\", op: %s, in: %s}",
                    name,
                    n.op().name().toLowerCase(Locale.ROOT),
                    flat(in));
            case SOFTMAX ->
                String.format(Locale.ROOT, "{name: \"%s\", op: softmax, in: %s}", name, flat(in));
            case CONCAT -> {
              StringBuilder ins = new StringBuilder();
              for (int i = 0; i < n.inputCount(); i++) {
                ins.append(i == 0 ? "" : ", ").append(flat(graph.tensor(n.input(i)).shape()));
              }
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: concat, in: [%s], out: %s}",
                  name,
                  ins,
                  flat(out));
            }
            case EMBEDDING, EMBEDDING_BAG -> {
              TensorSpec table = graph.tensor(n.input(1));
              params += table.shape().size();
              yield String.format(
                  Locale.ROOT,
                  "{name: \"%s\", op: embedding, rows: %d, dim: %d, lookups: %d%s}",
                  name,
                  table.shape().dim(0),
                  table.shape().dim(1),
                  in.dim(0),
                  n.op().name().equals("EMBEDDING_BAG")
                      ? ", pooling: " + n.attributes().getString("combiner", "mean")
                      : "");
            }
            case QUANTIZE, DEQUANTIZE ->
                String.format(Locale.ROOT, "{name: \"%s\", op: mul, in: %s}", name, flat(in));
            case RELU, RELU6, RESHAPE -> null;
          };
      if (line != null) {
        layers.append("    - ").append(line).append('\n');
      }
    }
    return String.format(
        Locale.ROOT,
        """
        id: %s
        name: "%s"
        family: cnn
        task: edge inference
        sources:
          graph: "the model's own .bpm graph: shapes and weights as the runtime executes them"
        published: {source: graph, params: %.0f, macs_per_sample: %.0f}
        input: %s
        layers:
          source: graph
          list:
        %s""",
        graph.name().replaceAll("[^a-z0-9.-]", "-"),
        graph.name(),
        params,
        macs,
        hw(graph.input(0).shape()),
        layers);
  }

  private static String hw(Shape s) {
    return switch (s.rank()) {
      case 3 -> s.dim(0) + "x" + s.dim(1) + "x" + s.dim(2);
      case 2 -> "1x" + s.dim(0) + "x" + s.dim(1);
      default -> "1x1x" + s.size();
    };
  }

  private static String flat(Shape s) {
    return s.rank() == 3 ? hw(s) : "1x1x" + s.size();
  }
}
