package dev.blueprint.simulator.cost;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.units.Money;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.Objects;

/**
 * What running {@code devices} devices costs, from the device profile's published prices.
 *
 * @param hardwareId the device
 * @param devices how many run
 * @param requestedTier the tier asked for
 * @param appliedTier the tier the price came from (falls back to on-demand, then to an amortised
 *     purchase, when the device has no offer in the asked tier)
 * @param perDevice price of one device per hour
 */
public record CostEstimate(
    String hardwareId,
    int devices,
    PricingTier requestedTier,
    PricingTier appliedTier,
    MoneyRate perDevice) {
  public CostEstimate {
    Objects.requireNonNull(hardwareId, "hardwareId");
    Objects.requireNonNull(requestedTier, "requestedTier");
    Objects.requireNonNull(appliedTier, "appliedTier");
    Objects.requireNonNull(perDevice, "perDevice");
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be at least 1, got " + devices);
    }
  }

  public static CostEstimate of(HardwareProfile hardware, int devices, PricingTier tier) {
    HardwareProfile.PriceQuote quote = hardware.priceFor(tier);
    return new CostEstimate(hardware.id(), devices, tier, quote.tier(), quote.perDevice());
  }

  /** All devices together. */
  public MoneyRate rate() {
    return perDevice.times(devices);
  }

  public double dollarsPerHour() {
    return rate().dollarsPerHour();
  }

  /** Per month of 730 hours, running all the time. */
  public double dollarsPerMonth() {
    return rate().dollarsPerMonth();
  }

  /** What {@code span} of running costs. */
  public Money over(TimeSpan span) {
    return rate().times(span);
  }

  /** Dollars per million units (tokens, requests) produced at {@code unitsPerSecond}. */
  public double dollarsPerMillion(double unitsPerSecond) {
    if (!(unitsPerSecond > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return rate().dollarsPerSecond() * 1e6 / unitsPerSecond;
  }
}
