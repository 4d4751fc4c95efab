package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.hardware.HardwareProfile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * What a kernel sweep says about a device: the fitted parameters and how well the model reproduces
 * each measured kernel before and after.
 *
 * @param before the profile as loaded
 * @param after the same profile with the fitted efficiency parameters
 * @param parameters every parameter the fit looked at, in a fixed order
 * @param rows each measurement with both predictions
 * @param warnings what in the sweep could not be used, or contradicts the profile's datasheet
 *     figures
 */
public record Calibration(
    HardwareProfile before,
    HardwareProfile after,
    List<FittedParameter> parameters,
    List<RowCheck> rows,
    List<String> warnings) {
  public Calibration {
    parameters = List.copyOf(parameters);
    rows = List.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  /**
   * Median and maximum absolute error of a set of rows.
   *
   * @param rows how many rows
   * @param medianBefore median |error| with the profile's parameters
   * @param maxBefore largest |error| with the profile's parameters
   * @param medianAfter median |error| with the fitted parameters
   * @param maxAfter largest |error| with the fitted parameters
   */
  public record ErrorSummary(
      int rows, double medianBefore, double maxBefore, double medianAfter, double maxAfter) {}

  /** Error summaries per kind of kernel, in the order of {@link KernelKind}. */
  public Map<KernelKind, ErrorSummary> summaryByKind() {
    Map<KernelKind, ErrorSummary> byKind = new TreeMap<>();
    for (KernelKind kind : KernelKind.values()) {
      List<RowCheck> ofKind = rows.stream().filter(r -> r.measurement().kind() == kind).toList();
      if (!ofKind.isEmpty()) {
        byKind.put(kind, summary(ofKind));
      }
    }
    return byKind;
  }

  /** The error summary over all rows. */
  public ErrorSummary summary() {
    return summary(rows);
  }

  private static ErrorSummary summary(List<RowCheck> rows) {
    return new ErrorSummary(
        rows.size(),
        median(rows, RowCheck::errorBefore),
        max(rows, RowCheck::errorBefore),
        median(rows, RowCheck::errorAfter),
        max(rows, RowCheck::errorAfter));
  }

  private static double median(List<RowCheck> rows, ToDoubleFunction<RowCheck> error) {
    double[] values =
        rows.stream().mapToDouble(r -> Math.abs(error.applyAsDouble(r))).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static double max(List<RowCheck> rows, ToDoubleFunction<RowCheck> error) {
    return rows.stream().mapToDouble(r -> Math.abs(error.applyAsDouble(r))).max().orElse(0);
  }
}
