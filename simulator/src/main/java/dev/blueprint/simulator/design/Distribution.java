package dev.blueprint.simulator.design;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousUniformSampler;
import org.apache.commons.rng.sampling.distribution.LogNormalSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A distribution of non-negative values in a base unit (seconds for times, plain counts for token
 * lengths), as a design file writes it: {@code exponential(mean=1s)}, {@code lognormal(median=20ms,
 * p99=80ms)}. Each knows its mean and variance, which the analytic queueing formulas use, and makes
 * samplers over a given random stream.
 */
public sealed interface Distribution {
  double mean();

  /** The variance; {@code 0} for a constant. */
  double variance();

  /** The squared coefficient of variation, {@code variance / mean²}. */
  default double scv() {
    return mean() == 0 ? 0 : variance() / (mean() * mean());
  }

  /** A sampler drawing from {@code random}; samplers are not thread-safe, like their streams. */
  ContinuousSampler sampler(UniformRandomProvider random);

  /** The canonical text form, in base units ({@code exponential(mean=1)}). */
  String describe();

  /** Exponentially distributed: memoryless service or inter-arrival times. */
  record Exponential(double mean) implements Distribution {
    public Exponential {
      positive("mean", mean);
    }

    @Override
    public double variance() {
      return mean * mean;
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      return ZigguratSampler.Exponential.of(random, mean);
    }

    @Override
    public String describe() {
      return "exponential(mean=" + number(mean) + ")";
    }
  }

  /** Always the same value. */
  record Deterministic(double value) implements Distribution {
    public Deterministic {
      nonNegative("value", value);
    }

    @Override
    public double mean() {
      return value;
    }

    @Override
    public double variance() {
      return 0;
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      return () -> value;
    }

    @Override
    public String describe() {
      return "deterministic(" + number(value) + ")";
    }
  }

  /**
   * {@code exp(N(mu, sigma²))}: the usual shape of measured service latencies, a long right tail
   * with no negative values.
   */
  record LogNormal(double mu, double sigma) implements Distribution {
    public LogNormal {
      if (!Double.isFinite(mu)) {
        throw new IllegalArgumentException("lognormal mu must be finite, got " + mu);
      }
      positive("sigma", sigma);
    }

    /** The lognormal with this mean and coefficient of variation. */
    public static LogNormal ofMeanCv(double mean, double cv) {
      positive("mean", mean);
      positive("cv", cv);
      double sigma2 = Math.log1p(cv * cv);
      return new LogNormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
    }

    /** The lognormal with this median and 99th percentile ({@code p99 > median}). */
    public static LogNormal ofMedianP99(double median, double p99) {
      positive("median", median);
      if (!(p99 > median)) {
        throw new IllegalArgumentException(
            "p99 must be above the median, got median "
                + number(median)
                + " and p99 "
                + number(p99));
      }
      // z(0.99) of the standard normal.
      return new LogNormal(Math.log(median), Math.log(p99 / median) / 2.3263478740408408);
    }

    @Override
    public double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }

    @Override
    public double variance() {
      return Math.expm1(sigma * sigma) * Math.exp(2 * mu + sigma * sigma);
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      return LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(random), mu, sigma);
    }

    @Override
    public String describe() {
      return "lognormal(mu=" + number(mu) + ", sigma=" + number(sigma) + ")";
    }
  }

  /** Gamma with shape k and scale θ: between deterministic (large k) and exponential (k = 1). */
  record Gamma(double shape, double scale) implements Distribution {
    public Gamma {
      positive("shape", shape);
      positive("scale", scale);
    }

    /** The gamma with this mean and coefficient of variation. */
    public static Gamma ofMeanCv(double mean, double cv) {
      positive("mean", mean);
      positive("cv", cv);
      double shape = 1 / (cv * cv);
      return new Gamma(shape, mean / shape);
    }

    @Override
    public double mean() {
      return shape * scale;
    }

    @Override
    public double variance() {
      return shape * scale * scale;
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      return AhrensDieterMarsagliaTsangGammaSampler.of(random, shape, scale);
    }

    @Override
    public String describe() {
      return "gamma(shape=" + number(shape) + ", scale=" + number(scale) + ")";
    }
  }

  /** Uniform between two bounds. */
  record Uniform(double min, double max) implements Distribution {
    public Uniform {
      nonNegative("min", min);
      if (!(max >= min)) {
        throw new IllegalArgumentException(
            "uniform max must not be below min, got min "
                + number(min)
                + " and max "
                + number(max));
      }
    }

    @Override
    public double mean() {
      return (min + max) / 2;
    }

    @Override
    public double variance() {
      return (max - min) * (max - min) / 12;
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      return min == max ? () -> min : ContinuousUniformSampler.of(random, min, max);
    }

    @Override
    public String describe() {
      return "uniform(min=" + number(min) + ", max=" + number(max) + ")";
    }
  }

  /**
   * The observed values of a measurement, drawn with equal probability: replays a measured latency
   * profile without assuming a shape.
   */
  record Empirical(double[] values) implements Distribution {
    public Empirical {
      if (values.length == 0) {
        throw new IllegalArgumentException("an empirical distribution needs at least one value");
      }
      values = values.clone();
      for (double v : values) {
        nonNegative("value", v);
      }
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    @Override
    public double mean() {
      return Arrays.stream(values).average().orElseThrow();
    }

    @Override
    public double variance() {
      double mean = mean();
      return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    }

    @Override
    public ContinuousSampler sampler(UniformRandomProvider random) {
      double[] copy = values.clone();
      return () -> copy[random.nextInt(copy.length)];
    }

    @Override
    public String describe() {
      return "empirical(" + values.length + " values, mean=" + number(mean()) + ")";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Empirical e && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be positive, got " + number(value));
    }
  }

  private static void nonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must not be negative, got " + number(value));
    }
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+(e|$)", "$1");
  }
}
