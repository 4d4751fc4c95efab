package dev.blueprint.app.cli;

import dev.blueprint.app.report.HtmlReport;
import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Table;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * The files of {@code sweep --out DIR}: {@code report.html} with the Pareto front, heat maps when
 * two parameters vary, and the whole table; {@code results.csv}; {@code sweep.json}. Charts are
 * inline SVG; each file appears whole or not at all.
 */
final class SweepReport {
  private static final int HEAT_CELL_WIDTH = 92;
  private static final int HEAT_CELL_HEIGHT = 30;
  private static final int HEAT_LABEL_WIDTH = 150;

  private SweepReport() {}

  static void write(
      Path folder,
      DesignSource source,
      List<Variation> variations,
      TrafficWhatIf whatIf,
      List<SweepRow> rows,
      Table table,
      Metric[] axes,
      List<Integer> front,
      Map<String, Object> json) {
    try {
      Files.createDirectories(folder);
      HtmlReport.writeAtomically(
          folder.resolve("report.html"),
          html(source, variations, whatIf, rows, table, axes, front, json));
      HtmlReport.writeAtomically(
          folder.resolve("results.csv"),
          HtmlReport.render(p -> p.printCsv(table), OutputFormat.CSV));
      HtmlReport.writeAtomically(
          folder.resolve("sweep.json"),
          HtmlReport.render(p -> p.printJson(json), OutputFormat.JSON));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the sweep report into " + folder + ": " + e.getMessage(), e);
    }
  }

  static String html(
      DesignSource source,
      List<Variation> variations,
      TrafficWhatIf whatIf,
      List<SweepRow> rows,
      Table table,
      Metric[] axes,
      List<Integer> front,
      Map<String, Object> json) {
    StringBuilder h = new StringBuilder(HtmlReport.head("Sweep of " + source.origin()));
    h.append("<h1>Sweep of ")
        .append(HtmlReport.escape(source.origin()))
        .append("</h1>\n<p class=\"sub\">");
    for (Variation v : variations) {
      h.append(HtmlReport.escape(v.path() + " = " + String.join(", ", v.values()))).append("<br>");
    }
    long failed = rows.stream().filter(r -> !r.ok()).count();
    h.append(
        String.format(
            Locale.ROOT,
            "%d combinations%s · %s · %.1f s wall, %.1f s CPU on %s threads",
            rows.size(),
            failed == 0 ? "" : " (" + failed + " without a result)",
            HtmlReport.escape(whatIf.describe()),
            (Double) json.get("wall_seconds"),
            (Double) json.get("cpu_seconds"),
            json.get("threads")));
    h.append("</p>\n");
    h.append("<h2>Pareto front: ")
        .append(axes[0].id())
        .append(" and ")
        .append(axes[1].id())
        .append("</h2>\n");
    h.append(
            "<p class=\"sub\">Each dot is a combination; the line joins those no other beats on both ")
        .append(axes[0].higherIsBetter() ? "(more " : "(less ")
        .append(axes[0].id())
        .append(axes[1].higherIsBetter() ? ", more " : ", less ")
        .append(axes[1].id())
        .append(" is better).</p>\n");
    h.append(HtmlReport.svg(paretoChart(rows, axes, front)));
    h.append("<table><tr><th>on the front</th><th>")
        .append(axes[0].id())
        .append("</th><th>")
        .append(axes[1].id())
        .append("</th></tr>\n");
    front.stream()
        .sorted(Comparator.comparingDouble(i -> rows.get(i).value(axes[0])))
        .forEach(
            i -> {
              SweepRow r = rows.get(i);
              h.append("<tr><td>")
                  .append(HtmlReport.escape(label(r)))
                  .append("</td><td>")
                  .append(String.format(Locale.ROOT, "%.4g", r.value(axes[0])))
                  .append("</td><td>")
                  .append(String.format(Locale.ROOT, "%.4g", r.value(axes[1])))
                  .append("</td></tr>\n");
            });
    h.append("</table>\n");
    if (variations.size() == 2) {
      for (Metric m :
          List.of(
              Metric.P99_MS,
              Metric.COST_PER_MONTH,
              Metric.UTILIZATION_MAX,
              Metric.THROUGHPUT_RPS)) {
        h.append("<h2>Heat map: ")
            .append(m.id())
            .append("</h2>\n<p class=\"sub\">")
            .append(HtmlReport.escape(m.meaning()))
            .append("; outlined cells miss the design's objectives.</p>\n")
            .append(heatMap(rows, variations, m));
      }
    }
    h.append("<h2>All combinations</h2>\n<table><tr>");
    table
        .columns()
        .forEach(c -> h.append("<th>").append(HtmlReport.escape(c.header())).append("</th>"));
    h.append("</tr>\n");
    for (List<Object> row : table.rows()) {
      h.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        h.append("<td>")
            .append(
                HtmlReport.escape(
                    Printer.formatValue(row.get(i), table.columns().get(i).decimals())))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append(
            "</table>\n<p class=\"sub\">Every combination ran with the same seed. Raw figures: results.csv, ")
        .append("sweep.json. Made by Blueprint.</p>\n</body></html>\n");
    return h.toString();
  }

  private static String label(SweepRow r) {
    StringBuilder s = new StringBuilder();
    r.parameters()
        .forEach(
            (k, v) ->
                s.append(s.length() == 0 ? "" : ", ").append(shortName(k)).append('=').append(v));
    return s.toString();
  }

  private static String shortName(String path) {
    String[] parts = path.split("\\.");
    return parts.length <= 2 ? path : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  static JFreeChart paretoChart(List<SweepRow> rows, Metric[] axes, List<Integer> front) {
    XYSeries met = new XYSeries("objectives met", false, true);
    XYSeries missed = new XYSeries("objectives missed or not keeping up", false, true);
    XYSeries line = new XYSeries("Pareto front", true, true);
    for (int i = 0; i < rows.size(); i++) {
      SweepRow r = rows.get(i);
      double x = r.value(axes[0]);
      double y = r.value(axes[1]);
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        continue;
      }
      (r.sloMet() && r.keepsUp() ? met : missed).add(x, y);
      if (front.contains(i)) {
        line.add(x, y);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(line);
    data.addSeries(met);
    data.addSeries(missed);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null,
            axes[0].meaning(),
            axes[1].meaning(),
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    HtmlReport.style(chart);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, true);
    renderer.setSeriesShapesVisible(0, false);
    renderer.setSeriesPaint(0, new Color(0x1F, 0x5F, 0xBF));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesPaint(1, new Color(0x17, 0x80, 0x3D));
    renderer.setSeriesLinesVisible(2, false);
    renderer.setSeriesPaint(2, new Color(0xB4, 0x23, 0x18));
    plot.setRenderer(renderer);
    for (int a = 0; a < 2; a++) {
      Metric shown = axes[a];
      if (wideSpan(rows, shown)) {
        // Latencies of designs that cannot keep up dwarf the rest; a log axis keeps both readable.
        LogAxis log = new LogAxis(shown.meaning());
        log.setTickUnit(new NumberTickUnit(1));
        log.setMinorTickCount(9);
        log.setMinorTickMarksVisible(true);
        log.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        log.setLabelFont(plot.getRangeAxis().getLabelFont());
        if (a == 0) {
          plot.setDomainAxis(log);
        } else {
          plot.setRangeAxis(log);
        }
      }
    }
    for (ValueAxis axis : List.of(plot.getRangeAxis(), plot.getDomainAxis())) {
      if (!(axis instanceof NumberAxis)) {
        continue;
      }
      NumberAxis number = (NumberAxis) axis;
      number.setAutoRangeIncludesZero(false);
      // When every point has the same value, a span of ±5 % instead of a span of rounding noise.
      Metric shown = axis == plot.getRangeAxis() ? axes[1] : axes[0];
      double largest =
          rows.stream()
              .mapToDouble(r -> Math.abs(r.value(shown)))
              .filter(Double::isFinite)
              .max()
              .orElse(Double.NaN);
      if (Double.isFinite(largest) && largest > 0) {
        number.setAutoRangeMinimumSize(largest * 0.1);
      }
    }
    return chart;
  }

  /** Whether a metric's positive values span more than a factor of 20 across the rows. */
  static boolean wideSpan(List<SweepRow> rows, Metric metric) {
    double min =
        rows.stream()
            .mapToDouble(r -> r.value(metric))
            .filter(v -> Double.isFinite(v) && v > 0)
            .min()
            .orElse(Double.NaN);
    double max =
        rows.stream()
            .mapToDouble(r -> r.value(metric))
            .filter(v -> Double.isFinite(v) && v > 0)
            .max()
            .orElse(Double.NaN);
    boolean allPositive =
        rows.stream()
            .mapToDouble(r -> r.value(metric))
            .filter(Double::isFinite)
            .allMatch(v -> v > 0);
    return allPositive && max / min > 20;
  }

  /** A grid of the first parameter's values (rows) by the second's (columns), coloured by value. */
  static String heatMap(List<SweepRow> rows, List<Variation> variations, Metric metric) {
    Variation across = variations.get(1);
    Variation down = variations.get(0);
    int width = HEAT_LABEL_WIDTH + across.values().size() * HEAT_CELL_WIDTH + 10;
    int height = 40 + down.values().size() * HEAT_CELL_HEIGHT + 10;
    double min =
        rows.stream().mapToDouble(r -> r.value(metric)).filter(Double::isFinite).min().orElse(0);
    double max =
        rows.stream().mapToDouble(r -> r.value(metric)).filter(Double::isFinite).max().orElse(1);
    boolean logColours = wideSpan(rows, metric);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(0x1D, 0x27, 0x33));
    g.drawString(
        shortName(down.path().toString()) + " ↓  " + shortName(across.path().toString()) + " →",
        4,
        14);
    for (int c = 0; c < across.values().size(); c++) {
      g.drawString(across.values().get(c), HEAT_LABEL_WIDTH + c * HEAT_CELL_WIDTH + 4, 34);
    }
    for (int r = 0; r < down.values().size(); r++) {
      int y = 40 + r * HEAT_CELL_HEIGHT;
      g.setColor(new Color(0x1D, 0x27, 0x33));
      g.drawString(down.values().get(r), 4, y + 19);
      for (int c = 0; c < across.values().size(); c++) {
        int x = HEAT_LABEL_WIDTH + c * HEAT_CELL_WIDTH;
        SweepRow row = rows.get(r * across.values().size() + c);
        double v = row.value(metric);
        boolean better = metric.higherIsBetter();
        double t =
            !Double.isFinite(v) || !(max > min)
                ? 0
                : logColours ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min);
        g.setColor(Double.isFinite(v) ? ramp(better ? 1 - t : t) : new Color(0xE6, 0xEA, 0xEF));
        g.fillRect(x, y, HEAT_CELL_WIDTH - 2, HEAT_CELL_HEIGHT - 2);
        if (row.ok() && (!row.sloMet() || !row.keepsUp())) {
          g.setColor(new Color(0xB4, 0x23, 0x18));
          g.setStroke(new BasicStroke(2f));
          g.drawRect(x + 1, y + 1, HEAT_CELL_WIDTH - 4, HEAT_CELL_HEIGHT - 4);
        }
        g.setColor(new Color(0x1D, 0x27, 0x33));
        String text = !row.ok() ? "failed" : Double.isFinite(v) ? format(metric, v) : "—";
        g.drawString(text, x + 6, y + 19);
      }
    }
    return g.getSVGElement() + "\n";
  }

  private static String format(Metric metric, double v) {
    return switch (metric) {
      case COST_PER_MONTH -> String.format(Locale.ROOT, "$%,.0f", v);
      case UTILIZATION_MAX -> String.format(Locale.ROOT, "%.0f %%", v * 100);
      default -> String.format(Locale.ROOT, "%.4g", v);
    };
  }

  /** Green (0, good) through yellow to red (1, bad). */
  private static Color ramp(double t) {
    double u = Math.max(0, Math.min(1, t));
    int red = (int) Math.round(u < 0.5 ? 120 + 270 * u : 255);
    int green = (int) Math.round(u < 0.5 ? 200 : 200 - 260 * (u - 0.5));
    int blue = (int) Math.round(u < 0.5 ? 140 - 120 * u : 80 - 40 * (u - 0.5));
    return new Color(Math.min(255, red), Math.max(0, green), Math.max(0, blue));
  }
}
