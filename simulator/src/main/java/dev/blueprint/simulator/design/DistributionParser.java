package dev.blueprint.simulator.design;

import dev.blueprint.simulator.io.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a distribution from its text form. Values are read by a parser for the quantity (times,
 * token counts); shape parameters ({@code cv}, {@code sigma}, {@code shape}) are plain numbers. A
 * bare value is a constant.
 *
 * <pre>
 * exponential(mean=5ms)              deterministic(2ms)
 * lognormal(mean=10ms, cv=0.5)       lognormal(median=8ms, p99=40ms)    lognormal(mu=-4, sigma=0.3)
 * gamma(mean=10ms, cv=0.5)           gamma(shape=4, scale=2.5ms)
 * uniform(min=1ms, max=3ms)          empirical(1ms, 2ms, 2ms, 9ms)      empirical(file=latency.csv)
 * </pre>
 *
 * Every message says what was expected, for the YAML loader to place at the field.
 */
public final class DistributionParser {
  static final List<String> NAMES =
      List.of("exponential", "deterministic", "lognormal", "gamma", "uniform", "empirical");

  private final Function<String, Double> values;
  private final Function<String, double[]> files;

  /**
   * @param values parses one value into base units, throwing {@link IllegalArgumentException}
   * @param files reads the values of {@code empirical(file=...)}, throwing {@link
   *     IllegalArgumentException} naming the file and line on bad content
   */
  public DistributionParser(Function<String, Double> values, Function<String, double[]> files) {
    this.values = values;
    this.files = files;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public Distribution parse(String text) {
    String t = text.trim();
    int open = t.indexOf('(');
    if (open < 0) {
      if (Character.isLetter(t.isEmpty() ? ' ' : t.charAt(0))) {
        throw new IllegalArgumentException(unknown(t));
      }
      return new Distribution.Deterministic(value(t, "the value"));
    }
    if (!t.endsWith(")")) {
      throw new IllegalArgumentException(
          "expected a closing ')' in '"
              + t
              + "'"
              + " (inside a {...} mapping, a comma ends the value: put it in quotes)");
    }
    String name = t.substring(0, open).trim();
    String body = t.substring(open + 1, t.length() - 1).trim();
    List<String> parts = split(body);
    if (name.equals("empirical")) {
      return empirical(parts);
    }
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(unknown(name));
    }
    if (name.equals("deterministic") && parts.size() == 1 && !parts.get(0).contains("=")) {
      return new Distribution.Deterministic(value(parts.get(0), "the value"));
    }
    Map<String, String> args = arguments(name, parts);
    return switch (name) {
      case "exponential" -> {
        expect(name, args, Set.of("mean"));
        yield new Distribution.Exponential(value(args.get("mean"), "mean"));
      }
      case "deterministic" -> {
        expect(name, args, Set.of("value"));
        yield new Distribution.Deterministic(value(args.get("value"), "value"));
      }
      case "lognormal" -> lognormal(args);
      case "gamma" -> gamma(args);
      case "uniform" -> {
        expect(name, args, Set.of("min", "max"));
        yield new Distribution.Uniform(
            value(args.get("min"), "min"), value(args.get("max"), "max"));
      }
      default -> throw new IllegalStateException("unhandled distribution " + name);
    };
  }

  private Distribution lognormal(Map<String, String> args) {
    if (args.keySet().equals(Set.of("mean", "cv"))) {
      return Distribution.LogNormal.ofMeanCv(
          value(args.get("mean"), "mean"), number(args.get("cv"), "cv"));
    }
    if (args.keySet().equals(Set.of("median", "p99"))) {
      return Distribution.LogNormal.ofMedianP99(
          value(args.get("median"), "median"), value(args.get("p99"), "p99"));
    }
    if (args.keySet().equals(Set.of("mu", "sigma"))) {
      return new Distribution.LogNormal(
          number(args.get("mu"), "mu"), number(args.get("sigma"), "sigma"));
    }
    throw new IllegalArgumentException(
        "lognormal takes (mean=, cv=), (median=, p99=) or (mu=, sigma=), got ("
            + String.join(", ", args.keySet())
            + ")");
  }

  private Distribution gamma(Map<String, String> args) {
    if (args.keySet().equals(Set.of("mean", "cv"))) {
      return Distribution.Gamma.ofMeanCv(
          value(args.get("mean"), "mean"), number(args.get("cv"), "cv"));
    }
    if (args.keySet().equals(Set.of("shape", "scale"))) {
      return new Distribution.Gamma(
          number(args.get("shape"), "shape"), value(args.get("scale"), "scale"));
    }
    throw new IllegalArgumentException(
        "gamma takes (mean=, cv=) or (shape=, scale=), got ("
            + String.join(", ", args.keySet())
            + ")");
  }

  private Distribution empirical(List<String> parts) {
    if (parts.size() == 1 && parts.get(0).startsWith("file=")) {
      return new Distribution.Empirical(
          files.apply(parts.get(0).substring("file=".length()).trim()));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("empirical takes a list of values or file=PATH");
    }
    double[] observed = new double[parts.size()];
    for (int i = 0; i < observed.length; i++) {
      observed[i] = value(parts.get(i), "value " + (i + 1));
    }
    return new Distribution.Empirical(observed);
  }

  private static List<String> split(String body) {
    List<String> parts = new ArrayList<>();
    if (body.isEmpty()) {
      return parts;
    }
    for (String part : body.split(",")) {
      parts.add(part.trim());
    }
    return parts;
  }

  private static Map<String, String> arguments(String name, List<String> parts) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String part : parts) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            name + " takes named parameters such as " + example(name) + ", got '" + part + "'");
      }
      String key = part.substring(0, eq).trim();
      if (args.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(name + " parameter '" + key + "' is given twice");
      }
    }
    return args;
  }

  private static void expect(String name, Map<String, String> args, Set<String> keys) {
    for (String key : args.keySet()) {
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(
            name
                + " has no parameter '"
                + key
                + "'"
                + Suggestions.didYouMean(key, keys)
                + "; write "
                + example(name));
      }
    }
    for (String key : keys) {
      if (!args.containsKey(key)) {
        throw new IllegalArgumentException(name + " needs '" + key + "'; write " + example(name));
      }
    }
  }

  private double value(String text, String what) {
    try {
      return values.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  private static double number(String text, String what) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a plain number, got '" + text + "'");
    }
  }

  private static String unknown(String name) {
    return "unknown distribution '"
        + name
        + "'"
        + Suggestions.didYouMean(name, NAMES)
        + "; one of "
        + String.join(", ", NAMES)
        + ", e.g. exponential(mean=5ms)";
  }

  private static String example(String name) {
    return switch (name) {
      case "exponential" -> "exponential(mean=5ms)";
      case "deterministic" -> "deterministic(2ms)";
      case "uniform" -> "uniform(min=1ms, max=3ms)";
      default -> name + "(mean=10ms, cv=0.5)";
    };
  }
}
