package dev.blueprint.simulator.calibrate;

/**
 * One measured kernel against the model with the profile's parameters and with the fitted ones.
 *
 * @param measurement what was measured
 * @param predictedBefore the model's time with the profile as it is, in seconds
 * @param predictedAfter the model's time with the fitted parameters, in seconds
 */
public record RowCheck(
    KernelMeasurement measurement, double predictedBefore, double predictedAfter) {
  /** Signed relative error before the fit: (predicted − measured) / measured. */
  public double errorBefore() {
    return predictedBefore / measurement.seconds() - 1;
  }

  /** Signed relative error with the fitted parameters. */
  public double errorAfter() {
    return predictedAfter / measurement.seconds() - 1;
  }
}
