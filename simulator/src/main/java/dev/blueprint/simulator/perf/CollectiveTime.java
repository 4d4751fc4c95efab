package dev.blueprint.simulator.perf;

/**
 * The predicted time of one collective and the bandwidths nccl-tests would report for it.
 *
 * @param seconds wall time
 * @param algorithmBandwidth buffer size over time (bytes/s)
 * @param busBandwidth algorithm bandwidth scaled to what each link carries, as nccl-tests defines
 *     it (all-reduce: × 2(n−1)/n; all-gather, reduce-scatter: × (n−1)/n)
 * @param algorithm {@code ring}, {@code nvls} (in-network reduction) or {@code hierarchical}
 */
public record CollectiveTime(
    double seconds, double algorithmBandwidth, double busBandwidth, String algorithm) {
  public static final CollectiveTime NONE = new CollectiveTime(0, 0, 0, "none");
}
