package dev.blueprint.simulator.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The hit ratio of an LRU cache under independent requests whose keys follow a Zipf law, by the Che
 * approximation (Che, Tung and Wang, IEEE JSAC 2002; shown to be very accurate by Fricker, Robert
 * and Roberts, ITC 2012): key i, requested with probability p_i, is in the cache if it was
 * requested within the characteristic time T, which solves Σ (1 − exp(−p_i T)) = C; the hit ratio
 * is Σ p_i (1 − exp(−p_i T)).
 *
 * <p>Keys of similar rank have similar popularity, so ranks are summed in geometric groups of about
 * 0.1 % width: millions of keys cost a few thousand terms.
 */
public final class CacheHitRatio {
  private CacheHitRatio() {}

  /**
   * @param keys distinct keys, at least 1
   * @param exponent the Zipf exponent s (0 is uniform; web and recommendation traces show 0.6 to
   *     1.0)
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
    List<double[]> groups = groups(keys, exponent);
    double t = characteristicTime(groups, capacity);
    double hits = 0;
    for (double[] g : groups) {
      hits += g[0] * g[1] * -Math.expm1(-g[1] * t);
    }
    return Math.min(1, hits);
  }

  /**
   * How the hit ratio of an LRU cache that starts empty grows with the requests it has seen. In the
   * Che picture a key is in the cache when it was requested within the last T requests; a cache
   * that has seen only n &lt; T requests has evicted nothing yet, so it holds every key requested
   * so far, and its hit ratio is Σ p_i (1 − exp(−p_i min(n, T))): the steady-state ratio once n
   * reaches T.
   *
   * @return the hit ratio after 0, 1, 2, ... requests, tabulated on a log scale up to T
   */
  public static Warming lruZipfWarming(long keys, double exponent, long capacity) {
    if (keys < 1 || capacity < 0 || !(exponent >= 0)) {
      throw new IllegalArgumentException("need keys ≥ 1, capacity ≥ 0 and a Zipf exponent ≥ 0");
    }
    List<double[]> groups = groups(keys, exponent);
    double t =
        capacity == 0
            ? 0
            : capacity >= keys ? Double.POSITIVE_INFINITY : characteristicTime(groups, capacity);
    // Beyond ~1e12 requests no run reaches: a cache that holds every key is warm by then.
    double end = Math.min(t, 1e12);
    int points = Warming.POINTS;
    double[] requests = new double[points];
    double[] ratio = new double[points];
    for (int k = 0; k < points; k++) {
      double n = end <= 1 ? end : Math.pow(end, k / (double) (points - 1));
      requests[k] = n;
      double hits = 0;
      for (double[] g : groups) {
        hits += g[0] * g[1] * -Math.expm1(-g[1] * n);
      }
      ratio[k] = Math.min(1, hits);
    }
    return new Warming(requests, ratio);
  }

  /** The warming curve: hit ratio against requests seen, interpolated on a log scale. */
  public static final class Warming {
    static final int POINTS = 256;
    private final double[] requests;
    private final double[] ratio;

    Warming(double[] requests, double[] ratio) {
      this.requests = requests;
      this.ratio = ratio;
    }

    /** The hit ratio of the next request after {@code seen} requests. */
    public double hitRatioAfter(double seen) {
      if (seen <= 0) {
        return 0;
      }
      int last = requests.length - 1;
      if (seen >= requests[last]) {
        return ratio[last];
      }
      if (seen <= requests[0]) {
        return ratio[0] * seen / Math.max(requests[0], 1e-300);
      }
      double position = Math.log(seen) / Math.log(requests[last]) * last;
      int k = Math.min(last - 1, (int) position);
      double f = position - k;
      return ratio[k] + (ratio[k + 1] - ratio[k]) * f;
    }

    /** The ratio once warm. */
    public double steady() {
      return ratio[ratio.length - 1];
    }
  }

  /** The Che characteristic time T (in requests): Σ (1 − exp(−p_i T)) = capacity, by bisection. */
  private static double characteristicTime(List<double[]> groups, long capacity) {
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
    return (lo + hi) / 2;
  }

  /**
   * Ranks in geometric groups of about 0.1 % width: (count, probability of one key in the group),
   * so millions of keys cost a few thousand terms.
   */
  private static List<double[]> groups(long keys, double exponent) {
    List<double[]> groups = new ArrayList<>();
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
    return groups;
  }

  private static double occupancy(List<double[]> groups, double t) {
    double sum = 0;
    for (double[] g : groups) {
      sum += g[0] * -Math.expm1(-g[1] * t);
    }
    return sum;
  }
}
