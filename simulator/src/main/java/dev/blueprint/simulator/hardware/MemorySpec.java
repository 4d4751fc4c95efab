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
 * @param onChip the device has no memory of its own beyond on-chip SRAM (Coral Edge TPU, Hailo-8):
 *     {@code capacity} is the SRAM that holds the compiled model's weights and its activations, and
 *     {@code bandwidth} is the host link that carries inputs, outputs and whatever weights do not
 *     fit, streamed from host memory on every inference
 */
public record MemorySpec(
    DataSize capacity,
    Bandwidth bandwidth,
    String type,
    Optional<DataSize> usable,
    boolean onChip) {
  /** Device memory of the usual kind (DRAM or HBM). */
  public MemorySpec(
      DataSize capacity, Bandwidth bandwidth, String type, Optional<DataSize> usable) {
    this(capacity, bandwidth, type, usable, false);
  }

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
