package dev.blueprint.edge.prediction;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.Layer;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.Layers;
import dev.blueprint.simulator.model.ModelFamily;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.PublishedFigures;
import dev.blueprint.simulator.model.Shape;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

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
    return Roofline.analyze(
        profile(graph), hardware, int8 ? Precision.INT8 : Precision.FP32, batch, 1, true);
  }

  /**
   * A layered model profile of {@code graph}. Reshape moves no data and is left out; activations
   * are fused into the layer that produces them; quantize and dequantize are element-wise passes (a
   * scale, a rounding, a clamp per value), described as a {@code mul} over their input; embeddings
   * become table lookups, pooled into one vector per sample.
   */
  public static ModelProfile profile(Graph graph) {
    List<Layer> layers = new ArrayList<>();
    double params = 0;
    double macs = 0;
    for (Node n : graph.nodes()) {
      TensorShape in = graph.tensor(n.input(0)).shape();
      TensorShape out = graph.tensor(n.output()).shape();
      String name = n.name();
      boolean bias = n.inputCount() == 3;
      Layer layer =
          switch (n.op()) {
            case CONV2D -> {
              TensorShape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (bias ? w.dim(0) : 0);
              macs += (double) out.dim(0) * out.dim(1) * w.size();
              yield Layers.conv(
                  name,
                  "conv2d",
                  hw(in),
                  hw(out),
                  w.dim(1),
                  w.dim(2),
                  1,
                  bias,
                  Layers.Norm.NONE,
                  false);
            }
            case DEPTHWISE_CONV2D -> {
              TensorShape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (bias ? w.dim(2) : 0);
              macs += (double) out.size() * w.dim(0) * w.dim(1);
              yield Layers.conv(
                  name,
                  "conv2d",
                  hw(in),
                  hw(out),
                  w.dim(0),
                  w.dim(1),
                  in.dim(2),
                  bias,
                  Layers.Norm.NONE,
                  false);
            }
            case DENSE -> {
              TensorShape w = graph.tensor(n.input(1)).shape();
              params += w.size() + (bias ? w.dim(0) : 0);
              macs += w.size();
              yield Layers.dense(name, w.dim(1), w.dim(0), 1, bias, Layers.Norm.NONE);
            }
            case MAX_POOL, AVG_POOL -> {
              int[] k = n.attributes().getInts("kernel");
              yield Layers.pool(
                  name,
                  n.op() == OpType.MAX_POOL ? "maxpool" : "avgpool",
                  hw(in),
                  hw(out),
                  k[0],
                  k[1]);
            }
            case GLOBAL_AVG_POOL -> Layers.globalPool(name, hw(in), Shape.of(1, 1, out.dim(0)));
            case ADD, MUL ->
                Layers.elementwise(name, n.op().name().toLowerCase(Locale.ROOT), flat(in), 2);
            case SOFTMAX -> Layers.normalisation(name, "softmax", flat(in));
            case CONCAT -> {
              List<Shape> ins = new ArrayList<>();
              for (int i = 0; i < n.inputCount(); i++) {
                ins.add(flat(graph.tensor(n.input(i)).shape()));
              }
              yield Layers.concat(name, ins, flat(out));
            }
            case EMBEDDING, EMBEDDING_BAG -> {
              TensorSpec table = graph.tensor(n.input(1));
              params += table.shape().size();
              // Pooled either way, as the profile format's default (sum) has always described a
              // plain embedding here; a bag pools by its combiner (mean or sum: the same traffic).
              yield Layers.embedding(
                  name, table.shape().dim(0), table.shape().dim(1), in.dim(0), true);
            }
            case QUANTIZE, DEQUANTIZE -> Layers.elementwise(name, "mul", flat(in), 2);
            case RELU, RELU6, RESHAPE -> null;
          };
      if (layer != null) {
        layers.add(layer);
      }
    }
    String input = hw(graph.input(0).shape()).toString();
    return ModelProfile.builder(
            graph.name().replaceAll("[^a-z0-9.-]", "-"),
            graph.name(),
            ModelFamily.CNN,
            new LayerStack(input, layers, 1))
        .task("edge inference")
        .source(
            "graph", "the model's own .bpm graph: shapes and weights as the runtime executes them")
        .published(
            new PublishedFigures(
                OptionalDouble.of(Math.rint(params)),
                OptionalDouble.empty(),
                OptionalDouble.of(Math.rint(macs)),
                OptionalDouble.empty(),
                "graph"))
        .origin(graph.name() + " (from its .bpm graph)")
        .build();
  }

  /** As HxWxC: rank-3 shapes as they are, rank 2 as 1xHxW, anything else as 1x1xN. */
  private static Shape hw(TensorShape s) {
    return switch (s.rank()) {
      case 3 -> Shape.of(s.dim(0), s.dim(1), s.dim(2));
      case 2 -> Shape.of(1, s.dim(0), s.dim(1));
      default -> Shape.of(1, 1, s.size());
    };
  }

  private static Shape flat(TensorShape s) {
    return s.rank() == 3 ? hw(s) : Shape.of(1, 1, s.size());
  }
}
