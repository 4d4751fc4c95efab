package dev.blueprint.simulator.validate;

import dev.blueprint.simulator.io.CsvTable;
import dev.blueprint.simulator.io.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads measurement rows. Every malformed cell is reported with its line and column name, all at
 * once; nothing is returned from a file with problems.
 */
public final class MeasurementCsv {
  /** The columns, in the order of the reference file. */
  public static final List<String> COLUMNS =
      List.of(
          "id",
          "hardware",
          "count",
          "model",
          "precision",
          "scenario",
          "batch",
          "input_tokens",
          "output_tokens",
          "tp",
          "pp",
          "latency_bound_ms",
          "options",
          "metric",
          "value",
          "unit",
          "source");

  static final Set<String> REQUIRED =
      Set.of("id", "hardware", "model", "precision", "scenario", "metric", "value");

  /**
   * The options the validator reads, with the kind of value each takes. Other keys are kept and
   * reported as ignored beside the row's prediction.
   */
  static final Map<String, String> OPTIONS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("recompute", "none|selective|mlp-input|full"),
              Map.entry("attention", "flash|unfused"),
              Map.entry("sequence_parallel", "bool"),
              Map.entry("nvls", "bool"),
              Map.entry("nvlink_bridge", "bool"),
              Map.entry("virtual_pipeline", "int>=1"),
              Map.entry("context_parallel", "int>=1"),
              Map.entry("micro_batch", "int>=1"),
              Map.entry("zero", "0..3"),
              Map.entry("engine", "text"),
              Map.entry("ttft_ms", "number>0"),
              Map.entry("tpot_ms", "number>0"),
              Map.entry("lengths", "text"),
              Map.entry("fsdp", "bool"),
              Map.entry("ep", "bool"),
              Map.entry("attention_dp", "bool"),
              Map.entry("weights", "text"),
              Map.entry("remat", "text"),
              Map.entry("max_num_seqs", "int>=1"),
              Map.entry("max_num_batched_tokens", "int>=1"),
              Map.entry("kv_cache", "auto|fp8|bf16|fp16|fp32|int8")));

  static boolean valid(String allowed, String value) {
    return switch (allowed) {
      case "bool" -> value.equals("true") || value.equals("false");
      case "int>=1" -> value.matches("[0-9]+") && Integer.parseInt(value) >= 1;
      case "0..3" -> value.matches("[0-3]");
      case "text" -> !value.isBlank();
      case "number>0" -> isPositiveNumber(value);
      default -> Arrays.asList(allowed.split("\\|")).contains(value);
    };
  }

  private static boolean isPositiveNumber(String value) {
    try {
      double v = Double.parseDouble(value);
      return v > 0 && Double.isFinite(v);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String describe(String allowed) {
    return switch (allowed) {
      case "bool" -> "true or false";
      case "int>=1" -> "a whole number of at least 1";
      case "0..3" -> "0, 1, 2 or 3";
      case "text" -> "a name";
      case "number>0" -> "a positive number";
      default -> String.join(", ", allowed.split("\\|"));
    };
  }

  private MeasurementCsv() {}

  /**
   * The options of a row the models do not read, as "key=value (did you mean ...?)" phrases; empty
   * when every option is read.
   */
  static List<String> ignoredOptions(Measurement m) {
    List<String> ignored = new ArrayList<>();
    m.options()
        .forEach(
            (key, value) -> {
              if (!OPTIONS.containsKey(key)) {
                ignored.add(key + "=" + value + Suggestions.didYouMean(key, OPTIONS.keySet()));
              }
            });
    return ignored;
  }

  public static List<Measurement> parse(String text, String origin) {
    return CsvTable.read(text, origin, COLUMNS, false, row -> new Row(row).read());
  }

  /** One record being read; reports problems on the row instead of stopping. */
  private static final class Row {
    private final CsvTable.Row cells;

    Row(CsvTable.Row cells) {
      this.cells = cells;
    }

    Measurement read() {
      for (String column : REQUIRED) {
        if (text(column).isEmpty()) {
          problem(column, "required value is empty");
        }
      }
      int count = optionalInt("count").orElse(1);
      double value = number("value");
      Map<String, String> options = options(text("options"));
      return new Measurement(
          text("id"),
          cells.line(),
          text("hardware"),
          count,
          text("model"),
          text("precision"),
          text("scenario"),
          optionalInt("batch"),
          optionalInt("input_tokens"),
          optionalInt("output_tokens"),
          optionalInt("tp"),
          optionalInt("pp"),
          optionalDouble("latency_bound_ms"),
          options,
          text("metric"),
          value,
          text("unit"),
          text("source"));
    }

    private String text(String column) {
      return cells.text(column);
    }

    private void problem(String column, String message) {
      cells.problem(column, message);
    }

    private OptionalInt optionalInt(String column) {
      String t = text(column);
      if (t.isEmpty()) {
        return OptionalInt.empty();
      }
      try {
        int v = Integer.parseInt(t);
        if (v < 1) {
          problem(column, "expected a positive whole number, got '" + t + "'");
          return OptionalInt.empty();
        }
        return OptionalInt.of(v);
      } catch (NumberFormatException e) {
        problem(column, "expected a whole number, got '" + t + "'");
        return OptionalInt.empty();
      }
    }

    private OptionalDouble optionalDouble(String column) {
      String t = text(column);
      if (t.isEmpty()) {
        return OptionalDouble.empty();
      }
      try {
        double v = Double.parseDouble(t);
        if (!(v > 0) || Double.isInfinite(v)) {
          problem(column, "expected a positive number, got '" + t + "'");
          return OptionalDouble.empty();
        }
        return OptionalDouble.of(v);
      } catch (NumberFormatException e) {
        problem(column, "expected a number, got '" + t + "'");
        return OptionalDouble.empty();
      }
    }

    private double number(String column) {
      OptionalDouble v = optionalDouble(column);
      return v.orElse(Double.NaN);
    }

    private Map<String, String> options(String text) {
      Map<String, String> options = new LinkedHashMap<>();
      if (text.isEmpty()) {
        return options;
      }
      for (String part : text.split(";")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        if (eq <= 0 || eq == p.length() - 1) {
          problem("options", "expected key=value pairs separated by ';', got '" + p + "'");
          continue;
        }
        String key = p.substring(0, eq).trim();
        String value = p.substring(eq + 1).trim();
        String allowed = OPTIONS.get(key);
        if (allowed == null) {
          // Files from elsewhere carry settings the models do not read; the row is still
          // predicted and the validator names what it ignored (Validator.ignoredOptions).
          options.put(key, value);
          continue;
        }
        if (!valid(allowed, value)) {
          problem(
              "options",
              "option '" + key + "' takes " + describe(allowed) + ", got '" + value + "'");
          continue;
        }
        options.put(key, value);
      }
      return options;
    }
  }
}
