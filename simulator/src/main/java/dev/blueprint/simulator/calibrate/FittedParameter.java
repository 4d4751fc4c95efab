package dev.blueprint.simulator.calibrate;

/**
 * One efficiency parameter: the profile's value and the value the sweep gives.
 *
 * @param name the key in a profile's {@code efficiency:} section
 * @param before the profile's value
 * @param after the fitted value; equal to {@code before} when no row informs it
 * @param unit {@code us}, {@code GFLOP}, or empty for a fraction
 * @param rows how many measurements the fitted value rests on
 */
public record FittedParameter(String name, double before, double after, String unit, int rows) {
  public boolean fitted() {
    return rows > 0;
  }
}
