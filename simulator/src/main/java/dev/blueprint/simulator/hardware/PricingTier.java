package dev.blueprint.simulator.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How capacity is paid for. */
public enum PricingTier {
  ON_DEMAND("on-demand"),
  SPOT("spot"),
  RESERVED_1Y("reserved-1y"),
  RESERVED_3Y("reserved-3y"),
  /** Bought outright and written off over the profile's amortisation period. */
  PURCHASE("purchase");

  private final String id;

  PricingTier(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static PricingTier parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (PricingTier tier : values()) {
      if (tier.id.equals(wanted)) {
        return tier;
      }
    }
    throw new IllegalArgumentException(
        "unknown pricing '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(PricingTier::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
