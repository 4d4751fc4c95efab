package dev.blueprint.simulator.whatif;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parameter and the values a sweep gives it, from a command-line form {@code PATH=VALUES}:
 *
 * <ul>
 *   <li>a list: {@code nvidia-t4,nvidia-l4,nvidia-a10g};
 *   <li>a range with a step: {@code 1..8} (step 1), {@code 256..512:64}, {@code 0.5ms..2ms:0.5ms};
 *   <li>a range multiplied at each step: {@code 64..8192:x2};
 *   <li>points spread evenly on a log scale: {@code 100k/s..1000k/s:log5} (five values, both ends
 *       as given, the points between at three significant digits).
 * </ul>
 *
 * Both ends of a range carry the same unit, written after the number; it is kept on every value, so
 * the design parser reads them as it reads the file.
 *
 * @param path where the value goes
 * @param values the values in sweep order, each as it will be written into the design
 * @param spec what the user wrote after {@code =}
 */
public record Variation(ParameterPath path, List<String> values, String spec) {
  /** Ranges longer than this are almost certainly a mistyped step. */
  static final int MAX_VALUES = 10_000;

  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(\\$?)([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)(\\S*)");

  public Variation {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(path + ": no values");
    }
  }

  /**
   * @throws IllegalArgumentException with what is wrong and the accepted forms
   */
  public static Variation parse(String argument) {
    int equals = argument.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(
          "'" + argument + "': expected PATH=VALUES, e.g. components.ranker.replicas=2..8");
    }
    ParameterPath path = ParameterPath.parse(argument.substring(0, equals));
    String spec = argument.substring(equals + 1).strip();
    if (spec.isEmpty()) {
      throw new IllegalArgumentException(path + ": no values after '='");
    }
    return new Variation(path, values(path, spec), spec);
  }

  private static List<String> values(ParameterPath path, String spec) {
    int dots = spec.indexOf("..");
    if (dots < 0) {
      List<String> list = new ArrayList<>();
      for (String part : spec.split(",", -1)) {
        String value = part.strip();
        if (value.isEmpty()) {
          throw new IllegalArgumentException(path + "=" + spec + ": an empty value in the list");
        }
        list.add(value);
      }
      return distinct(path, spec, list);
    }
    String from = spec.substring(0, dots).strip();
    String rest = spec.substring(dots + 2);
    int colon = rest.indexOf(':');
    String to = (colon < 0 ? rest : rest.substring(0, colon)).strip();
    String step = colon < 0 ? "1" : rest.substring(colon + 1).strip();
    Quantity start = quantity(path, spec, from);
    Quantity end = quantity(path, spec, to);
    if (!start.unit().equals(end.unit())) {
      throw new IllegalArgumentException(
          path
              + "="
              + spec
              + ": both ends of a range need the same unit, got '"
              + start.unit()
              + "' and '"
              + end.unit()
              + "'");
    }
    if (end.value().compareTo(start.value()) < 0) {
      throw new IllegalArgumentException(
          path + "=" + spec + ": the range runs backwards (" + from + " > " + to + ")");
    }
    List<BigDecimal> numbers = new ArrayList<>();
    if (step.startsWith("x")) {
      double factor = number(path, spec, step.substring(1));
      if (!(factor > 1)) {
        throw new IllegalArgumentException(
            path + "=" + spec + ": the factor after 'x' must be above 1");
      }
      if (start.value().signum() <= 0) {
        throw new IllegalArgumentException(
            path + "=" + spec + ": a multiplied range must start above zero");
      }
      BigDecimal factorExact = new BigDecimal(step.substring(1));
      for (BigDecimal v = start.value();
          v.compareTo(end.value()) <= 0;
          v = v.multiply(factorExact)) {
        numbers.add(v);
        limit(path, spec, numbers.size());
      }
    } else if (step.startsWith("log")) {
      int points = (int) number(path, spec, step.substring(3));
      if (points < 2) {
        throw new IllegalArgumentException(
            path + "=" + spec + ": 'log' needs at least 2 points, e.g. log5");
      }
      limit(path, spec, points);
      if (start.value().signum() <= 0) {
        throw new IllegalArgumentException(
            path + "=" + spec + ": a log range must start above zero");
      }
      double a = Math.log(start.value().doubleValue());
      double b = Math.log(end.value().doubleValue());
      boolean whole = isWhole(start.value()) && isWhole(end.value());
      for (int i = 0; i < points; i++) {
        if (i == 0 || i == points - 1) {
          numbers.add(i == 0 ? start.value() : end.value()); // both ends exactly as given
          continue;
        }
        BigDecimal rounded =
            new BigDecimal(Math.exp(a + (b - a) * i / (points - 1))).round(new MathContext(3));
        numbers.add(whole ? rounded.setScale(0, RoundingMode.HALF_EVEN) : rounded);
      }
    } else {
      Quantity increment = quantity(path, spec, step);
      if (!increment.unit().isEmpty() && !increment.unit().equals(start.unit())) {
        throw new IllegalArgumentException(
            path
                + "="
                + spec
                + ": the step's unit '"
                + increment.unit()
                + "' differs from the range's '"
                + start.unit()
                + "'");
      }
      if (increment.value().signum() <= 0) {
        throw new IllegalArgumentException(path + "=" + spec + ": the step must be above zero");
      }
      for (BigDecimal v = start.value();
          v.compareTo(end.value()) <= 0;
          v = v.add(increment.value())) {
        numbers.add(v);
        limit(path, spec, numbers.size());
      }
    }
    List<String> values = new ArrayList<>();
    for (BigDecimal n : numbers) {
      values.add(start.dollar() + n.stripTrailingZeros().toPlainString() + start.unit());
    }
    return distinct(path, spec, values);
  }

  private record Quantity(String dollar, BigDecimal value, String unit) {}

  private static Quantity quantity(ParameterPath path, String spec, String text) {
    Matcher m = NUMBER_WITH_UNIT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          path
              + "="
              + spec
              + ": '"
              + text
              + "' is not a number (with an optional unit, e.g. 2ms or 100k/s)");
    }
    return new Quantity(m.group(1), new BigDecimal(m.group(2)), m.group(3));
  }

  private static double number(ParameterPath path, String spec, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + "=" + spec + ": '" + text + "' is not a number");
    }
  }

  private static boolean isWhole(BigDecimal value) {
    return value.stripTrailingZeros().scale() <= 0;
  }

  private static void limit(ParameterPath path, String spec, int size) {
    if (size > MAX_VALUES) {
      throw new IllegalArgumentException(
          path + "=" + spec + ": more than " + MAX_VALUES + " values; is the step right?");
    }
  }

  private static List<String> distinct(ParameterPath path, String spec, List<String> values) {
    LinkedHashSet<String> unique = new LinkedHashSet<>(values);
    return List.copyOf(unique);
  }
}
