package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * On-chip memory.
 *
 * @param l2 last-level cache of a GPU, if published
 * @param l3 CPU last-level cache, if published
 * @param sram software-managed on-chip memory (TPU VMEM/CMEM, Edge TPU parameter memory)
 * @param bandwidth measured read bandwidth of the largest on-chip memory, if published
 */
public record OnChipMemory(
    Optional<DataSize> l2,
    Optional<DataSize> l3,
    Optional<DataSize> sram,
    Optional<Bandwidth> bandwidth) {
  public static final OnChipMemory NONE =
      new OnChipMemory(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public OnChipMemory {
    Objects.requireNonNull(l2, "l2");
    Objects.requireNonNull(l3, "l3");
    Objects.requireNonNull(sram, "sram");
    Objects.requireNonNull(bandwidth, "bandwidth");
  }

  /** The largest on-chip memory, or zero. */
  public DataSize largest() {
    double bytes = 0;
    for (Optional<DataSize> size : List.of(l2, l3, sram)) {
      bytes = Math.max(bytes, size.map(DataSize::bytes).orElse(0.0));
    }
    return DataSize.bytes(bytes);
  }
}
