package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fresh starting weights for a federated task, so that federated training starts from nothing
 * rather than from a model already trained centrally on the same people. Two schemes, each the
 * default of the framework whose published baselines we compare with: Keras' (Glorot-uniform
 * weights, zero biases; the shipped models were trained with it) and PyTorch's ({@code
 * kaiming_uniform_(a=√5)}, i.e. weights and biases uniform in ±1/√fan_in; Flower's and NIID-Bench's
 * baselines use it). The same seed gives the same weights.
 */
public enum Initialization {
  KERAS,
  PYTORCH;

  /** {@code graph} with every dense and conv2d weight and bias drawn anew. */
  public Graph reinitialise(Graph graph, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TensorSpec> tensors = new ArrayList<>(graph.tensors());
    for (Node node : graph.nodes()) {
      if (node.op() != OpType.DENSE && node.op() != OpType.CONV2D) {
        continue;
      }
      TensorSpec w = graph.tensor(node.input(1));
      TensorShape shape = w.shape();
      int fanOut = shape.dim(0);
      int fanIn = shape.size() / fanOut;
      // Keras counts the receptive field in both fans: fan_out = out channels x kh x kw.
      int receptive = shape.rank() == 4 ? shape.dim(1) * shape.dim(2) : 1;
      double weightBound =
          this == KERAS
              ? Math.sqrt(6.0 / (fanIn + (double) fanOut * receptive))
              : 1.0 / Math.sqrt(fanIn);
      tensors.set(
          node.input(1),
          TensorSpec.constant(w.name(), shape, uniform(random, shape.size(), weightBound)));
      if (node.inputCount() == 3) {
        TensorSpec b = graph.tensor(node.input(2));
        float[] bias =
            this == KERAS
                ? new float[b.shape().size()]
                : uniform(random, b.shape().size(), 1.0 / Math.sqrt(fanIn));
        tensors.set(node.input(2), TensorSpec.constant(b.name(), b.shape(), bias));
      }
    }
    return new Graph(
        graph.name(), graph.metadata(), tensors, graph.nodes(), graph.inputs(), graph.outputs());
  }

  private static float[] uniform(SplittableRandom random, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return v;
  }
}
