package dev.blueprint.simulator.units;

/**
 * An amount of data, kept in bytes. Decimal prefixes ({@code kB}, {@code MB}, {@code GB}, {@code
 * TB}) are powers of 1000 and binary prefixes ({@code KiB}, {@code MiB}, {@code GiB}, {@code TiB})
 * powers of 1024; {@code KB} is read as 1000 bytes, as vendors write it. A bare prefix such as
 * {@code 80G} is rejected because it cannot be told apart.
 *
 * @param bytes the size in bytes, finite and not negative
 */
public record DataSize(double bytes) implements Comparable<DataSize> {
  static final UnitTable UNITS =
      UnitTable.builder("a data size", "80GiB")
          .printUnit("B", 1)
          .printUnit("kB", 1e3)
          .unit("KB", 1e3)
          .printUnit("MB", 1e6)
          .printUnit("GB", 1e9)
          .printUnit("TB", 1e12)
          .printUnit("PB", 1e15)
          .unit("KiB", 1024.0)
          .unit("MiB", 1024.0 * 1024)
          .unit("GiB", 1024.0 * 1024 * 1024)
          .unit("TiB", 1024.0 * 1024 * 1024 * 1024)
          .unit("PiB", 1024.0 * 1024 * 1024 * 1024 * 1024)
          .unit("bit", 1 / 8.0)
          .unit("Mbit", 1e6 / 8)
          .unit("Gbit", 1e9 / 8)
          .build();

  public static final DataSize ZERO = new DataSize(0);

  public DataSize {
    Checks.finiteNonNegative("data size", bytes);
  }

  public static DataSize bytes(double bytes) {
    return new DataSize(bytes);
  }

  public static DataSize gibibytes(double gib) {
    return new DataSize(gib * 1024.0 * 1024 * 1024);
  }

  public static DataSize gigabytes(double gb) {
    return new DataSize(gb * 1e9);
  }

  /** Parses a size such as {@code 80GiB}, {@code 50MB} or {@code 4096B}. */
  public static DataSize parse(String text) {
    return new DataSize(UNITS.parse(text));
  }

  /** The accepted unit symbols. */
  public static UnitTable units() {
    return UNITS;
  }

  /** How long moving this much data takes at {@code rate}. */
  public TimeSpan over(Bandwidth rate) {
    return TimeSpan.seconds(bytes / rate.bytesPerSecond());
  }

  public DataSize plus(DataSize other) {
    return new DataSize(bytes + other.bytes);
  }

  public DataSize minus(DataSize other) {
    return new DataSize(bytes - other.bytes);
  }

  public DataSize times(double factor) {
    return new DataSize(bytes * factor);
  }

  public double gigabytes() {
    return bytes / 1e9;
  }

  public double gibibytes() {
    return bytes / (1024.0 * 1024 * 1024);
  }

  /** Rounded for people, e.g. {@code 74.2GB}. */
  public String toHumanString() {
    return UNITS.formatRounded(bytes, 3);
  }

  @Override
  public int compareTo(DataSize other) {
    return Double.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return UNITS.format(bytes);
  }
}
