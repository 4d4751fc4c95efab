package dev.blueprint.simulator.units;

/**
 * Plain counts written with a decimal suffix, as model cards write parameter counts: {@code
 * 25.56M}, {@code 8.03B}, {@code 1.2T}, {@code 4.1G}. {@code B} and {@code G} both mean 10⁹ here
 * (billion), because "B" for bytes never appears on a count.
 */
public final class Counts {
  static final UnitTable UNITS =
      UnitTable.builder("a count", "8.03B")
          .printUnit("", 1)
          .printUnit("K", 1e3)
          .unit("k", 1e3)
          .printUnit("M", 1e6)
          .printUnit("B", 1e9)
          .unit("G", 1e9)
          .printUnit("T", 1e12)
          .build();

  private Counts() {}

  public static double parse(String text) {
    return UNITS.parse(text);
  }

  public static UnitTable units() {
    return UNITS;
  }

  /** Rounded for people: {@code 8.03B}, {@code 25.6M}. */
  public static String format(double count) {
    return UNITS.formatRounded(count, 3);
  }
}
