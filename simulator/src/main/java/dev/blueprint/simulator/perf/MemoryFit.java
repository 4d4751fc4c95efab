package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.units.DataSize;

/**
 * The memory rule of batch workloads (roofline, batch serving): a plan may use {@link
 * MemoryBudget#USABLE_FRACTION} of what the driver exposes. Language-model serving has its own
 * engine-style plan ({@link LlmServing#memory}) with a fixed runtime reserve.
 */
public final class MemoryFit {
  private MemoryFit() {}

  /** What a batch plan may use on one device. */
  public static DataSize budget(HardwareProfile hardware) {
    return DataSize.bytes(hardware.memory().allocatable().bytes() * MemoryBudget.USABLE_FRACTION);
  }

  /**
   * Whether {@code bytes} per device stay within the {@link #budget}; always on a device whose
   * memory is on-chip SRAM.
   */
  public static boolean fits(HardwareProfile hardware, double bytes) {
    // A device with on-chip memory only streams what does not fit from host memory
    // (Workloads.onDevice), so every model runs on it.
    return hardware.memory().onChip() || bytes <= budget(hardware).bytes();
  }

  /**
   * @param what a description of the need, for the message
   * @throws DoesNotFitException naming the need, the budget compared against and the shortfall
   */
  public static void require(HardwareProfile hardware, double bytes, String what) {
    if (!fits(hardware, bytes)) {
      throw new DoesNotFitException(
          "does not fit: "
              + what
              + " needs "
              + DataSize.bytes(bytes).toHumanString()
              + " per device, but "
              + budgetPhrase(hardware)
              + "; use more devices (tensor or pipeline parallelism), a smaller batch or a narrower precision");
    }
  }

  /** "h100-sxm can plan on 72.3GB (95% of the 76.1GB it exposes)", for messages. */
  static String budgetPhrase(HardwareProfile hardware) {
    return hardware.id()
        + " can plan on "
        + budget(hardware).toHumanString()
        + " ("
        + Math.round(MemoryBudget.USABLE_FRACTION * 100)
        + "% of the "
        + hardware.memory().allocatable().toHumanString()
        + " it exposes)";
  }

  /** A configuration that needs more memory than the device has. */
  public static final class DoesNotFitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DoesNotFitException(String message) {
      super(message);
    }
  }
}
