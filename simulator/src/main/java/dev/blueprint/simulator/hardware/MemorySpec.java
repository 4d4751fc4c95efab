package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import java.util.Objects;

/**
 * Device memory.
 *
 * @param capacity as the datasheet gives it
 * @param bandwidth peak bandwidth
 * @param type the memory technology ("HBM3"), or empty when not given
 */
public record MemorySpec(DataSize capacity, Bandwidth bandwidth, String type) {
  public MemorySpec {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(bandwidth, "bandwidth");
    Objects.requireNonNull(type, "type");
    if (capacity.bytes() <= 0 || bandwidth.bytesPerSecond() <= 0) {
      throw new IllegalArgumentException(
          "memory capacity and bandwidth must be positive, got " + capacity + " and " + bandwidth);
    }
  }
}
