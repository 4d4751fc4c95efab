package dev.blueprint.edge.coordinator.fl;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task-file word such as {@code fedadam:eta=0.01,tau=0.001} or {@code trimmed-mean:0.1}: a name,
 * then after a colon comma-separated {@code key=value} parameters, the first of which may leave its
 * key out. Messages name the whole word, the parameter and the accepted values.
 */
final class Words {
  final String kind;
  final String word;
  final String name;
  private final Map<String, String> values = new LinkedHashMap<>();

  private Words(String kind, String word, String name) {
    this.kind = kind;
    this.word = word;
    this.name = name;
  }

  /**
   * Splits {@code word}; a bare first value belongs to {@code positional}, and every key must be in
   * {@code keys}.
   */
  static Words split(String kind, String word, String positional, List<String> keys) {
    String w = word.strip();
    int colon = w.indexOf(':');
    Words out = new Words(kind, word, colon < 0 ? w : w.substring(0, colon));
    if (colon < 0) {
      return out;
    }
    String[] parts = w.substring(colon + 1).split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      int eq = part.indexOf('=');
      String key;
      String value;
      if (eq < 0) {
        if (i > 0 || positional == null) {
          throw out.problem(
              "'"
                  + part
                  + "' needs a name"
                  + (keys.isEmpty()
                      ? "; " + out.name + " takes no parameters"
                      : ", one of " + keys));
        }
        key = positional;
        value = part;
      } else {
        key = part.substring(0, eq).strip();
        value = part.substring(eq + 1).strip();
      }
      if (!keys.contains(key)) {
        throw out.problem(
            keys.isEmpty()
                ? out.name + " takes no parameters"
                : "unknown parameter '"
                    + key
                    + "'; "
                    + out.name
                    + " takes "
                    + String.join(", ", keys));
      }
      if (out.values.put(key, value) != null) {
        throw out.problem("parameter '" + key + "' is given twice");
      }
    }
    return out;
  }

  IllegalArgumentException problem(String message) {
    return new IllegalArgumentException(kind + " '" + word + "': " + message);
  }

  /** A number in {@code [min, max)} or {@code [min, max]}, or {@code fallback} when absent. */
  double number(String key, double fallback, double min, double max, boolean maxIncluded) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    String range =
        "at least " + plain(min) + " and " + (maxIncluded ? "at most " : "below ") + plain(max);
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw problem(key + " must be a number " + range + ", got '" + v + "'");
    }
    if (!(x >= min && (maxIncluded ? x <= max : x < max))) {
      throw problem(key + " must be " + range + ", got " + v);
    }
    return x;
  }

  /** A positive number (above 0, finite), or {@code fallback} when absent. */
  double positive(String key, double fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw problem(key + " must be a number above 0, got '" + v + "'");
    }
    if (!(x > 0 && Double.isFinite(x))) {
      throw problem(key + " must be a finite number above 0, got " + v);
    }
    return x;
  }

  /** A finite number of 0 or more, or {@code fallback} when absent. */
  double nonNegative(String key, double fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw problem(key + " must be a number of 0 or more, got '" + v + "'");
    }
    if (!(x >= 0 && Double.isFinite(x))) {
      throw problem(key + " must be a finite number of 0 or more, got " + v);
    }
    return x;
  }

  /** A whole number of at least {@code min}, or {@code fallback} when absent. */
  int whole(String key, int fallback, int min) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    int x;
    try {
      x = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw problem(key + " must be a whole number of at least " + min + ", got '" + v + "'");
    }
    if (x < min) {
      throw problem(key + " must be a whole number of at least " + min + ", got " + v);
    }
    return x;
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  /** A number as the words write it: {@code 0.1}, {@code 0.001}, {@code 1}. */
  static String plain(double x) {
    return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }
}
