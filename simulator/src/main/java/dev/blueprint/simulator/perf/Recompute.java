package dev.blueprint.simulator.perf;

import java.util.Locale;

/** Activation recomputation (checkpointing) during training. */
public enum Recompute {
  /** Keep every activation for the backward pass. */
  NONE("none"),
  /** Recompute only the attention core (Korthikanti et al. 2022). */
  SELECTIVE("selective"),
  /** Keep only each block's input and rerun its forward pass before the backward pass. */
  FULL("full");

  private final String id;

  Recompute(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Recompute parse(String text) {
    for (Recompute r : values()) {
      if (r.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown recompute '" + text + "'; expected none, selective or full");
  }

  @Override
  public String toString() {
    return id;
  }
}
