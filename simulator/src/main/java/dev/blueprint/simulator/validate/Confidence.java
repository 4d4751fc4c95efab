package dev.blueprint.simulator.validate;

import dev.blueprint.simulator.hardware.DeviceClass;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How far a prediction for a device of one class can be trusted: what the project's own validation
 * sets say about that class (published results, their publishers, the median absolute error and the
 * signed bias of the predictions). A class without rows is "not validated".
 *
 * @param deviceClass the class
 * @param rows published results of the class the models answered
 * @param unanswered published results of the class the models could not answer
 * @param publishers who published them, in alphabetical order
 * @param medianAbsErrorPercent median of |predicted − measured| / measured, %; NaN without rows
 * @param biasPercent median of the signed error, %: positive when the models promise more than the
 *     hardware delivered; NaN without rows
 */
public record Confidence(
    DeviceClass deviceClass,
    int rows,
    int unanswered,
    List<String> publishers,
    double medianAbsErrorPercent,
    double biasPercent) {
  public Confidence {
    Objects.requireNonNull(deviceClass, "deviceClass");
    publishers = List.copyOf(publishers);
    if (rows < 0 || unanswered < 0) {
      throw new IllegalArgumentException("row counts cannot be negative");
    }
  }

  /** A class no published result covers. */
  public static Confidence notValidated(DeviceClass deviceClass) {
    return new Confidence(deviceClass, 0, 0, List.of(), Double.NaN, Double.NaN);
  }

  public boolean validated() {
    return rows > 0;
  }

  /**
   * One line for a person: "validated: 23 published results for NVIDIA Hopper (2 publishers),
   * median error 11 %, bias +4 %" or "not validated: ...".
   */
  public String statement() {
    if (!validated() && unanswered > 0) {
      return "not validated: the "
          + unanswered
          + " published result"
          + (unanswered == 1 ? "" : "s")
          + " for "
          + deviceClass.displayName()
          + " in the validation sets cannot be predicted yet; datasheet figures and generic"
          + " efficiencies only";
    }
    if (!validated()) {
      return "not validated: no published result for "
          + deviceClass.displayName()
          + " in the validation sets; datasheet figures and generic efficiencies only";
    }
    return String.format(
        Locale.ROOT,
        "validated: %d published result%s for %s (%d publisher%s), median error %.0f %%, bias %+.0f %%%s",
        rows,
        rows == 1 ? "" : "s",
        deviceClass.displayName(),
        publishers.size(),
        publishers.size() == 1 ? "" : "s",
        medianAbsErrorPercent,
        biasPercent,
        rows < 8 ? " (few rows: a rough guide)" : "");
  }
}
