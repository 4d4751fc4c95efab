package dev.blueprint.simulator.units;

/**
 * A compute rate in operations per second ({@code 989TFLOPS}, {@code 1979TOPS}).
 *
 * @param flopPerSecond operations per second, finite and not negative
 */
public record FlopRate(double flopPerSecond) implements Comparable<FlopRate> {
  static final UnitTable UNITS =
      UnitTable.builder("a compute rate", "989TFLOPS")
          .printUnit("FLOPS", 1)
          .unit("FLOP/s", 1)
          .printUnit("kFLOPS", 1e3)
          .printUnit("MFLOPS", 1e6)
          .printUnit("GFLOPS", 1e9)
          .unit("GFLOP/s", 1e9)
          .printUnit("TFLOPS", 1e12)
          .unit("TFLOP/s", 1e12)
          .printUnit("PFLOPS", 1e15)
          .unit("PFLOP/s", 1e15)
          .unit("OPS", 1)
          .unit("GOPS", 1e9)
          .unit("TOPS", 1e12)
          .unit("POPS", 1e15)
          .build();

  public FlopRate {
    Checks.finiteNonNegative("compute rate", flopPerSecond);
  }

  public static FlopRate of(double flopPerSecond) {
    return new FlopRate(flopPerSecond);
  }

  public static FlopRate teraflops(double tflops) {
    return new FlopRate(tflops * 1e12);
  }

  public static FlopRate parse(String text) {
    return new FlopRate(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  public FlopRate times(double factor) {
    return new FlopRate(flopPerSecond * factor);
  }

  /** The ridge point of a roofline: operations per byte at which compute and memory balance. */
  public double per(Bandwidth bandwidth) {
    return flopPerSecond / bandwidth.bytesPerSecond();
  }

  public double teraflops() {
    return flopPerSecond / 1e12;
  }

  public String toHumanString() {
    return UNITS.formatRounded(flopPerSecond, 4);
  }

  @Override
  public int compareTo(FlopRate other) {
    return Double.compare(flopPerSecond, other.flopPerSecond);
  }

  @Override
  public String toString() {
    return UNITS.format(flopPerSecond);
  }
}
