package dev.blueprint.edge.quant;

import java.util.Locale;

/**
 * How activation ranges are chosen from sample data: the observed minimum and maximum, or
 * percentiles that ignore the rarest outliers so the common values get finer steps.
 */
public record CalibrationMethod(Method method, double percentile) {
  public enum Method {
    MINMAX,
    PERCENTILE
  }

  public CalibrationMethod {
    if (method == Method.PERCENTILE && !(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
    }
  }

  public static CalibrationMethod minMax() {
    return new CalibrationMethod(Method.MINMAX, 100);
  }

  public static CalibrationMethod percentile(double p) {
    return new CalibrationMethod(Method.PERCENTILE, p);
  }

  /** {@code minmax}, {@code percentile} (99.99) or {@code percentile:99.9}. */
  public static CalibrationMethod parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("minmax") || t.equals("min-max")) {
      return minMax();
    }
    if (t.equals("percentile")) {
      return percentile(99.99);
    }
    if (t.startsWith("percentile:")) {
      try {
        return percentile(Double.parseDouble(t.substring("percentile:".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "calibration '" + text + "': the percentile is not a number");
      }
    }
    throw new IllegalArgumentException(
        "calibration '" + text + "' is not one of minmax, percentile, percentile:P");
  }

  public String label() {
    return method == Method.MINMAX ? "minmax" : "percentile:" + percentile;
  }
}
