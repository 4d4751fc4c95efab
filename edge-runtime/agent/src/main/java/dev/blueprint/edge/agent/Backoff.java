package dev.blueprint.edge.agent;

import java.time.Duration;
import java.util.Random;

/**
 * How long to wait before the next connection attempt: doubling from {@code first} up to {@code
 * max}, each delay drawn uniformly from its upper half so that a fleet whose broker came back does
 * not reconnect in one wave ("equal jitter", AWS Architecture Blog, "Exponential Backoff and
 * Jitter", 2015).
 *
 * @param first the delay after the first failure (upper bound)
 * @param max the longest delay
 */
public record Backoff(Duration first, Duration max) {
  /** One second, doubling to 30 s: a restarted broker sees devices within half a minute. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  public Backoff {
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first must be positive, got " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("max " + max + " is shorter than first " + first);
    }
  }

  /**
   * The delay after {@code failures} failures in a row (1 or more).
   *
   * @param random the jitter's source (seeded per device for reproducible drills)
   */
  public Duration delayAfter(int failures, Random random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    long cap = first.toMillis();
    for (int i = 1; i < failures && cap < max.toMillis(); i++) {
      cap *= 2;
    }
    cap = Math.min(cap, max.toMillis());
    long half = cap / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (cap - half)));
  }
}
