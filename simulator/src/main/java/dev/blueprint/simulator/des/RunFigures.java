package dev.blueprint.simulator.des;

/** The raw figures of one replication, before they are summarised. */
record RunFigures(
    LatencyRecorder endToEnd,
    Component[] components,
    long measuredArrived,
    long measuredDone,
    long measuredDropped,
    long measuredTimedOut,
    double windowStart,
    double windowEnd,
    long events,
    double[] gapSums,
    long[] gapCounts,
    int inFlightAtEnd,
    org.HdrHistogram.Histogram[] classLatency,
    double[] classSums,
    long[] classRequests,
    long doneInWindow) {

  double windowSeconds() {
    return windowEnd - windowStart;
  }
}
