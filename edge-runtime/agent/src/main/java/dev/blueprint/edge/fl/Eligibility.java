package dev.blueprint.edge.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether the device may train now, and a stop signal for a trainer that is already running: the
 * signals are read again at most every {@link TrainingConditions#checkEvery} (reading sysfs on
 * every mini-batch would cost more than small models' steps).
 */
public final class Eligibility {
  private final TrainingConditions conditions;
  private final DeviceSignals signals;
  private final LongSupplier nanoTime;

  public Eligibility(TrainingConditions conditions, DeviceSignals signals, LongSupplier nanoTime) {
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Why the device may not train now, or empty when it may. */
  public Optional<String> whyNot() {
    return whyNot(0);
  }

  /**
   * As {@link #whyNot()}, not counting {@code ownLoadPerCore} of the load: what the device's own
   * training adds while it runs (one busy thread adds 1/processors to the load per core), which
   * must not make a device that was idle look busy to itself.
   */
  public Optional<String> whyNot(double ownLoadPerCore) {
    List<String> reasons = new ArrayList<>();
    if (conditions.requirePower() && !signals.onExternalPower()) {
      reasons.add("on battery");
    }
    if (conditions.requireUnmetered() && !signals.unmetered()) {
      reasons.add("network metered");
    }
    if (conditions.requireIdle()) {
      double load = signals.loadPerCore() - ownLoadPerCore;
      if (load >= conditions.idleLoadPerCore()) {
        reasons.add(
            String.format(
                "busy (load %.2f per core, idle below %.2f)", load, conditions.idleLoadPerCore()));
      }
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", reasons));
  }

  /**
   * A stop signal for one training run: true while the device stays eligible, re-checked at most
   * every {@code checkEvery}; once false it stays false (a run that lost eligibility is abandoned,
   * not resumed half-way).
   */
  public BooleanSupplier whileEligible() {
    return whileEligible(0);
  }

  /**
   * As {@link #whileEligible()}, not counting the training's own load ({@link #whyNot(double)}).
   */
  public BooleanSupplier whileEligible(double ownLoadPerCore) {
    long period = conditions.checkEvery().toNanos();
    return new BooleanSupplier() {
      private long nextCheck = Long.MIN_VALUE;
      private boolean eligible = true;

      @Override
      public boolean getAsBoolean() {
        if (!eligible) {
          return false;
        }
        long now = nanoTime.getAsLong();
        if (nextCheck == Long.MIN_VALUE || now - nextCheck >= 0) {
          eligible = whyNot(ownLoadPerCore).isEmpty();
          nextCheck = now + period;
        }
        return eligible;
      }
    };
  }
}
