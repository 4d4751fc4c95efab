package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.Money;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.TimeSpan;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One published price for a device, as read from a provider on a date.
 *
 * @param provider who sells it ("AWS", "Google Cloud", "Raspberry Pi")
 * @param offer the instance type or product ("p5.48xlarge")
 * @param region the region the price is for, or empty
 * @param readOn when the price was read
 * @param devices how many devices one offer holds (8 GPUs in a p5.48xlarge)
 * @param hourly price per offer per hour by tier (purchase excluded)
 * @param purchase price to buy one offer outright, if sold
 * @param amortization the period a purchase is written off over
 * @param source the id of the citation in the profile's sources
 */
public record PriceOffer(
    String provider,
    String offer,
    String region,
    LocalDate readOn,
    int devices,
    Map<PricingTier, MoneyRate> hourly,
    Optional<Money> purchase,
    Optional<TimeSpan> amortization,
    String source) {
  public PriceOffer {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(readOn, "readOn");
    Objects.requireNonNull(purchase, "purchase");
    Objects.requireNonNull(amortization, "amortization");
    Objects.requireNonNull(source, "source");
    if (devices < 1) {
      throw new IllegalArgumentException("an offer holds at least one device, got " + devices);
    }
    if (hourly.containsKey(PricingTier.PURCHASE)) {
      throw new IllegalArgumentException(
          "a purchase is given as purchase + amortization, not per hour");
    }
    if (purchase.isPresent() != amortization.isPresent()) {
      throw new IllegalArgumentException("purchase and amortization come together");
    }
    if (hourly.isEmpty() && purchase.isEmpty()) {
      throw new IllegalArgumentException("an offer needs an hourly price or a purchase price");
    }
    hourly = hourly.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(hourly));
  }

  /** The cost of one device per hour in {@code tier}, if this offer has that tier. */
  public Optional<MoneyRate> perDevice(PricingTier tier) {
    if (tier == PricingTier.PURCHASE) {
      return purchase.map(p -> p.over(amortization.orElseThrow()).times(1.0 / devices));
    }
    return Optional.ofNullable(hourly.get(tier)).map(rate -> rate.times(1.0 / devices));
  }
}
