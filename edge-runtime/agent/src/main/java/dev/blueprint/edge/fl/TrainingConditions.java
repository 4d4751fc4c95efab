package dev.blueprint.edge.fl;

import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.units.TimeSpan;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * Reads a {@code training_conditions} section (a task file's, an agent config's): absent keys
   * take {@link #DEFAULT}'s values; problems are reported on {@code t} with their line.
   */
  public static TrainingConditions read(YamlMap t) {
    TrainingConditions d = TrainingConditions.DEFAULT;
    boolean power = t.bool("power").orElse(d.requirePower());
    boolean unmetered = t.bool("unmetered").orElse(d.requireUnmetered());
    boolean idle = t.bool("idle").orElse(d.requireIdle());
    double load = d.idleLoadPerCore();
    Optional<Double> givenLoad = t.number("idle_load_per_core");
    if (givenLoad.isPresent()) {
      try {
        new TrainingConditions(power, unmetered, idle, givenLoad.get(), d.checkEvery());
        load = givenLoad.get();
      } catch (IllegalArgumentException e) {
        t.problem("idle_load_per_core", e.getMessage());
      }
    }
    Duration every = d.checkEvery();
    Optional<TimeSpan> givenEvery = t.value("check_every", TimeSpan::parse);
    if (givenEvery.isPresent()) {
      Duration candidate =
          Duration.ofNanos((long) Math.min(givenEvery.get().seconds() * 1e9, 1e18));
      try {
        new TrainingConditions(power, unmetered, idle, load, candidate);
        every = candidate;
      } catch (IllegalArgumentException e) {
        t.problem("check_every", e.getMessage());
      }
    }
    t.finish();
    return new TrainingConditions(power, unmetered, idle, load, every);
  }
}
