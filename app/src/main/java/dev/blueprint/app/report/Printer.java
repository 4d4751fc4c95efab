package dev.blueprint.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blueprint.simulator.validate.Confidence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Renders reports and tables in the chosen {@link OutputFormat}. */
public final class Printer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final OutputFormat format;

  public Printer(PrintWriter out, OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  /** A report as the {@link OutputFormat#TABLE} text a terminal shows. */
  public static String text(Report report) {
    StringWriter text = new StringWriter();
    new Printer(new PrintWriter(text, true), OutputFormat.TABLE).print(report);
    return text.toString();
  }

  /**
   * Prints a report. CSV prints the first table (or, without tables, the figures as key,value,unit
   * rows); JSON prints everything.
   */
  public void print(Report report) {
    switch (format) {
      case TABLE -> printText(report);
      case CSV -> {
        if (report.tables().isEmpty()) {
          printFiguresCsv(report);
        } else {
          printCsv(report.tables().get(0));
        }
      }
      case JSON -> printJson(toJson(report));
    }
    out.flush();
  }

  private void printText(Report report) {
    out.println(report.title());
    out.println("=".repeat(Math.min(100, report.title().length())));
    int width = report.figures().stream().mapToInt(f -> f.label().length()).max().orElse(0);
    for (Report.Figure f : report.figures()) {
      out.printf(
          Locale.ROOT,
          "  %-" + width + "s  %s%n",
          f.label(),
          formatValue(f.value(), f.decimals()) + (f.unit().isEmpty() ? "" : " " + f.unit()));
    }
    for (Confidence c : report.confidence()) {
      out.println("  trust: " + c.statement());
    }
    for (Table table : report.tables()) {
      out.println();
      printText(table);
    }
    if (!report.notes().isEmpty()) {
      out.println();
      for (String note : report.notes()) {
        out.println("note: " + note);
      }
    }
  }

  /** Prints one table as aligned text. */
  public void printText(Table table) {
    if (!table.title().isEmpty()) {
      out.println(table.title());
    }
    List<String[]> cells = new ArrayList<>();
    String[] header = table.columns().stream().map(Table.Column::header).toArray(String[]::new);
    cells.add(header);
    for (List<Object> row : table.rows()) {
      String[] line = new String[row.size()];
      for (int i = 0; i < row.size(); i++) {
        line[i] = formatValue(row.get(i), table.columns().get(i).decimals());
      }
      cells.add(line);
    }
    int[] widths = new int[header.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    boolean[] numeric = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      final int column = i;
      numeric[i] =
          !table.rows().isEmpty()
              && table.rows().stream().allMatch(r -> r.get(column) instanceof Number);
    }
    for (int r = 0; r < cells.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < header.length; i++) {
        String cell = cells.get(r)[i];
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + cell : cell + pad);
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        int total = 0;
        for (int w : widths) {
          total += w;
        }
        out.println("-".repeat(total + 2 * (widths.length - 1)));
      }
    }
  }

  /** Prints one table as CSV with a header of column keys. */
  public void printCsv(Table table) {
    try {
      CSVPrinter csv =
          new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
      csv.printRecord(table.columns().stream().map(Table.Column::key).toList());
      for (List<Object> row : table.rows()) {
        List<String> values = new ArrayList<>();
        for (Object v : row) {
          values.add(rawValue(v));
        }
        csv.printRecord(values);
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void printFiguresCsv(Report report) {
    Table.Builder table =
        Table.builder("").text("key", "key").text("value", "value").text("unit", "unit");
    for (Report.Figure f : report.figures()) {
      table.row(f.key(), rawValue(f.value()), f.unit());
    }
    printCsv(table.build());
  }

  /** Prints any structure as JSON. */
  public void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static Map<String, Object> toJson(Report report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", report.title());
    for (Report.Figure f : report.figures()) {
      root.put(f.key(), jsonValue(f.value()));
    }
    for (Table table : report.tables()) {
      root.put(tableKey(table), rowsAsObjects(table));
    }
    if (!report.confidence().isEmpty()) {
      root.put("confidence", confidenceJson(report.confidence()));
    }
    if (!report.notes().isEmpty()) {
      root.put("notes", report.notes());
    }
    return root;
  }

  /** One confidence object, or a list of them when the figures rest on several device classes. */
  public static Object confidenceJson(List<Confidence> trust) {
    return trust.size() == 1
        ? confidenceJson(trust.get(0))
        : trust.stream().map(Printer::confidenceJson).toList();
  }

  /**
   * {@code {class, validated, rows, publishers, median_error_pct, bias_pct, statement}}; the error
   * figures are null for a class without validation rows.
   */
  public static Map<String, Object> confidenceJson(Confidence c) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("class", c.deviceClass().id());
    object.put("validated", c.validated());
    object.put("rows", c.rows());
    object.put("publishers", c.publishers());
    object.put("median_error_pct", jsonValue(round1(c.medianAbsErrorPercent())));
    object.put("bias_pct", jsonValue(round1(c.biasPercent())));
    object.put("statement", c.statement());
    return object;
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  public static String tableKey(Table table) {
    String key =
        table
            .title()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_|_$", "");
    return key.isEmpty() ? "rows" : key;
  }

  /** A table as a list of objects keyed by column key. */
  public static List<Map<String, Object>> rowsAsObjects(Table table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<Object> row : table.rows()) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) {
        object.put(table.columns().get(i).key(), jsonValue(row.get(i)));
      }
      rows.add(object);
    }
    return rows;
  }

  private static Object jsonValue(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) {
      return null;
    }
    return v;
  }

  public static String rawValue(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return "";
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
      return BigDecimal.valueOf(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  public static String formatValue(Object v, int decimals) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "-";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "inf" : "-inf";
      }
      if (d != 0 && Math.abs(d) < Math.pow(10, -decimals) * 5) {
        return String.format(Locale.ROOT, "%.2g", d);
      }
      return String.format(Locale.ROOT, "%,." + decimals + "f", d);
    }
    if (v instanceof Number n) {
      return String.format(Locale.ROOT, "%,d", n.longValue());
    }
    if (v instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    return v.toString();
  }
}
