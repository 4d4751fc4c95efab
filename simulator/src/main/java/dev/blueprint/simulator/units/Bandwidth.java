package dev.blueprint.simulator.units;

/**
 * A data rate in bytes per second. Decimal ({@code GB/s}) and binary ({@code GiB/s}) prefixes are
 * distinct; link speeds in bits ({@code 400Gb/s}) are accepted and stored as bytes.
 *
 * @param bytesPerSecond bytes per second, finite and not negative
 */
public record Bandwidth(double bytesPerSecond) implements Comparable<Bandwidth> {
  static final UnitTable UNITS =
      UnitTable.builder("a bandwidth", "3.35TB/s")
          .printUnit("B/s", 1)
          .printUnit("kB/s", 1e3)
          .printUnit("MB/s", 1e6)
          .printUnit("GB/s", 1e9)
          .printUnit("TB/s", 1e12)
          .printUnit("PB/s", 1e15)
          .unit("KiB/s", 1024.0)
          .unit("MiB/s", 1024.0 * 1024)
          .unit("GiB/s", 1024.0 * 1024 * 1024)
          .unit("TiB/s", 1024.0 * 1024 * 1024 * 1024)
          .unit("Mb/s", 1e6 / 8)
          .unit("Gb/s", 1e9 / 8)
          .unit("Tb/s", 1e12 / 8)
          .unit("Mbps", 1e6 / 8)
          .unit("Gbps", 1e9 / 8)
          .build();

  public Bandwidth {
    Checks.finiteNonNegative("bandwidth", bytesPerSecond);
  }

  public static Bandwidth of(double bytesPerSecond) {
    return new Bandwidth(bytesPerSecond);
  }

  public static Bandwidth gigabytesPerSecond(double gbs) {
    return new Bandwidth(gbs * 1e9);
  }

  public static Bandwidth parse(String text) {
    return new Bandwidth(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  public Bandwidth times(double factor) {
    return new Bandwidth(bytesPerSecond * factor);
  }

  public double gigabytesPerSecond() {
    return bytesPerSecond / 1e9;
  }

  public String toHumanString() {
    return UNITS.formatRounded(bytesPerSecond, 4);
  }

  @Override
  public int compareTo(Bandwidth other) {
    return Double.compare(bytesPerSecond, other.bytesPerSecond);
  }

  @Override
  public String toString() {
    return UNITS.format(bytesPerSecond);
  }
}
