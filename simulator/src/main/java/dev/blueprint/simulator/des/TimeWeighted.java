package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * The time average of a level that changes at events (busy servers, waiting requests), over the
 * measured window only, with a coarse series of per-interval averages for charts.
 */
final class TimeWeighted {
  private final double bucketSeconds;
  private double level;
  private double lastChange;
  private boolean measuring;
  private double start;
  private double end;
  private double area;

  /** The integral since the run began, measured or not (what a controller watching it sees). */
  private double lifetimeArea;

  private double maxLevel;
  private double[] bucketArea = new double[64];
  private int buckets;
  private int currentBucket;
  private double currentBucketEnd = Double.NEGATIVE_INFINITY;

  /**
   * @param bucketSeconds the width of one interval of the series
   */
  TimeWeighted(double bucketSeconds) {
    this.bucketSeconds = bucketSeconds > 0 && Double.isFinite(bucketSeconds) ? bucketSeconds : 1;
  }

  /** The level becomes {@code newLevel} at {@code now}. */
  void set(double now, double newLevel) {
    lifetimeArea += level * (now - lastChange);
    if (measuring) {
      accumulate(lastChange, now);
      if (newLevel > maxLevel) {
        maxLevel = newLevel;
      }
    }
    level = newLevel;
    lastChange = now;
  }

  void open(double now) {
    lifetimeArea += level * (now - lastChange);
    measuring = true;
    start = now;
    lastChange = now;
    maxLevel = level;
  }

  void close(double now) {
    if (measuring) {
      accumulate(lastChange, now);
      lifetimeArea += level * (now - lastChange);
      lastChange = now;
      end = now;
      measuring = false;
    }
  }

  private void accumulate(double from, double to) {
    if (to <= from) {
      return;
    }
    double piece = level * (to - from);
    area += piece;
    if (to <= currentBucketEnd) {
      // The common case: both ends in the interval of the last change.
      bucketArea[currentBucket] += piece;
      return;
    }
    // Spread the area over the series' intervals.
    double t = from;
    while (t < to) {
      int bucket = (int) ((t - start) / bucketSeconds);
      double bucketEnd = start + (bucket + 1) * bucketSeconds;
      if (bucketEnd <= t) {
        // Rounding put t on the boundary: it belongs to the next interval.
        bucket++;
        bucketEnd = start + (bucket + 1) * bucketSeconds;
      }
      double until = Math.min(to, bucketEnd);
      if (bucket >= bucketArea.length) {
        bucketArea = Arrays.copyOf(bucketArea, Math.max(bucket + 1, bucketArea.length * 2));
      }
      bucketArea[bucket] += level * (until - t);
      buckets = Math.max(buckets, bucket + 1);
      currentBucket = bucket;
      currentBucketEnd = bucketEnd;
      t = until;
    }
  }

  /** The integral of the level from the start of the run to {@code now}. */
  double lifetimeAreaUntil(double now) {
    return lifetimeArea + level * (now - lastChange);
  }

  double level() {
    return level;
  }

  /** The time average over the measured window. */
  double mean() {
    double length = end - start;
    return length > 0 ? area / length : level;
  }

  double max() {
    return maxLevel;
  }

  /** Per-interval averages from the window's start, {@link #bucketSeconds} apart. */
  double[] series() {
    double[] series = new double[buckets];
    for (int i = 0; i < buckets; i++) {
      double from = start + i * bucketSeconds;
      double width = Math.min(bucketSeconds, end - from);
      series[i] = width > 0 ? bucketArea[i] / width : 0;
    }
    return series;
  }

  double bucketSeconds() {
    return bucketSeconds;
  }
}
