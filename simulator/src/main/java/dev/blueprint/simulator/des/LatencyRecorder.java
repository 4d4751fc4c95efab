package dev.blueprint.simulator.des;

import org.HdrHistogram.Histogram;

/**
 * Latencies of measured requests: an exact running mean, and quantiles from HdrHistogram at three
 * significant digits (a 0.1 % resolution), so memory does not grow with the number of requests.
 * Requests are kept in {@link #BATCHES} consecutive batches for batch-means confidence intervals.
 */
final class LatencyRecorder {
  /**
   * Batches for batch means: 20 to 30 is the usual advice (Law, Simulation Modeling and Analysis).
   */
  static final int BATCHES = 20;

  private final Histogram[] histograms;
  private final double[] sums;
  private final long[] counts;

  LatencyRecorder(int batches) {
    histograms = new Histogram[batches];
    sums = new double[batches];
    counts = new long[batches];
    for (int i = 0; i < batches; i++) {
      histograms[i] = newHistogram();
    }
  }

  static Histogram newHistogram() {
    return new Histogram(3);
  }

  /** Records a latency in seconds into batch {@code batch}. */
  void record(int batch, double seconds) {
    histograms[batch].recordValue(toNanos(seconds));
    sums[batch] += seconds;
    counts[batch]++;
  }

  static long toNanos(double seconds) {
    return Math.max(0, Math.round(seconds * 1e9));
  }

  int batches() {
    return histograms.length;
  }

  /** All batches in one histogram. */
  Histogram merged() {
    Histogram all = newHistogram();
    for (Histogram h : histograms) {
      all.add(h);
    }
    return all;
  }

  Histogram batch(int i) {
    return histograms[i];
  }

  double sum(int i) {
    return sums[i];
  }

  long count(int i) {
    return counts[i];
  }
}
