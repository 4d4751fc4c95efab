package dev.blueprint.simulator.des;

import org.HdrHistogram.Histogram;

/**
 * The latency of the requests measured at one point (end to end, or one component), in seconds.
 *
 * @param count requests measured
 * @param mean the mean, with its confidence interval
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile, with its confidence interval
 * @param p999 the 99.9th percentile
 * @param max the largest
 */
public record LatencySummary(
    long count, Estimate mean, double p50, double p90, Estimate p99, double p999, double max) {

  /** A summary without intervals. */
  static LatencySummary of(Histogram histogram, double sumSeconds) {
    long n = histogram.getTotalCount();
    // Without an exact sum, the histogram's own mean (to its 0.1 % resolution).
    double mean =
        n == 0 ? Double.NaN : Double.isNaN(sumSeconds) ? histogram.getMean() / 1e9 : sumSeconds / n;
    return new LatencySummary(
        n,
        new Estimate(mean, Double.NaN, Estimate.DEFAULT_LEVEL),
        quantile(histogram, 0.50),
        quantile(histogram, 0.90),
        new Estimate(quantile(histogram, 0.99), Double.NaN, Estimate.DEFAULT_LEVEL),
        quantile(histogram, 0.999),
        n == 0 ? Double.NaN : histogram.getMaxValue() / 1e9);
  }

  /** The {@code q} quantile in seconds (e.g. 0.99). */
  static double quantile(Histogram histogram, double q) {
    if (histogram.getTotalCount() == 0) {
      return Double.NaN;
    }
    // The middle of the histogram bucket, not its upper edge, so quantiles are not biased up.
    return histogram.medianEquivalentValue(histogram.getValueAtPercentile(q * 100)) / 1e9;
  }
}
