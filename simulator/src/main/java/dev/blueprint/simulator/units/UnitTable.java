package dev.blueprint.simulator.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The table of unit symbols of one quantity, used both to parse human text ({@code "80GiB"}) and to
 * print values that parse back to the same number. Error messages list the symbols of this same
 * table, so what the message promises is exactly what the parser accepts.
 */
public final class UnitTable {
  private static final Pattern NUMBER_AND_UNIT =
      Pattern.compile(
          "^\\s*(\\$)?\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(.*?)\\s*$");

  private final String quantityName;
  private final String example;
  private final List<UnitScale> scales;
  private final List<UnitScale> printScales;
  private final boolean moneyPrefix;

  /**
   * @param quantityName what the quantity is called in messages ("a bandwidth")
   * @param example a valid example for messages ("3.35TB/s")
   * @param scales every accepted symbol; symbols are case-sensitive
   * @param printSymbols the symbols {@link #format} may choose from, in any order
   * @param moneyPrefix whether a leading {@code $} is part of the notation
   */
  UnitTable(
      String quantityName,
      String example,
      List<UnitScale> scales,
      List<String> printSymbols,
      boolean moneyPrefix) {
    this.quantityName = quantityName;
    this.example = example;
    this.scales = List.copyOf(scales);
    List<UnitScale> print = new ArrayList<>();
    for (String symbol : printSymbols) {
      print.add(find(symbol));
    }
    print.sort(Comparator.comparingDouble(UnitScale::factor).reversed());
    this.printScales = List.copyOf(print);
    this.moneyPrefix = moneyPrefix;
  }

  private UnitScale find(String symbol) {
    for (UnitScale scale : scales) {
      if (scale.symbol().equals(symbol)) {
        return scale;
      }
    }
    throw new IllegalArgumentException("print symbol '" + symbol + "' is not in the table");
  }

  /** The accepted symbols, in table order, for messages and documentation. */
  public List<String> symbols() {
    return scales.stream().map(UnitScale::symbol).collect(Collectors.toList());
  }

  /** A message fragment such as "a bandwidth such as 3.35TB/s (units: B/s, kB/s, ...)". */
  public String expectation() {
    return quantityName
        + " such as "
        + example
        + " (units: "
        + scales.stream()
            .map(UnitScale::symbol)
            .map(s -> s.isEmpty() ? "(none)" : s)
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * Parses {@code text} into the base unit.
   *
   * @throws QuantityFormatException naming what was expected and quoting {@code text}
   */
  public double parse(String text) {
    if (text == null) {
      throw new QuantityFormatException("expected " + expectation() + ", got nothing");
    }
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches() || (m.group(1) != null) != moneyPrefix) {
      throw new QuantityFormatException("expected " + expectation() + ", got '" + text + "'");
    }
    String symbol = m.group(3);
    for (UnitScale scale : scales) {
      if (scale.symbol().equals(symbol)) {
        double value =
            new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(scale.factor())).doubleValue();
        if (Double.isInfinite(value)) {
          throw new QuantityFormatException("value out of range in '" + text + "'");
        }
        return value;
      }
    }
    String hint = "";
    for (UnitScale scale : scales) {
      if (scale.symbol().equalsIgnoreCase(symbol)) {
        hint = " (did you mean '" + scale.symbol() + "'? units are case-sensitive)";
        break;
      }
    }
    throw new QuantityFormatException("expected " + expectation() + ", got '" + text + "'" + hint);
  }

  /**
   * Prints {@code baseValue} with the largest print unit that keeps it at or above one, in a form
   * that {@link #parse} reads back to exactly the same double.
   */
  public String format(double baseValue) {
    String prefix = moneyPrefix ? "$" : "";
    double magnitude = Math.abs(baseValue);
    String sign = baseValue < 0 ? "-" : "";
    for (UnitScale scale : printScales) {
      if (magnitude >= scale.factor() || scale == printScales.get(printScales.size() - 1)) {
        String candidate = prefix + sign + plain(magnitude / scale.factor()) + scale.symbol();
        if (roundTrips(candidate, baseValue)) {
          return candidate;
        }
        break;
      }
    }
    UnitScale base = smallestPrintScaleAtOne();
    return prefix + sign + plain(magnitude / base.factor()) + base.symbol();
  }

  /**
   * Prints {@code baseValue} for people: at most {@code significantDigits} significant digits, with
   * the best print unit. Not guaranteed to parse back exactly.
   */
  public String formatRounded(double baseValue, int significantDigits) {
    String prefix = moneyPrefix ? "$" : "";
    double magnitude = Math.abs(baseValue);
    String sign = baseValue < 0 ? "-" : "";
    UnitScale chosen = printScales.get(printScales.size() - 1);
    for (UnitScale scale : printScales) {
      if (magnitude >= scale.factor()) {
        chosen = scale;
        break;
      }
    }
    BigDecimal scaled =
        new BigDecimal(magnitude / chosen.factor()).round(new MathContext(significantDigits));
    return prefix + sign + scaled.stripTrailingZeros().toPlainString() + chosen.symbol();
  }

  private UnitScale smallestPrintScaleAtOne() {
    for (UnitScale scale : scales) {
      if (scale.factor() == 1.0) {
        return scale;
      }
    }
    return printScales.get(printScales.size() - 1);
  }

  private boolean roundTrips(String candidate, double baseValue) {
    try {
      return parse(candidate) == baseValue;
    } catch (QuantityFormatException e) {
      return false;
    }
  }

  private static String plain(double value) {
    String text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return text.toLowerCase(Locale.ROOT);
  }

  static Builder builder(String quantityName, String example) {
    return new Builder(quantityName, example);
  }

  static final class Builder {
    private final String quantityName;
    private final String example;
    private final List<UnitScale> scales = new ArrayList<>();
    private final List<String> printSymbols = new ArrayList<>();
    private boolean moneyPrefix;

    private Builder(String quantityName, String example) {
      this.quantityName = quantityName;
      this.example = example;
    }

    Builder unit(String symbol, double factor) {
      scales.add(new UnitScale(symbol, factor));
      return this;
    }

    /** Adds a unit that {@link UnitTable#format} may also print. */
    Builder printUnit(String symbol, double factor) {
      unit(symbol, factor);
      printSymbols.add(symbol);
      return this;
    }

    Builder moneyPrefix() {
      this.moneyPrefix = true;
      return this;
    }

    UnitTable build() {
      return new UnitTable(quantityName, example, scales, printSymbols, moneyPrefix);
    }
  }
}
