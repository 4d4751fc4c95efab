package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import java.util.Objects;

/**
 * A collective a parallel pass needs.
 *
 * @param name what it synchronises ({@code attn.allreduce})
 * @param operation which collective
 * @param bytes the buffer per device
 * @param devices the group size
 */
public record CollectiveCall(String name, Operation operation, double bytes, int devices) {
  public CollectiveCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operation, "operation");
    if (bytes < 0 || devices < 1) {
      throw new IllegalArgumentException(
          name + ": bytes must not be negative and devices positive");
    }
  }
}
