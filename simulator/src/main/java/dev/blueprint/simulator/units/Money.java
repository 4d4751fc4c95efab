package dev.blueprint.simulator.units;

import java.util.Locale;

/**
 * An amount of money in US dollars ({@code $1999}, {@code $2.5k}).
 *
 * @param dollars the amount, finite (negative amounts are allowed for differences)
 */
public record Money(double dollars) implements Comparable<Money> {
  static final UnitTable UNITS =
      UnitTable.builder("an amount of money", "$1999")
          .moneyPrefix()
          .printUnit("", 1)
          .unit("k", 1e3)
          .unit("M", 1e6)
          .build();

  public static final Money ZERO = new Money(0);

  public Money {
    Checks.finite("money", dollars);
  }

  public static Money dollars(double dollars) {
    return new Money(dollars);
  }

  public static Money parse(String text) {
    return new Money(UNITS.parse(text));
  }

  public static UnitTable units() {
    return UNITS;
  }

  /** The rate that spends this amount evenly over {@code span}. */
  public MoneyRate over(TimeSpan span) {
    return new MoneyRate(dollars / span.seconds());
  }

  public Money plus(Money other) {
    return new Money(dollars + other.dollars);
  }

  public Money times(double factor) {
    return new Money(dollars * factor);
  }

  /** Rounded to cents with thousands separators, e.g. {@code $12,345.67}. */
  public String toHumanString() {
    return String.format(Locale.ROOT, "%s$%,.2f", dollars < 0 ? "-" : "", Math.abs(dollars));
  }

  @Override
  public int compareTo(Money other) {
    return Double.compare(dollars, other.dollars);
  }

  @Override
  public String toString() {
    return UNITS.format(dollars);
  }
}
