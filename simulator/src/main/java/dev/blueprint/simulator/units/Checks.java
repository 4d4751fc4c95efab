package dev.blueprint.simulator.units;

/** Validation shared by the quantity records' compact constructors. */
final class Checks {
  private Checks() {}

  static double finiteNonNegative(String quantity, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          quantity + " must be finite and not negative, got " + value);
    }
    return value;
  }

  static double finite(String quantity, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(quantity + " must be finite, got " + value);
    }
    return value;
  }
}
