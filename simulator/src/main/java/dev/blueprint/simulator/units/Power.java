package dev.blueprint.simulator.units;

/**
 * Electrical power in watts ({@code 700W}, {@code 1.2kW}).
 *
 * @param watts the power, finite and not negative
 */
public record Power(double watts) implements Comparable<Power> {
  static final UnitTable UNITS =
      UnitTable.builder("a power", "700W")
          .printUnit("mW", 1e-3)
          .printUnit("W", 1)
          .printUnit("kW", 1e3)
          .printUnit("MW", 1e6)
          .build();

  public Power {
    Checks.finiteNonNegative("power", watts);
  }

  public static Power watts(double watts) {
    return new Power(watts);
  }

  public static Power parse(String text) {
    return new Power(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  public String toHumanString() {
    return UNITS.formatRounded(watts, 3);
  }

  @Override
  public int compareTo(Power other) {
    return Double.compare(watts, other.watts);
  }

  @Override
  public String toString() {
    return UNITS.format(watts);
  }
}
