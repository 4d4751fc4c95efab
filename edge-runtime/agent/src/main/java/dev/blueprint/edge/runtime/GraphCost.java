package dev.blueprint.edge.runtime;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.TensorShape;

/**
 * Arithmetic per sample: multiply-adds of the matrix and convolution layers, counted as 2 ops each.
 */
public final class GraphCost {
  private GraphCost() {}

  public static double opsPerSample(Graph g) {
    double ops = 0;
    for (Node n : g.nodes()) {
      ops += opsPerSample(g, n);
    }
    return ops;
  }

  public static double opsPerSample(Graph g, Node n) {
    TensorShape out = g.tensor(n.output()).shape();
    TensorShape w = n.inputCount() > 1 ? g.tensor(n.input(1)).shape() : null;
    return switch (n.op()) {
      case DENSE -> 2.0 * w.size();
      case CONV2D -> 2.0 * out.dim(0) * out.dim(1) * w.size();
      case DEPTHWISE_CONV2D -> 2.0 * out.size() * w.dim(0) * w.dim(1);
      default -> 0;
    };
  }
}
