package dev.blueprint.simulator.des;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from one master seed, one per name ("arrivals",
 * "component:ranker"). A stream depends only on the seed, the replication and its name, so adding a
 * component does not change the numbers another component draws, and the same seed gives the same
 * run on any machine (the generator, xoroshiro128++, is fully specified).
 */
public final class RandomStreams {
  /** The seed a run uses when none is given. */
  public static final long DEFAULT_SEED = 12345L;

  private final long seed;
  private final int replication;

  public RandomStreams(long seed, int replication) {
    this.seed = seed;
    this.replication = replication;
  }

  public long seed() {
    return seed;
  }

  public int replication() {
    return replication;
  }

  /** The stream called {@code name}. */
  public UniformRandomProvider stream(String name) {
    long state = mix(seed ^ mix(fnv1a(name)) ^ mix(0x9E3779B97F4A7C15L * (replication + 1L)));
    long first = mix(state);
    long second = mix(state + 0x9E3779B97F4A7C15L);
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {first, second});
  }

  // SplitMix64's finaliser: spreads nearby inputs over the whole 64-bit range.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv1a(String name) {
    long hash = 0xCBF29CE484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= 0x100000001B3L;
    }
    return hash;
  }
}
