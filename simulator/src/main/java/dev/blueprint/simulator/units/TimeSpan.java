package dev.blueprint.simulator.units;

/**
 * A length of time in seconds ({@code 2ms}, {@code 850us}, {@code 3y}). Named so that it does not
 * clash with {@link java.time.Duration}, which cannot hold fractions of a nanosecond and is not
 * meant for arithmetic. A month is 730 hours and a year 8,760 hours, the conventions cloud price
 * lists use.
 *
 * @param seconds the time in seconds, finite and not negative
 */
public record TimeSpan(double seconds) implements Comparable<TimeSpan> {
  /** Hours in a month as cloud providers bill it (8,760 / 12). */
  public static final double HOURS_PER_MONTH = 730.0;

  static final UnitTable UNITS =
      UnitTable.builder("a time", "2ms")
          .printUnit("ns", 1e-9)
          .printUnit("us", 1e-6)
          .unit("µs", 1e-6)
          .printUnit("ms", 1e-3)
          .printUnit("s", 1)
          .unit("min", 60)
          .printUnit("h", 3600)
          .printUnit("d", 86400)
          .unit("w", 7 * 86400)
          .unit("month", HOURS_PER_MONTH * 3600)
          .printUnit("y", 8760 * 3600.0)
          .build();

  public static final TimeSpan ZERO = new TimeSpan(0);

  public TimeSpan {
    Checks.finiteNonNegative("time", seconds);
  }

  public static TimeSpan seconds(double seconds) {
    return new TimeSpan(seconds);
  }

  public static TimeSpan millis(double millis) {
    return new TimeSpan(millis / 1e3);
  }

  public static TimeSpan micros(double micros) {
    return new TimeSpan(micros / 1e6);
  }

  public static TimeSpan hours(double hours) {
    return new TimeSpan(hours * 3600);
  }

  public static TimeSpan parse(String text) {
    return new TimeSpan(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  public TimeSpan plus(TimeSpan other) {
    return new TimeSpan(seconds + other.seconds);
  }

  public TimeSpan times(double factor) {
    return new TimeSpan(seconds * factor);
  }

  public double millis() {
    return seconds * 1e3;
  }

  public double micros() {
    return seconds * 1e6;
  }

  public double hours() {
    return seconds / 3600;
  }

  public double days() {
    return seconds / 86400;
  }

  public String toHumanString() {
    return UNITS.formatRounded(seconds, 3);
  }

  @Override
  public int compareTo(TimeSpan other) {
    return Double.compare(seconds, other.seconds);
  }

  @Override
  public String toString() {
    return UNITS.format(seconds);
  }
}
