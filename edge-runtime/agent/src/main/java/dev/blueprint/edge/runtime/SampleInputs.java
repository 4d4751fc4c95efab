package dev.blueprint.edge.runtime;

import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs of the right shape when no data set is at hand: floats uniform in [0, 1) and ids uniform
 * over the table that reads them. Timing does not depend on the values; accuracy does, so {@code
 * eval} never uses these.
 */
public final class SampleInputs {
  private SampleInputs() {}

  public static List<Tensor> synthetic(Graph g, int batch, long seed) {
    Random r = new Random(seed);
    List<Tensor> out = new ArrayList<>();
    for (int id : g.inputs()) {
      TensorSpec spec = g.tensor(id);
      int n = batch * spec.shape().size();
      if (spec.type() == DataType.INT32) {
        int rows = tableRows(g, id);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = r.nextInt(rows);
        }
        out.add(Tensor.of(spec.shape().withBatch(batch), v));
      } else {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = r.nextFloat();
        }
        out.add(Tensor.of(spec.shape().withBatch(batch), v));
      }
    }
    return out;
  }

  private static int tableRows(Graph g, int idsTensor) {
    int rows = Integer.MAX_VALUE;
    for (Node n : g.nodes()) {
      if ((n.op() == OpType.EMBEDDING || n.op() == OpType.EMBEDDING_BAG)
          && n.input(0) == idsTensor) {
        rows = Math.min(rows, g.tensor(n.input(1)).shape().dim(0));
      }
    }
    return rows == Integer.MAX_VALUE ? 1 : rows;
  }
}
