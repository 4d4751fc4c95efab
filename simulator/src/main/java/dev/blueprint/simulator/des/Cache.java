package dev.blueprint.simulator.des;

import dev.blueprint.simulator.cache.CacheHitRatio;
import dev.blueprint.simulator.design.CacheSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * A cache lookup: each request hits with the cache's hit ratio (for a cache that starts cold, the
 * ratio after the lookups it has seen so far), takes the hit or miss latency (lookups run
 * concurrently, as against a cache cluster), and leaves on outlet 1 on a hit (the flow skips the
 * work the cache covers) or outlet 0 on a miss.
 */
final class Cache extends Component {
  private static final int MISS = 0;
  private static final int HIT = 1;

  private final double hitRatio;

  /** For a cache that starts empty, how its hit ratio grows; null for a warm one. */
  private final CacheHitRatio.Warming warming;

  private long seen;
  private final UniformRandomProvider random;
  private final ContinuousSampler hitLatency;
  private final ContinuousSampler missLatency;
  private int inService;
  private long lookups;
  private long hits;

  Cache(CacheSpec spec, UniformRandomProvider random, double bucketSeconds) {
    super(spec.name(), bucketSeconds);
    this.hitRatio = spec.hitRatio();
    this.warming =
        spec.coldStart()
            ? spec.popularity()
                .map(p -> CacheHitRatio.lruZipfWarming(p.keys(), p.exponent(), p.capacity()))
                .orElseThrow()
            : null;
    this.random = random;
    this.hitLatency = spec.hitLatency().sampler(random);
    this.missLatency = spec.missLatency().sampler(random);
  }

  @Override
  int servers() {
    return Integer.MAX_VALUE;
  }

  @Override
  void arrive(int request, double now) {
    engine.requests.entered[request] = now;
    double ratio = warming == null ? hitRatio : warming.hitRatioAfter(seen++);
    boolean hit = random.nextDouble() < ratio;
    if (engine.isMeasured(request)) {
      stats.arrivals++;
      lookups++;
      if (hit) {
        hits++;
      }
    }
    inService++;
    stats.busy.set(now, inService);
    engine.schedule(
        now + (hit ? hitLatency : missLatency).sample(), handler, hit ? HIT : MISS, request, 0);
  }

  @Override
  void fire(int kind, int request, int aux, double now) {
    inService--;
    stats.busy.set(now, inService);
    if (engine.isMeasured(request)) {
      stats.recordSojourn(now - engine.requests.entered[request]);
    }
    engine.leave(request, kind == HIT ? 1 : 0, now);
  }

  @Override
  Map<String, Double> details() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("hit_ratio", lookups == 0 ? Double.NaN : hits / (double) lookups);
    return d;
  }
}
