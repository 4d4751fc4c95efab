package dev.blueprint.app.report;

import dev.blueprint.simulator.des.CdfPoint;
import dev.blueprint.simulator.des.ComponentResult;
import dev.blueprint.simulator.des.SimulationResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * The files of {@code simulate --out DIR}: a self-contained {@code report.html} whose charts are
 * inline SVG (no scripts, nothing fetched), {@code summary.json}, and the raw figures as CSV. Each
 * file is written beside its final name and moved into place, so a reader never sees half a file.
 */
public final class HtmlReport {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;

  private HtmlReport() {}

  public static void write(SimulationResult r, Path folder) {
    try {
      Files.createDirectories(folder);
      writeAtomically(folder.resolve("report.html"), html(r));
      writeAtomically(
          folder.resolve("summary.json"),
          render(p -> p.printJson(SimulationReports.json(r)), OutputFormat.JSON));
      writeAtomically(
          folder.resolve("components.csv"),
          render(p -> p.printCsv(SimulationReports.componentsCsv(r)), OutputFormat.CSV));
      writeAtomically(
          folder.resolve("latency-cdf.csv"),
          render(p -> p.printCsv(cdfTable(r)), OutputFormat.CSV));
      writeAtomically(
          folder.resolve("queue-length.csv"),
          render(p -> p.printCsv(queueTable(r)), OutputFormat.CSV));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report into " + folder + ": " + e.getMessage(), e);
    }
  }

  public static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".part");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static String render(Consumer<Printer> body, OutputFormat format) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text);
    body.accept(new Printer(writer, format));
    writer.flush();
    return text.toString();
  }

  private static Table cdfTable(SimulationResult r) {
    Table.Builder t =
        Table.builder("").number("latency_ms", "latency_ms", 6).number("fraction", "fraction", 6);
    for (CdfPoint p : r.latencyCdf()) {
      t.row(p.seconds() * 1e3, p.fraction());
    }
    return t.build();
  }

  private static Table queueTable(SimulationResult r) {
    Table.Builder t =
        Table.builder("")
            .text("component", "component")
            .number("time_s", "time_s", 6)
            .number("mean_queue_length", "mean_queue_length", 6);
    for (ComponentResult c : r.components()) {
      double[] series = c.queueSeries();
      for (int i = 0; i < series.length; i++) {
        t.row(c.name(), i * c.seriesStepSeconds(), series[i]);
      }
    }
    return t.build();
  }

  public static String html(SimulationResult r) {
    StringBuilder h = new StringBuilder();
    h.append(head(r.design() + " — Blueprint simulation"));

    h.append("<h1>")
        .append(escape(r.design()))
        .append("</h1>\n<p class=\"sub\">")
        .append(escape(r.origin()))
        .append(
            String.format(
                Locale.ROOT,
                " · seed %d · %d replication%s · %,d measured requests · %,d events",
                r.seed(),
                r.replications(),
                r.replications() == 1 ? "" : "s",
                r.requests(),
                r.events()))
        .append("</p>\n");
    for (String w : r.warnings()) {
      h.append("<p class=\"warn\">").append(escape(w)).append("</p>\n");
    }
    h.append("<div class=\"cards\">\n");
    card(h, "throughput", String.format(Locale.ROOT, "%.4g req/s", r.throughput().value()));
    card(h, "mean", SimulationReports.withInterval(r.latency().mean()));
    card(h, "p50", ms(r.latency().p50()));
    card(h, "p99", SimulationReports.withInterval(r.latency().p99()));
    card(h, "p99.9", ms(r.latency().p999()));
    card(h, "dropped", String.format(Locale.ROOT, "%.3g %%", r.dropRate() * 100));
    card(h, "cost / month", String.format(Locale.ROOT, "$%,.0f", r.costPerMonthUsd()));
    card(
        h,
        "cost / million requests",
        String.format(Locale.ROOT, "$%.4g", r.costPerMillionRequestsUsd()));
    h.append("</div>\n");
    if (!r.slos().isEmpty()) {
      h.append(
          "<h2>Objectives</h2>\n<table><tr><th>objective</th><th>target</th><th>measured</th><th>met</th></tr>\n");
      for (SimulationResult.SloResult s : r.slos()) {
        String measured =
            s.slo().metric().isLatency()
                ? ms(s.measured())
                : String.format(Locale.ROOT, "%.4g %%", s.measured() * 100);
        h.append("<tr><td>")
            .append(escape(s.slo().name()))
            .append("</td><td>")
            .append(escape(s.slo().describe()))
            .append("</td><td>")
            .append(measured)
            .append("</td><td class=\"")
            .append(s.met() ? "ok\">yes" : "bad\">no")
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Latency distribution</h2>\n").append(svg(percentileChart(r)));
    h.append(
            "<h2>Components</h2>\n<table><tr><th>component</th><th>kind</th><th>servers</th><th>utilisation</th>")
        .append(
            "<th>mean queue</th><th>mean wait</th><th>mean</th><th>p99</th><th>drops</th><th>$/month</th></tr>\n");
    for (ComponentResult c : r.components()) {
      h.append("<tr><td>")
          .append(escape(c.name()))
          .append("</td><td>")
          .append(escape(c.kind()))
          .append("</td><td>")
          .append(c.servers() == Integer.MAX_VALUE ? "unlimited" : c.servers())
          .append("</td><td>")
          .append(
              Double.isFinite(c.utilization())
                  ? String.format(Locale.ROOT, "%.1f %%", c.utilization() * 100)
                  : "—")
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3g", c.meanQueueLength()))
          .append("</td><td>")
          .append(ms(c.meanWaitSeconds()))
          .append("</td><td>")
          .append(ms(c.latency().mean().value()))
          .append("</td><td>")
          .append(ms(c.latency().p99().value()))
          .append("</td><td>")
          .append(c.drops())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "$%,.0f", c.cost().dollarsPerMonth()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    h.append(svg(utilisationChart(r)));
    h.append("<h2>Queue length over the measured window</h2>\n").append(svg(queueChart(r)));
    h.append("<h2>Cost per month</h2>\n").append(svg(costChart(r)));
    h.append(
            "<p class=\"sub\">Intervals are 95 % confidence intervals. Raw figures: summary.json, components.csv, ")
        .append("latency-cdf.csv, queue-length.csv. Made by Blueprint.</p>\n</body></html>\n");
    return h.toString();
  }

  /** The document's start: title and the shared style sheet, up to the opened body. */
  public static String head(String title) {
    return new StringBuilder(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;")
        .append(
            "color:#1d2733;padding:0 1em}h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;")
        .append(
            "margin-top:2em;border-bottom:1px solid #d5dbe3;padding-bottom:.2em}.sub{color:#5b6775}")
        .append(
            "table{border-collapse:collapse;margin:.5em 0}td,th{padding:.3em .8em;border-bottom:1px solid #e6eaef;")
        .append(
            "text-align:right}th{background:#f3f5f8}td:first-child,th:first-child{text-align:left}")
        .append(
            ".cards{display:flex;flex-wrap:wrap;gap:.8em}.card{border:1px solid #d5dbe3;border-radius:6px;")
        .append(
            "padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.3em}.ok{color:#17803d}")
        .append(
            ".bad{color:#b42318;font-weight:bold}.warn{background:#fff6e0;border-left:4px solid #e0a800;")
        .append("padding:.5em 1em}svg{max-width:100%;height:auto}\n")
        .append("</style></head><body>\n")
        .toString();
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\">")
        .append(escape(label))
        .append("<b>")
        .append(escape(value))
        .append("</b></div>\n");
  }

  private static String ms(double seconds) {
    return Double.isFinite(seconds) ? SimulationReports.time(seconds) : "—";
  }

  /** Latency against percentile on a "nines" axis: 90, 99, 99.9 … equally spaced. */
  public static JFreeChart percentileChart(SimulationResult r) {
    double max = r.latencyCdf().stream().mapToDouble(CdfPoint::seconds).max().orElse(1);
    double scale = max >= 10 ? 1 : max >= 0.01 ? 1e-3 : 1e-6;
    String unit = scale == 1 ? "s" : scale == 1e-3 ? "ms" : "µs";
    XYSeries series = new XYSeries("end to end", false, true);
    for (CdfPoint p : r.latencyCdf()) {
      if (p.fraction() < 1) {
        series.add(1 / (1 - p.fraction()), p.seconds() / scale);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null,
            "percentile",
            "latency (" + unit + ")",
            new XYSeriesCollection(series),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    LogAxis nines = new LogAxis("percentile");
    nines.setBase(10);
    nines.setTickUnit(new NumberTickUnit(1));
    nines.setRange(1, Math.max(100, series.isEmpty() ? 100 : series.getMaxX() * 1.2));
    nines.setNumberFormatOverride(new NinesFormat());
    plot.setDomainAxis(nines);
    style(chart);
    return chart;
  }

  public static JFreeChart utilisationChart(SimulationResult r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ComponentResult c : r.components()) {
      if (Double.isFinite(c.utilization())) {
        data.addValue(c.utilization() * 100, "utilisation", c.name());
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            null, null, "utilisation (%)", data, PlotOrientation.HORIZONTAL, false, false, false);
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setRange(0, 100);
    style(chart);
    return chart;
  }

  public static JFreeChart queueChart(SimulationResult r) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (ComponentResult c : r.components()) {
      XYSeries s = new XYSeries(c.name(), false, true);
      double[] series = c.queueSeries();
      for (int i = 0; i < series.length; i++) {
        s.add((i + 0.5) * c.seriesStepSeconds(), series[i]);
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null,
            "time since the measured window began (s)",
            "mean waiting requests",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    style(chart);
    return chart;
  }

  public static JFreeChart costChart(SimulationResult r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ComponentResult c : r.components()) {
      data.addValue(c.cost().dollarsPerMonth(), "cost", c.name());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            null, null, "$ per month", data, PlotOrientation.HORIZONTAL, false, false, false);
    style(chart);
    return chart;
  }

  public static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(0xF8, 0xF9, 0xFB));
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }
  }

  public static String svg(JFreeChart chart) {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    // Text as <text> elements rather than glyph outlines: a tenth of the size, and selectable.
    g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
    chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement() + "\n";
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Labels 1/(1 − F) as the percentile F: 10 → "90", 100 → "99", 1000 → "99.9". */
  private static final class NinesFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
      double percentile = 100 * (1 - 1 / number);
      return toAppendTo.append(new DecimalFormat("0.####").format(percentile));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
      return format((double) number, toAppendTo, pos);
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
      throw new IllegalStateException("an axis label format is never parsed");
    }
  }

  public static List<String> fileNames() {
    return List.of(
        "report.html", "summary.json", "components.csv", "latency-cdf.csv", "queue-length.csv");
  }
}
