package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * A cache in front of work (results, features, embeddings, semantic answers): a lookup takes
 * {@code hitLatency} on a hit and {@code missLatency} to learn it missed; a hit skips the work.
 *
 * @param name the component's name
 * @param hitRatio the share of lookups that hit, 0 to 1 (given, or derived from key popularity)
 * @param derivedFrom how the hit ratio was found, for reports ("given", or "LRU, Zipf 0.9, …")
 * @param hitLatency lookup time of a hit, seconds
 * @param missLatency lookup time of a miss, seconds
 * @param cost what the cache costs
 */
public record CacheSpec(
    String name, double hitRatio, String derivedFrom, Distribution hitLatency, Distribution missLatency, MoneyRate cost)
    implements ComponentSpec {
  public CacheSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(derivedFrom, "derivedFrom");
    Objects.requireNonNull(hitLatency, "hitLatency");
    Objects.requireNonNull(missLatency, "missLatency");
    Objects.requireNonNull(cost, "cost");
    if (!(hitRatio >= 0 && hitRatio <= 1)) {
      throw new IllegalArgumentException("a hit ratio is between 0% and 100%, got " + hitRatio);
    }
  }

  @Override
  public String kind() {
    return "cache";
  }
}
