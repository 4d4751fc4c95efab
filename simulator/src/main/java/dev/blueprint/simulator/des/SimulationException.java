package dev.blueprint.simulator.des;

import java.util.Locale;

/** A run that cannot go on, with the simulated time and the component where it stopped. */
public final class SimulationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final double timeSeconds;
  private final String component;

  public SimulationException(double timeSeconds, String component, String message) {
    super(String.format(Locale.ROOT, "at t=%.6gs in %s: %s", timeSeconds, component, message));
    this.timeSeconds = timeSeconds;
    this.component = component;
  }

  public double timeSeconds() {
    return timeSeconds;
  }

  public String component() {
    return component;
  }
}
