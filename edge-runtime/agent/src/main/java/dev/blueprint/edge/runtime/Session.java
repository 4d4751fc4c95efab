package dev.blueprint.edge.runtime;

import java.util.List;

/** A model made ready on one back end. Not thread-safe: one session per thread. */
public interface Session extends AutoCloseable {
  /** Runs the model on a batch; inputs in the graph's input order, batch first. */
  List<Tensor> run(List<Tensor> inputs);

  default Tensor run(Tensor input) {
    return run(List.of(input)).get(0);
  }

  @Override
  default void close() {}
}
