package dev.blueprint.simulator.validate;

import java.util.Objects;
import java.util.Optional;

/**
 * The prediction for one measurement, or why there is none.
 *
 * @param measurement the row
 * @param predicted the predicted value in the row's unit, if the row is supported
 * @param unsupportedReason why not, otherwise
 * @param detail how the prediction was made (batch chosen, what limited it)
 */
public record ValidationResult(
    Measurement measurement,
    Optional<Double> predicted,
    Optional<String> unsupportedReason,
    String detail) {
  public ValidationResult {
    Objects.requireNonNull(measurement, "measurement");
    Objects.requireNonNull(detail, "detail");
    if (predicted.isPresent() == unsupportedReason.isPresent()) {
      throw new IllegalArgumentException("a result has either a prediction or a reason");
    }
  }

  public static ValidationResult predicted(Measurement m, double value, String detail) {
    if (!Double.isFinite(value)) {
      return unsupported(m, "the model produced no finite value (" + detail + ")");
    }
    return new ValidationResult(m, Optional.of(value), Optional.empty(), detail);
  }

  public static ValidationResult unsupported(Measurement m, String reason) {
    return new ValidationResult(m, Optional.empty(), Optional.of(reason), "");
  }

  public boolean supported() {
    return predicted.isPresent();
  }

  /** Signed error of the prediction in percent of the measurement. */
  public Optional<Double> errorPercent() {
    return predicted.map(p -> 100 * (p - measurement.value()) / measurement.value());
  }
}
