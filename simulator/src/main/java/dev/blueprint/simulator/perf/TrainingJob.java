package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.cost.Reliability;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.Objects;

/**
 * What a training run is asked to do beyond the layout of one step ({@link TrainingSetup}): how
 * many tokens to train on, how often devices fail, how fast checkpoints are written and which price
 * applies.
 *
 * @param tokens tokens to train on, positive
 * @param deviceMtbf mean time between interruptions of one device, positive ({@link
 *     #DEFAULT_DEVICE_MTBF} when unknown)
 * @param checkpointBandwidth aggregate write bandwidth for checkpoints, positive
 * @param pricing the price tier asked for
 */
public record TrainingJob(
    double tokens, TimeSpan deviceMtbf, Bandwidth checkpointBandwidth, PricingTier pricing) {
  /** About 50,700 h per device, from Llama 3 pre-training ({@link Reliability}). */
  public static final TimeSpan DEFAULT_DEVICE_MTBF =
      TimeSpan.hours(Reliability.DEFAULT_DEVICE_MTBF_HOURS);

  /** Aggregate checkpoint write bandwidth when none is given: a parallel file system's 100 GB/s. */
  public static final Bandwidth DEFAULT_CHECKPOINT_BANDWIDTH = Bandwidth.gigabytesPerSecond(100);

  /**
   * @throws IllegalArgumentException naming the field and the value when a value is not positive
   */
  public TrainingJob {
    Objects.requireNonNull(deviceMtbf, "deviceMtbf");
    Objects.requireNonNull(checkpointBandwidth, "checkpointBandwidth");
    Objects.requireNonNull(pricing, "pricing");
    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException("tokens must be positive and finite, got " + tokens);
    }
    if (deviceMtbf.seconds() <= 0) {
      throw new IllegalArgumentException(
          "device MTBF must be positive, got " + deviceMtbf.toHumanString());
    }
    if (checkpointBandwidth.bytesPerSecond() <= 0) {
      throw new IllegalArgumentException(
          "checkpoint bandwidth must be positive, got " + checkpointBandwidth.toHumanString());
    }
  }

  /**
   * {@code tokens} with the defaults of the command line: {@link #DEFAULT_DEVICE_MTBF}, {@link
   * #DEFAULT_CHECKPOINT_BANDWIDTH} and on-demand prices.
   */
  public static TrainingJob withDefaults(double tokens) {
    return new TrainingJob(
        tokens, DEFAULT_DEVICE_MTBF, DEFAULT_CHECKPOINT_BANDWIDTH, PricingTier.ON_DEMAND);
  }
}
