package dev.blueprint.edge.fl;

import java.time.Duration;
import java.util.Objects;

/**
 * When a device may train, as the agent configuration states it: on external power, on an unmetered
 * network, and idle (the 1-minute load average per core below a bound). Training that is running
 * stops when a condition stops holding, within {@link #checkEvery} plus one training step.
 *
 * @param requirePower train only on mains or USB power, or a battery that is charging or full
 * @param requireUnmetered train only when the network is unmetered
 * @param requireIdle train only when the load per core is below {@code idleLoadPerCore}
 * @param idleLoadPerCore the 1-minute load average per core that still counts as idle
 * @param checkEvery how often the signals are read again while training
 */
public record TrainingConditions(
    boolean requirePower,
    boolean requireUnmetered,
    boolean requireIdle,
    double idleLoadPerCore,
    Duration checkEvery) {

  /** On power, unmetered, load per core under 0.5, checked every 250 ms. */
  public static final TrainingConditions DEFAULT =
      new TrainingConditions(true, true, true, 0.5, Duration.ofMillis(250));

  /** No conditions (a bench device, a simulation). */
  public static final TrainingConditions ALWAYS =
      new TrainingConditions(false, false, false, Double.MAX_VALUE, Duration.ofMillis(250));

  public TrainingConditions {
    Objects.requireNonNull(checkEvery, "checkEvery");
    if (!(idleLoadPerCore > 0)) {
      throw new IllegalArgumentException(
          "idle load per core must be positive, got " + idleLoadPerCore);
    }
    if (checkEvery.isNegative() || checkEvery.compareTo(Duration.ofMillis(500)) > 0) {
      throw new IllegalArgumentException(
          "conditions must be checked at least every 500 ms (training stops within 1 s), got "
              + checkEvery);
    }
  }
}
