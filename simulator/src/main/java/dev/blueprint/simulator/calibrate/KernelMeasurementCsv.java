package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.io.CsvTable;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.units.Precision;
import java.util.List;

/**
 * Reads a kernel sweep. Lines starting with {@code #} describe the machine and are skipped. Every
 * malformed cell is reported with its line and column, all at once; a file with problems yields
 * nothing.
 */
public final class KernelMeasurementCsv {
  /** The columns, in the order {@code tests/gpu/kernels.py} writes them. */
  public static final List<String> COLUMNS =
      List.of(
          "kind", "precision", "m", "n", "k", "stream_bytes", "gather_bytes", "seconds", "note");

  private KernelMeasurementCsv() {}

  public static List<KernelMeasurement> parse(String text, String origin) {
    return CsvTable.read(text, origin, COLUMNS, true, row -> new Row(row).read());
  }

  /** One record being read; reports problems on the row instead of stopping at the first. */
  private static final class Row {
    private final CsvTable.Row cells;

    Row(CsvTable.Row cells) {
      this.cells = cells;
    }

    KernelMeasurement read() {
      String kindText = text("kind");
      KernelKind kind = KernelKind.byId(kindText);
      if (kind == null) {
        problem(
            "kind",
            (kindText.isEmpty() ? "required value is empty" : "unknown kind '" + kindText + "'")
                + "; expected one of "
                + String.join(", ", KernelKind.ids())
                + (kindText.isEmpty() ? "" : Suggestions.didYouMean(kindText, KernelKind.ids())));
        return null;
      }
      Precision precision = precision(kind);
      boolean gemm = kind == KernelKind.GEMM;
      long m = gemm ? dimension("m") : 0;
      long n = gemm ? dimension("n") : 0;
      long k = gemm ? dimension("k") : 0;
      double streamBytes =
          switch (kind) {
            case GEMM, STREAM -> bytes("stream_bytes", true);
            case GATHER -> bytes("stream_bytes", false);
            default -> 0;
          };
      double gatherBytes = kind == KernelKind.GATHER ? bytes("gather_bytes", true) : 0;
      double seconds = seconds();
      if (cells.hasProblems()) {
        return null;
      }
      return new KernelMeasurement(
          cells.line(), kind, precision, m, n, k, streamBytes, gatherBytes, seconds, text("note"));
    }

    private Precision precision(KernelKind kind) {
      String t = text("precision");
      if (t.isEmpty()) {
        if (kind == KernelKind.GEMM) {
          problem(
              "precision", "a gemm row needs its precision; expected one of " + Precision.names());
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
        problem(
            column,
            "expected a "
                + (required ? "positive" : "non-negative")
                + " byte count, got '"
                + t
                + "'");
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
      return cells.text(column);
    }

    private void problem(String column, String message) {
      cells.problem(column, message);
    }
  }
}
