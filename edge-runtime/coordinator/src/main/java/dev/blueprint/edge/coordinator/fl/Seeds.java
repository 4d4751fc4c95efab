package dev.blueprint.edge.coordinator.fl;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeds derived from a task's or run's master seed, and seeded draws: every random choice of a
 * federated round (which clients, which attack, which shuffle) comes from here, so a run repeats
 * bit for bit and a resumed one makes the same choices.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * A seed for one (round, index) pair of {@code seed}: SplitMix64's finaliser over the three
   * numbers, so neighbouring rounds and clients get unrelated streams.
   */
  public static long mix(long seed, long round, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (round + 1) + 0xBF58476D1CE4E5B9L * (index + 2);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * {@code k} distinct indices of {@code 0..n-1} (at most n), drawn with {@code seed}, ascending.
   */
  public static int[] draw(int n, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] pool = new int[n];
    for (int i = 0; i < n; i++) {
      pool[i] = i;
    }
    int count = Math.min(k, n);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(n - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    int[] chosen = Arrays.copyOf(pool, count);
    Arrays.sort(chosen);
    return chosen;
  }
}
