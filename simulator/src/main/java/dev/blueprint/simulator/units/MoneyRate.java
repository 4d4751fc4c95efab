package dev.blueprint.simulator.units;

import java.util.Locale;

/**
 * A rate of spending, kept in US dollars per second and printed per hour: {@code $2.49/h}, {@code
 * $1200/month}.
 *
 * @param dollarsPerSecond dollars per second, finite and not negative
 */
public record MoneyRate(double dollarsPerSecond) implements Comparable<MoneyRate> {
  static final UnitTable UNITS =
      UnitTable.builder("a price per time", "$2.49/h")
          .moneyPrefix()
          .unit("/s", 1)
          .printUnit("/h", 1 / 3600.0)
          .unit("/hr", 1 / 3600.0)
          .unit("/d", 1 / 86400.0)
          .unit("/month", 1 / (TimeSpan.HOURS_PER_MONTH * 3600))
          .unit("/y", 1 / (8760 * 3600.0))
          .build();

  public static final MoneyRate ZERO = new MoneyRate(0);

  public MoneyRate {
    Checks.finiteNonNegative("price per time", dollarsPerSecond);
  }

  public static MoneyRate perHour(double dollarsPerHour) {
    return new MoneyRate(dollarsPerHour / 3600);
  }

  public static MoneyRate parse(String text) {
    return new MoneyRate(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  /** What spending at this rate for {@code span} costs. */
  public Money times(TimeSpan span) {
    return new Money(dollarsPerSecond * span.seconds());
  }

  public MoneyRate times(double factor) {
    return new MoneyRate(dollarsPerSecond * factor);
  }

  public MoneyRate plus(MoneyRate other) {
    return new MoneyRate(dollarsPerSecond + other.dollarsPerSecond);
  }

  public double dollarsPerHour() {
    return dollarsPerSecond * 3600;
  }

  /** Dollars per month of 730 hours. */
  public double dollarsPerMonth() {
    return dollarsPerSecond * 3600 * TimeSpan.HOURS_PER_MONTH;
  }

  public String toHumanString() {
    return String.format(Locale.ROOT, "$%,.2f/h", dollarsPerHour());
  }

  @Override
  public int compareTo(MoneyRate other) {
    return Double.compare(dollarsPerSecond, other.dollarsPerSecond);
  }

  @Override
  public String toString() {
    return UNITS.format(dollarsPerSecond);
  }
}
