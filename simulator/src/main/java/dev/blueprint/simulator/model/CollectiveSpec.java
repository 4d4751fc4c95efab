package dev.blueprint.simulator.model;

import dev.blueprint.simulator.units.DataSize;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One collective operation over a buffer, the synthetic model behind ids such as {@code
 * allreduce-1gib}.
 *
 * @param operation which collective
 * @param size the buffer each device contributes (for all-gather: the gathered result)
 */
public record CollectiveSpec(Operation operation, DataSize size) implements ModelStructure {
  public CollectiveSpec {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(size, "size");
  }

  @Override
  public double parameterCount() {
    return 0;
  }

  /** The collectives the simulator models. */
  public enum Operation {
    ALL_REDUCE("allreduce"),
    ALL_GATHER("allgather"),
    REDUCE_SCATTER("reducescatter"),
    ALL_TO_ALL("alltoall");

    private final String id;

    Operation(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Operation parse(String text) {
      String wanted = text.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
      for (Operation op : values()) {
        if (op.id.equals(wanted)) {
          return op;
        }
      }
      throw new IllegalArgumentException(
          "unknown collective '"
              + text
              + "'; expected one of "
              + Arrays.stream(values()).map(Operation::id).collect(Collectors.joining(", ")));
    }
  }
}
