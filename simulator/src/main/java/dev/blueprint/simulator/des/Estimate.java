package dev.blueprint.simulator.des;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A simulated figure with its confidence interval.
 *
 * @param value the point estimate
 * @param halfWidth half the width of the interval; NaN when it could not be computed (too few
 *     batches or replications)
 * @param level the confidence level, e.g. 0.95
 */
public record Estimate(double value, double halfWidth, double level) {
  /** The level reported unless asked otherwise. */
  public static final double DEFAULT_LEVEL = 0.95;

  public double low() {
    return value - halfWidth;
  }

  public double high() {
    return value + halfWidth;
  }

  /** Whether {@code x} lies inside the interval. */
  public boolean contains(double x) {
    return x >= low() && x <= high();
  }

  /** A figure without an interval. */
  public static Estimate exact(double value) {
    return new Estimate(value, 0, DEFAULT_LEVEL);
  }

  /**
   * Student's t interval around {@code centre} from independent, identically distributed
   * observations (batch means or replication means).
   */
  static Estimate fromObservations(double centre, double[] observations, double level) {
    int n = observations.length;
    if (n < 2) {
      return new Estimate(centre, Double.NaN, level);
    }
    double mean = 0;
    for (double x : observations) {
      mean += x;
    }
    mean /= n;
    double squares = 0;
    for (double x : observations) {
      squares += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    double t = TDistribution.of(n - 1).inverseCumulativeProbability(0.5 + level / 2);
    return new Estimate(centre, t * sd / Math.sqrt(n), level);
  }
}
