package dev.blueprint.simulator.validate;

import java.util.Arrays;
import java.util.List;

/**
 * All results of a validation run and their summary. Unsupported rows count as failures.
 *
 * @param results one per measurement, in file order
 */
public record ValidationSummary(List<ValidationResult> results) {
  public ValidationSummary {
    results = List.copyOf(results);
  }

  public long supported() {
    return results.stream().filter(ValidationResult::supported).count();
  }

  public long unsupported() {
    return results.size() - supported();
  }

  /** Median of the absolute errors of the supported rows, in percent; NaN if none. */
  public double medianAbsoluteErrorPercent() {
    return median(absoluteErrors());
  }

  /**
   * Median of the signed errors of the supported rows, in percent: positive when the models promise
   * more than the hardware delivered; NaN if none.
   */
  public double medianSignedErrorPercent() {
    return median(
        results.stream()
            .filter(ValidationResult::supported)
            .mapToDouble(r -> r.errorPercent().orElseThrow())
            .toArray());
  }

  /** Share of all rows, unsupported ones counted as outside, whose |error| is within the limit. */
  public double shareWithinPercent(double limitPercent) {
    if (results.isEmpty()) {
      return Double.NaN;
    }
    long within =
        results.stream()
            .filter(r -> r.errorPercent().map(e -> Math.abs(e) <= limitPercent).orElse(false))
            .count();
    return within / (double) results.size();
  }

  /** The median of {@code values}; NaN when there are none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Largest absolute error of the supported rows, in percent; NaN if none. */
  public double maxAbsoluteErrorPercent() {
    double[] errors = absoluteErrors();
    return errors.length == 0 ? Double.NaN : Arrays.stream(errors).max().orElseThrow();
  }

  private double[] absoluteErrors() {
    return results.stream()
        .filter(ValidationResult::supported)
        .mapToDouble(r -> Math.abs(r.errorPercent().orElseThrow()))
        .toArray();
  }

  /**
   * Whether the run meets a bar: every row supported, median and maximum absolute error within the
   * limits.
   */
  public boolean meets(double medianLimitPercent, double maxLimitPercent) {
    return unsupported() == 0
        && medianAbsoluteErrorPercent() <= medianLimitPercent
        && maxAbsoluteErrorPercent() <= maxLimitPercent;
  }
}
