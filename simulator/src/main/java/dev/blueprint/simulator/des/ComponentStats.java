package dev.blueprint.simulator.des;

import org.HdrHistogram.Histogram;

/** What one component measured: the requests' time in it, its busy servers and waiting line. */
final class ComponentStats {
  final Histogram sojourn = LatencyRecorder.newHistogram();
  double sojournSum;
  double waitSum;
  long waits;
  long arrivals;
  long drops;
  final TimeWeighted busy;
  final TimeWeighted queue;

  /** Servers or replicas over time (they change when an autoscaler acts). */
  final TimeWeighted capacity;

  /**
   * Service times drawn for measured requests, per batch: the controls of {@link ControlVariates}.
   */
  final double[] serviceSums = new double[LatencyRecorder.BATCHES];

  final long[] serviceCounts = new long[LatencyRecorder.BATCHES];

  ComponentStats(double bucketSeconds) {
    busy = new TimeWeighted(bucketSeconds);
    queue = new TimeWeighted(bucketSeconds);
    capacity = new TimeWeighted(bucketSeconds);
  }

  void recordSojourn(double seconds) {
    sojourn.recordValue(LatencyRecorder.toNanos(seconds));
    sojournSum += seconds;
  }

  void recordService(int batch, double seconds) {
    serviceSums[batch] += seconds;
    serviceCounts[batch]++;
  }

  void recordWait(double seconds) {
    waitSum += seconds;
    waits++;
  }
}
