package dev.blueprint.simulator.units;

/**
 * One accepted unit symbol of a quantity and its factor to the quantity's SI base unit.
 *
 * @param symbol the symbol as written after the number, e.g. {@code "GiB"} or {@code "TB/s"}
 * @param factor how many base units one of this unit is (e.g. 2^30 for GiB)
 */
public record UnitScale(String symbol, double factor) {
  public UnitScale {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("unit factor must be positive and finite, got " + factor);
    }
  }
}
