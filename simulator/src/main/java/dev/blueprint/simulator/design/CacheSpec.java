package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache in front of work (results, features, embeddings, semantic answers): a lookup takes {@code
 * hitLatency} on a hit and {@code missLatency} to learn it missed; a hit skips the work.
 *
 * @param name the component's name
 * @param hitRatio the share of lookups that hit, 0 to 1 (given, or derived from key popularity)
 * @param derivedFrom how the hit ratio was found, for reports ("given", or "LRU, Zipf 0.9, …")
 * @param hitLatency lookup time of a hit, seconds
 * @param missLatency lookup time of a miss, seconds
 * @param cost what the cache costs
 */
public record CacheSpec(
    String name,
    double hitRatio,
    String derivedFrom,
    Distribution hitLatency,
    Distribution missLatency,
    MoneyRate cost,
    Optional<Popularity> popularity,
    boolean coldStart)
    implements ComponentSpec {
  /**
   * The key popularity a hit ratio was derived from: {@code keys} keys requested by a Zipf law of
   * {@code exponent}, an LRU cache of {@code capacity} entries.
   */
  public record Popularity(long keys, double exponent, long capacity) {}

  /** A warm cache with a given hit ratio. */
  public CacheSpec(
      String name,
      double hitRatio,
      String derivedFrom,
      Distribution hitLatency,
      Distribution missLatency,
      MoneyRate cost) {
    this(name, hitRatio, derivedFrom, hitLatency, missLatency, cost, Optional.empty(), false);
  }

  public CacheSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(derivedFrom, "derivedFrom");
    Objects.requireNonNull(hitLatency, "hitLatency");
    Objects.requireNonNull(missLatency, "missLatency");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(popularity, "popularity");
    if (!(hitRatio >= 0 && hitRatio <= 1)) {
      throw new IllegalArgumentException("a hit ratio is between 0% and 100%, got " + hitRatio);
    }
    if (coldStart && popularity.isEmpty()) {
      throw new IllegalArgumentException(
          "cache '"
              + name
              + "': a cold start needs the key popularity (keys, zipf, "
              + "capacity); a given hit_ratio says nothing about how fast the cache fills");
    }
  }

  /** The same cache, starting empty. */
  public CacheSpec cold() {
    return new CacheSpec(
        name, hitRatio, derivedFrom, hitLatency, missLatency, cost, popularity, true);
  }

  @Override
  public String kind() {
    return "cache";
  }
}
