package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import java.util.Objects;
import java.util.Optional;

/**
 * Device memory.
 *
 * @param capacity as the datasheet gives it
 * @param bandwidth peak bandwidth
 * @param type the memory technology ("HBM3"), or empty when not given
 * @param usable what the driver exposes to programs (nvidia-smi's total), if published; it differs
 *     from the marketing capacity ("80GB" HBM3 is 81559 MiB)
 */
public record MemorySpec(
    DataSize capacity, Bandwidth bandwidth, String type, Optional<DataSize> usable) {
  public MemorySpec {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(bandwidth, "bandwidth");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(usable, "usable");
    if (capacity.bytes() <= 0 || bandwidth.bytesPerSecond() <= 0) {
      throw new IllegalArgumentException(
          "memory capacity and bandwidth must be positive, got " + capacity + " and " + bandwidth);
    }
  }

  /** The memory programs can allocate: the published usable figure, else the capacity. */
  public DataSize allocatable() {
    return usable.orElse(capacity);
  }
}
