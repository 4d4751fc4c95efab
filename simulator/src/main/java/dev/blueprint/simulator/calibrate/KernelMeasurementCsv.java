package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.units.Precision;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a kernel sweep. Lines starting with {@code #} describe the machine and are skipped.
 * Every malformed cell is reported with its line and column, all at once; a file with problems
 * yields nothing.
 */
public final class KernelMeasurementCsv {
  /** The columns, in the order {@code tests/gpu/kernels.py} writes them. */
  public static final List<String> COLUMNS =
      List.of("kind", "precision", "m", "n", "k", "stream_bytes", "gather_bytes", "seconds", "note");

  private KernelMeasurementCsv() {}

  public static List<KernelMeasurement> parse(String text, String origin) {
    List<Problem> problems = new ArrayList<>();
    List<KernelMeasurement> rows = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
        .setIgnoreEmptyLines(true).setCommentMarker('#').get();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = parser.getHeaderNames();
      int headerLine = headerLine(text);
      for (String column : COLUMNS) {
        if (!header.contains(column)) {
          problems.add(new Problem(origin, headerLine, 0, column,
              "missing column; the header must name " + String.join(",", COLUMNS)));
        }
      }
      for (String column : header) {
        if (!COLUMNS.contains(column)) {
          problems.add(new Problem(origin, headerLine, 0, column,
              "unknown column" + Suggestions.didYouMean(column, COLUMNS)));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      for (CSVRecord record : parser) {
        int line = (int) parser.getCurrentLineNumber();
        KernelMeasurement row = new Row(record, origin, line, problems).read();
        if (row != null) {
          rows.add(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      problems.add(new Problem(origin, 0, 0, "", "not valid CSV: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (rows.isEmpty()) {
      throw InvalidInputException.of(new Problem(origin, 0, 0, "", "no measurement rows"));
    }
    return rows;
  }

  /** The header is the first line that is neither blank nor a comment. */
  private static int headerLine(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        return i + 1;
      }
    }
    return 1;
  }

  /** One record being read; collects problems instead of stopping at the first. */
  private static final class Row {
    private final CSVRecord record;
    private final String origin;
    private final int line;
    private final List<Problem> problems;
    private final int before;

    Row(CSVRecord record, String origin, int line, List<Problem> problems) {
      this.record = record;
      this.origin = origin;
      this.line = line;
      this.problems = problems;
      this.before = problems.size();
    }

    KernelMeasurement read() {
      if (!record.isConsistent()) {
        problems.add(new Problem(origin, line, 0, "",
            "expected " + COLUMNS.size() + " columns, got " + record.size()));
        return null;
      }
      String kindText = text("kind");
      KernelKind kind = KernelKind.byId(kindText);
      if (kind == null) {
        problem("kind", (kindText.isEmpty() ? "required value is empty" : "unknown kind '" + kindText + "'")
            + "; expected one of " + String.join(", ", KernelKind.ids())
            + (kindText.isEmpty() ? "" : Suggestions.didYouMean(kindText, KernelKind.ids())));
        return null;
      }
      Precision precision = precision(kind);
      boolean gemm = kind == KernelKind.GEMM;
      long m = gemm ? dimension("m") : 0;
      long n = gemm ? dimension("n") : 0;
      long k = gemm ? dimension("k") : 0;
      double streamBytes = switch (kind) {
        case GEMM, STREAM -> bytes("stream_bytes", true);
        case GATHER -> bytes("stream_bytes", false);
        default -> 0;
      };
      double gatherBytes = kind == KernelKind.GATHER ? bytes("gather_bytes", true) : 0;
      double seconds = seconds();
      if (problems.size() > before) {
        return null;
      }
      return new KernelMeasurement(line, kind, precision, m, n, k, streamBytes, gatherBytes, seconds, text("note"));
    }

    private Precision precision(KernelKind kind) {
      String t = text("precision");
      if (t.isEmpty()) {
        if (kind == KernelKind.GEMM) {
          problem("precision", "a gemm row needs its precision; expected one of " + Precision.names());
        }
        return Precision.FP32;
      }
      try {
        return Precision.parse(t);
      } catch (IllegalArgumentException e) {
        problem("precision", e.getMessage());
        return Precision.FP32;
      }
    }

    private long dimension(String column) {
      String t = text(column);
      if (t.isEmpty()) {
        problem(column, "a gemm row needs m, n and k");
        return 0;
      }
      try {
        long v = Long.parseLong(t);
        if (v < 1) {
          problem(column, "expected a positive whole number, got '" + t + "'");
        }
        return v;
      } catch (NumberFormatException e) {
        problem(column, "expected a whole number, got '" + t + "'");
        return 0;
      }
    }

    private double bytes(String column, boolean required) {
      String t = text(column);
      if (t.isEmpty()) {
        if (required) {
          problem(column, "required for a " + text("kind") + " row");
        }
        return 0;
      }
      double v = number(column, t);
      if (Double.isNaN(v)) {
        return 0;
      }
      if (v < 0 || (required && v == 0)) {
        problem(column, "expected a " + (required ? "positive" : "non-negative") + " byte count, got '" + t + "'");
      }
      return v;
    }

    private double seconds() {
      String t = text("seconds");
      if (t.isEmpty()) {
        problem("seconds", "required value is empty");
        return Double.NaN;
      }
      double v = number("seconds", t);
      if (!Double.isNaN(v) && !(v > 0)) {
        problem("seconds", "expected a positive time in seconds, got '" + t + "'");
      }
      return v;
    }

    private double number(String column, String t) {
      try {
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
          problem(column, "expected a finite number, got '" + t + "'");
          return Double.NaN;
        }
        return v;
      } catch (NumberFormatException e) {
        problem(column, "expected a number, got '" + t + "'");
        return Double.NaN;
      }
    }

    private String text(String column) {
      return record.get(column) == null ? "" : record.get(column).trim();
    }

    private void problem(String column, String message) {
      problems.add(new Problem(origin, line, 0, column, message));
    }
  }
}
