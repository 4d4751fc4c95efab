package dev.blueprint.simulator.units;

/**
 * A rate of events (requests, queries, samples, tokens) per second: {@code 1M/s}, {@code 250/s},
 * {@code 3000/min}.
 *
 * @param perSecond events per second, finite and not negative
 */
public record RequestRate(double perSecond) implements Comparable<RequestRate> {
  static final UnitTable UNITS =
      UnitTable.builder("a rate", "1M/s")
          .printUnit("/s", 1)
          .printUnit("k/s", 1e3)
          .unit("K/s", 1e3)
          .printUnit("M/s", 1e6)
          .printUnit("G/s", 1e9)
          .unit("/min", 1 / 60.0)
          .unit("k/min", 1e3 / 60.0)
          .unit("M/min", 1e6 / 60.0)
          .unit("/h", 1 / 3600.0)
          .unit("k/h", 1e3 / 3600.0)
          .unit("M/h", 1e6 / 3600.0)
          .unit("/d", 1 / 86400.0)
          .unit("k/d", 1e3 / 86400.0)
          .unit("M/d", 1e6 / 86400.0)
          .unit("rps", 1)
          .unit("qps", 1)
          .build();

  public RequestRate {
    Checks.finiteNonNegative("rate", perSecond);
  }

  public static RequestRate perSecond(double perSecond) {
    return new RequestRate(perSecond);
  }

  public static RequestRate parse(String text) {
    return new RequestRate(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  /** The mean time between events. */
  public TimeSpan meanInterval() {
    return TimeSpan.seconds(1 / perSecond);
  }

  public RequestRate times(double factor) {
    return new RequestRate(perSecond * factor);
  }

  public String toHumanString() {
    return UNITS.formatRounded(perSecond, 4);
  }

  @Override
  public int compareTo(RequestRate other) {
    return Double.compare(perSecond, other.perSecond);
  }

  @Override
  public String toString() {
    return UNITS.format(perSecond);
  }
}
