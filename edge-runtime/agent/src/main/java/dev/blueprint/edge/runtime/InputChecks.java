package dev.blueprint.edge.runtime;

import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import java.util.List;

/** What every back end checks before running: count, type, shape (batch first), finite values. */
public final class InputChecks {
  /** The largest batch a session takes in one call; larger requests are split by the caller. */
  public static final int MAX_BATCH = 4096;

  private InputChecks() {}

  /** Checks {@code inputs} against the graph and returns the batch size. */
  public static int check(Graph graph, List<Tensor> inputs) {
    int[] ids = graph.inputs();
    if (inputs.size() != ids.length) {
      throw new InvalidModelInputException(
          "the model takes " + ids.length + " input(s), got " + inputs.size());
    }
    int batch = -1;
    for (int i = 0; i < ids.length; i++) {
      TensorSpec spec = graph.tensor(ids[i]);
      Tensor t = inputs.get(i);
      if (t.type() != spec.type()) {
        throw new InvalidModelInputException(
            "input '"
                + spec.name()
                + "' must be "
                + spec.type().label()
                + ", got "
                + t.type().label());
      }
      TensorShape s = t.shape();
      TensorShape expected = spec.shape();
      boolean ok = s.rank() == expected.rank() + 1;
      for (int d = 0; ok && d < expected.rank(); d++) {
        ok = s.dim(d + 1) == expected.dim(d);
      }
      if (!ok) {
        throw new InvalidModelInputException(
            "input '"
                + spec.name()
                + "' must have shape [batch, "
                + dims(expected)
                + "], got "
                + s);
      }
      if (batch >= 0 && s.dim(0) != batch) {
        throw new InvalidModelInputException(
            "inputs disagree on the batch size: " + batch + " and " + s.dim(0));
      }
      batch = s.dim(0);
      if (batch > MAX_BATCH) {
        throw new InvalidModelInputException("batch " + batch + " is larger than " + MAX_BATCH);
      }
      if (t.type() == DataType.FLOAT32) {
        float[] v = t.floats();
        for (int e = 0; e < v.length; e++) {
          if (!Float.isFinite(v[e])) {
            throw new InvalidModelInputException(
                "input '"
                    + spec.name()
                    + "' has "
                    + v[e]
                    + " at index "
                    + e
                    + " (sample "
                    + e / expected.size()
                    + "); inputs must be finite numbers");
          }
        }
      }
    }
    return batch;
  }

  private static String dims(TensorShape s) {
    String text = s.toString();
    return text.substring(1, text.length() - 1);
  }
}
