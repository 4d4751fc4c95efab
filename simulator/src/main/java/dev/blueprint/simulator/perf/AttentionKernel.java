package dev.blueprint.simulator.perf;

import java.util.Locale;

/** How attention is computed during training. */
public enum AttentionKernel {
  /** FlashAttention: scores stay on chip, masked blocks are skipped. */
  FLASH("flash"),
  /**
   * Two batched GEMMs with the full score matrix written to memory between them, scaled, masked,
   * soft-maxed and dropped out by separate passes (Megatron-LM before FlashAttention).
   */
  UNFUSED("unfused");

  private final String id;

  AttentionKernel(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static AttentionKernel parse(String text) {
    for (AttentionKernel k : values()) {
      if (k.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown attention kernel '" + text + "'; expected flash or unfused");
  }

  @Override
  public String toString() {
    return id;
  }
}
