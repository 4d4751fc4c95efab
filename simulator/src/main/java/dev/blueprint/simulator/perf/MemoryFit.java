package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.units.DataSize;

/** Checks that what a configuration needs fits in a device's memory. */
public final class MemoryFit {
  private MemoryFit() {}

  /**
   * @param what a description of the need, for the message
   * @throws DoesNotFitException naming the need, the capacity and the shortfall
   */
  public static void require(HardwareProfile hardware, double bytes, String what) {
    double capacity = hardware.memory().allocatable().bytes();
    if (bytes > capacity) {
      throw new DoesNotFitException(
          "does not fit: " + what + " needs " + DataSize.bytes(bytes).toHumanString() + " per device, but "
              + hardware.id() + " has " + hardware.memory().capacity().toHumanString()
              + "; use more devices (tensor or pipeline parallelism), a smaller batch or a narrower precision");
    }
  }

  /** A configuration that needs more memory than the device has. */
  public static final class DoesNotFitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DoesNotFitException(String message) {
      super(message);
    }
  }
}
