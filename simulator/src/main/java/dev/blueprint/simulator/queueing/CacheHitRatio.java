package dev.blueprint.simulator.queueing;

/**
 * The hit ratio of an LRU cache under independent requests whose keys follow a Zipf law, by the
 * Che approximation (Che, Tung and Wang, IEEE JSAC 2002; shown to be very accurate by Fricker,
 * Robert and Roberts, ITC 2012): key i, requested with probability p_i, is in the cache if it
 * was requested within the characteristic time T, which solves Σ (1 − exp(−p_i T)) = C; the hit
 * ratio is Σ p_i (1 − exp(−p_i T)).
 *
 * <p>Keys of similar rank have similar popularity, so ranks are summed in geometric groups of
 * about 0.1 % width: millions of keys cost a few thousand terms.
 */
public final class CacheHitRatio {
  private CacheHitRatio() {}

  /**
   * @param keys distinct keys, at least 1
   * @param exponent the Zipf exponent s (0 is uniform; web and recommendation traces show 0.6 to 1.0)
   * @param capacity entries the cache holds
   * @return the hit ratio, 0 to 1
   */
  public static double lruZipf(long keys, double exponent, long capacity) {
    if (keys < 1 || capacity < 0 || !(exponent >= 0)) {
      throw new IllegalArgumentException("need keys ≥ 1, capacity ≥ 0 and a Zipf exponent ≥ 0");
    }
    if (capacity == 0) {
      return 0;
    }
    if (capacity >= keys) {
      return 1;
    }
    // Groups of ranks [start, end): (count, probability of one key in the group).
    java.util.List<double[]> groups = new java.util.ArrayList<>();
    double norm = 0;
    long start = 1;
    while (start <= keys) {
      long end = Math.min(keys + 1, Math.max(start + 1, (long) Math.ceil(start * 1.001)));
      double count = end - start;
      double middle = (start + end - 1) / 2.0;
      double weight = Math.pow(middle, -exponent);
      groups.add(new double[] {count, weight});
      norm += count * weight;
      start = end;
    }
    for (double[] g : groups) {
      g[1] /= norm;
    }
    double lo = 0;
    double hi = 1;
    while (occupancy(groups, hi) < capacity) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (occupancy(groups, mid) < capacity) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double t = (lo + hi) / 2;
    double hits = 0;
    for (double[] g : groups) {
      hits += g[0] * g[1] * -Math.expm1(-g[1] * t);
    }
    return Math.min(1, hits);
  }

  private static double occupancy(java.util.List<double[]> groups, double t) {
    double sum = 0;
    for (double[] g : groups) {
      sum += g[0] * -Math.expm1(-g[1] * t);
    }
    return sum;
  }
}
