package dev.blueprint.simulator.cost;

import dev.blueprint.simulator.units.TimeSpan;

/**
 * Checkpointing under failures: the optimal checkpoint interval (Young 1974, refined by Daly 2006)
 * and the share of time lost to checkpoints and re-work.
 */
public final class Reliability {
  /**
   * Mean time between interruptions of one GPU in a large training cluster: Meta reports 419
   * unexpected interruptions in 54 days of pre-training Llama 3 405B on 16,384 H100s (Llama 3
   * paper, section 3.3.4), i.e. 16,384 × 54 × 24 / 419 ≈ 50,700 GPU-hours.
   */
  public static final double DEFAULT_DEVICE_MTBF_HOURS = 16384.0 * 54 * 24 / 419;

  private Reliability() {}

  /** Mean time between failures of a job on {@code devices} devices, in seconds. */
  public static double jobMtbfSeconds(int devices, double deviceMtbfHours) {
    return deviceMtbfHours * 3600 / devices;
  }

  /**
   * Daly's higher-order estimate of the optimal compute time between checkpoints, for a checkpoint
   * that takes {@code checkpointSeconds} and a job MTBF of {@code mtbfSeconds}: {@code sqrt(2δM)·[1
   * + ⅓·sqrt(δ/2M) + δ/(9·2M)] − δ} while δ < 2M, else M.
   */
  public static double optimalIntervalSeconds(double checkpointSeconds, double mtbfSeconds) {
    double d = checkpointSeconds;
    double m = mtbfSeconds;
    if (d >= 2 * m) {
      return m;
    }
    return Math.sqrt(2 * d * m) * (1 + Math.sqrt(d / (2 * m)) / 3 + d / (18 * m)) - d;
  }

  /**
   * Expected wall time over useful compute time with checkpoints every {@code interval} seconds:
   * the checkpoint cost, half an interval of lost work per failure and a restart.
   */
  public static double overheadFactor(
      double intervalSeconds, double checkpointSeconds, double mtbfSeconds, double restartSeconds) {
    double checkpointShare = checkpointSeconds / intervalSeconds;
    double failuresPerSecond = 1 / mtbfSeconds;
    double lostPerFailure = (intervalSeconds + checkpointSeconds) / 2 + restartSeconds;
    double useful = 1 - failuresPerSecond * lostPerFailure;
    if (useful <= 0.01) {
      throw new IllegalArgumentException(
          "the job would not progress: it fails every "
              + TimeSpan.seconds(mtbfSeconds).toHumanString()
              + " on average and loses "
              + TimeSpan.seconds(lostPerFailure).toHumanString()
              + " per failure (half a checkpoint interval plus the restart); use fewer devices or faster checkpoints");
    }
    return (1 + checkpointShare) / useful;
  }
}
