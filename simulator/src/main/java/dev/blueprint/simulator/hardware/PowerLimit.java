package dev.blueprint.simulator.hardware;

/**
 * How a board power limit lowers the clock a part sustains under heavy matrix work. Two parts of
 * one architecture reach different shares of their datasheet peak in the same GEMM benchmark when
 * one has less power per unit of peak compute: the H100 PCIe (350 W for 756 TFLOPS) reaches 0.66
 * where the SXM (700 W for 989 TFLOPS) reaches 0.81, the A100 PCIe 0.81 where the SXM reaches 0.87,
 * the L4 (72 W) 0.55 where the L40S (350 W) reaches 0.74. Across those three pairs the share ratio
 * follows the ratio of watts per peak FLOP to the power {@link #EXPONENT} (0.25, 0.48 and 0.61 fit
 * each pair alone; 0.48 predicts all three within 7 %), the way dynamic power grows faster than
 * clock as voltage rises with it. A profile without a GEMM measurement of its own takes its
 * sibling's measured shares scaled by this ({@code efficiency.power_scaled_from}).
 */
public final class PowerLimit {
  /** Share of sustained GEMM throughput per ratio of watts per peak FLOP (docs/calibration.md). */
  public static final double EXPONENT = 0.48;

  private PowerLimit() {}

  /**
   * The factor on a sibling's measured matrix shares for a part with {@code watts} of board power
   * for {@code peakFlops}, the sibling having {@code siblingWatts} for {@code siblingPeakFlops}; at
   * most 1 (more power per FLOP than the sibling does not raise the clock past its boost).
   */
  public static double shareOfSibling(
      double watts, double peakFlops, double siblingWatts, double siblingPeakFlops) {
    if (!(watts > 0 && peakFlops > 0 && siblingWatts > 0 && siblingPeakFlops > 0)) {
      throw new IllegalArgumentException("power and peak figures must be positive");
    }
    double ratio = (watts / peakFlops) / (siblingWatts / siblingPeakFlops);
    return Math.min(1, Math.pow(ratio, EXPONENT));
  }
}
