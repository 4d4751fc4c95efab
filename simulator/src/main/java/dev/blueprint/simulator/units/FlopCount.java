package dev.blueprint.simulator.units;

/**
 * An amount of arithmetic work in floating-point or integer operations (a multiply-add counts as
 * two). {@code OP} symbols are accepted alongside {@code FLOP} for integer work.
 *
 * @param flop the number of operations, finite and not negative
 */
public record FlopCount(double flop) implements Comparable<FlopCount> {
  static final UnitTable UNITS =
      UnitTable.builder("an operation count", "4.1GFLOP")
          .printUnit("FLOP", 1)
          .printUnit("kFLOP", 1e3)
          .printUnit("MFLOP", 1e6)
          .printUnit("GFLOP", 1e9)
          .printUnit("TFLOP", 1e12)
          .printUnit("PFLOP", 1e15)
          .printUnit("EFLOP", 1e18)
          .unit("OP", 1)
          .unit("kOP", 1e3)
          .unit("MOP", 1e6)
          .unit("GOP", 1e9)
          .unit("TOP", 1e12)
          .unit("POP", 1e15)
          .build();

  public static final FlopCount ZERO = new FlopCount(0);

  public FlopCount {
    Checks.finiteNonNegative("operation count", flop);
  }

  public static FlopCount of(double flop) {
    return new FlopCount(flop);
  }

  public static FlopCount parse(String text) {
    return new FlopCount(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  /** How long this work takes at {@code rate}. */
  public TimeSpan over(FlopRate rate) {
    return TimeSpan.seconds(flop / rate.flopPerSecond());
  }

  /** Arithmetic intensity: operations per byte moved. */
  public double per(DataSize moved) {
    return flop / moved.bytes();
  }

  public FlopCount plus(FlopCount other) {
    return new FlopCount(flop + other.flop);
  }

  public FlopCount times(double factor) {
    return new FlopCount(flop * factor);
  }

  public String toHumanString() {
    return UNITS.formatRounded(flop, 3);
  }

  @Override
  public int compareTo(FlopCount other) {
    return Double.compare(flop, other.flop);
  }

  @Override
  public String toString() {
    return UNITS.format(flop);
  }
}
