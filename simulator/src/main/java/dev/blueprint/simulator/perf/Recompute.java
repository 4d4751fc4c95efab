package dev.blueprint.simulator.perf;

import java.util.Locale;

/** Activation recomputation (checkpointing) during training. */
public enum Recompute {
  /** Keep every activation for the backward pass. */
  NONE("none"),
  /** Recompute only the attention core (Korthikanti et al. 2022). */
  SELECTIVE("selective"),
  /**
   * Recompute the MLP's input projections (gate and up) and keep every other matrix product's
   * output: MaxText's {@code save_dot_except_mlpwi} remat policy.
   */
  MLP_INPUT("mlp-input"),
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
        "unknown recompute '" + text + "'; expected none, selective, mlp-input or full");
  }

  /**
   * A MaxText {@code remat_policy}: {@code full}; {@code minimal} and the offloading policies keep
   * every matrix product's output ({@code NONE}; the host transfers of offloading are not charged);
   * {@code save_dot_except_mlpwi} and {@code save_dot_except_mlp} recompute the MLP's input
   * projections.
   *
   * @throws IllegalArgumentException for a policy not known here
   */
  public static Recompute fromMaxTextPolicy(String policy) {
    String p = policy.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (p.equals("full")) {
      return FULL;
    }
    if (p.startsWith("save_dot_except_mlp")) {
      return MLP_INPUT;
    }
    if (p.equals("minimal") || p.contains("offload") || p.equals("save_dot_only")) {
      return NONE;
    }
    throw new IllegalArgumentException(
        "MaxText remat policy '"
            + policy
            + "' is not modelled; known: full, minimal, save_dot_except_mlpwi, save_dot_except_mlp,"
            + " *offload*");
  }

  @Override
  public String toString() {
    return id;
  }
}
