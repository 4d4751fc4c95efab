package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.Padding;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.edge.runtime.Interpreter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a float graph as a chain of trainable layers. A model trains when its nodes form one chain
 * (each node reads the previous node's output) of dense, conv2d, max/avg pooling, relu/relu6,
 * reshape and add/mul with a constant, optionally ending in a softmax; anything else is refused
 * with the node and op named, never trained approximately.
 */
final class GraphNetworks {
  private GraphNetworks() {}

  static Network of(Graph graph, int maxBatch) {
    if (graph.isQuantized()) {
      throw new IllegalArgumentException(
          graph.name() + " is an int8 model; training needs the float model file");
    }
    if (graph.inputs().length != 1 || graph.outputs().length != 1) {
      throw new IllegalArgumentException(
          graph.name() + ": training needs one input and one output");
    }
    List<Layer> layers = new ArrayList<>();
    List<Integer> paramIds = new ArrayList<>();
    int current = graph.inputs()[0];
    List<Node> nodes = graph.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      if (node.input(0) != current) {
        throw unsupported(graph, node, "does not read the previous node's output (not a chain)");
      }
      TensorShape in = graph.tensor(node.input(0)).shape();
      TensorShape out = graph.tensor(node.output()).shape();
      switch (node.op()) {
        case DENSE, CONV2D -> {
          if (node.inputCount() != 3) {
            throw unsupported(graph, node, "has no bias tensor");
          }
          TensorSpec w = trainable(graph, node, 1);
          TensorSpec b = trainable(graph, node, 2);
          Layer.Param wp = new Layer.Param(w.name(), w.shape(), w.floats());
          Layer.Param bp = new Layer.Param(b.name(), b.shape(), b.floats());
          Activation act = node.attributes().activation();
          Interpreter.Conv g = Interpreter.Conv.of(node, graph);
          layers.add(
              node.op() == OpType.DENSE
                  ? new DenseLayer(node.name(), g.c(), g.o(), act, wp, bp)
                  : new ConvLayer(node.name(), g, act, wp, bp));
          paramIds.add(node.input(1));
          paramIds.add(node.input(2));
        }
        case MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL -> layers.add(pool(node, in, out));
        case RELU -> layers.add(ElementwiseLayer.activation(node.name(), in, Activation.RELU));
        case RELU6 -> layers.add(ElementwiseLayer.activation(node.name(), in, Activation.RELU6));
        case RESHAPE -> layers.add(ElementwiseLayer.reshape(node.name(), in, out));
        case ADD, MUL -> {
          TensorSpec c = graph.tensor(node.input(1));
          if (!c.isConstant() || c.type() != DataType.FLOAT32) {
            throw unsupported(graph, node, "adds or multiplies two activations");
          }
          ElementwiseLayer.Kind kind =
              node.op() == OpType.ADD
                  ? ElementwiseLayer.Kind.ADD_CONSTANT
                  : ElementwiseLayer.Kind.MUL_CONSTANT;
          layers.add(ElementwiseLayer.constant(node.name(), kind, in, c.floats()));
        }
        case SOFTMAX -> {
          if (i != nodes.size() - 1) {
            throw unsupported(graph, node, "is a softmax before the last node");
          }
          // Folded into the loss: the network's output is the logits.
        }
        default -> throw unsupported(graph, node, "has no backward pass here");
      }
      current = node.output();
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(graph.name() + " has no layers to train");
    }
    return new Network(
        graph, layers, paramIds.stream().mapToInt(Integer::intValue).toArray(), maxBatch);
  }

  private static TensorSpec trainable(Graph graph, Node node, int input) {
    TensorSpec t = graph.tensor(node.input(input));
    if (!t.isConstant() || t.type() != DataType.FLOAT32) {
      throw unsupported(graph, node, "input " + t.name() + " is not a float32 constant");
    }
    return t;
  }

  private static Layer pool(Node node, TensorShape in, TensorShape out) {
    Attributes a = node.attributes();
    boolean global = node.op() == OpType.GLOBAL_AVG_POOL;
    int[] kernel = global ? new int[] {in.dim(0), in.dim(1)} : a.getInts("kernel");
    int[] strides =
        global ? new int[] {1, 1} : (a.has("strides") ? a.getInts("strides") : new int[] {1, 1});
    String mode = global ? "valid" : a.getString("padding", "valid");
    Padding py = Padding.of(mode, in.dim(0), kernel[0], strides[0]);
    Padding px = Padding.of(mode, in.dim(1), kernel[1], strides[1]);
    return new PoolLayer(
        node.name(),
        node.op() == OpType.MAX_POOL,
        in,
        kernel,
        strides,
        new int[] {py.before(), px.before()},
        new int[] {py.outputSize(), px.outputSize()},
        out);
  }

  private static IllegalArgumentException unsupported(Graph graph, Node node, String why) {
    return new IllegalArgumentException(
        graph.name()
            + ": node '"
            + node.name()
            + "' ("
            + node.op().label()
            + ") "
            + why
            + "; trainable ops: dense, conv2d, max_pool, avg_pool, global_avg_pool, relu,"
            + " relu6, reshape, add/mul with a constant, a final softmax");
  }
}
