package dev.blueprint.app.report;

import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.perf.RooflineRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a roofline chart: the device's roofs and one point per layer. */
public final class RooflineChart {
  private RooflineChart() {}

  private static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    axis.setTickUnit(new NumberTickUnit(1.0));
    axis.setMinorTickCount(9);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.####"));
    return axis;
  }

  private static XYSeries roof(
      String name, double peak, double bandwidth, double minX, double maxX) {
    XYSeries roof = new XYSeries(name, false, true);
    double ridge = peak / bandwidth;
    roof.add(minX, minX * bandwidth);
    roof.add(ridge, peak);
    roof.add(Math.max(maxX, ridge * 10), peak);
    return roof;
  }

  public static void write(RooflineReport r, Path file) {
    double peak = r.peak().flopPerSecond() / 1e12;
    double bandwidth = r.bandwidth().bytesPerSecond() / 1e12;
    double minX = 0.1;
    double maxX = 1e5;
    XYSeries layers = new XYSeries("layers (achieved)", false, true);
    for (RooflineRow row : r.rows()) {
      double x = row.intensity();
      double y = row.achievedFlopPerSecond() / 1e12;
      if (row.flop() > 0 && Double.isFinite(x) && x > 0 && y > 0) {
        layers.add(x, y);
        minX = Math.min(minX, x / 2);
        maxX = Math.max(maxX, x * 2);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(
        roof(
            "memory roof ("
                + r.bandwidth().toHumanString()
                + ", dense peak "
                + r.peak().toHumanString()
                + ")",
            peak,
            bandwidth,
            minX,
            maxX));
    double cache = r.cacheBandwidth().bytesPerSecond() / 1e12;
    if (cache > 0) {
      data.addSeries(
          roof(
              "last-level cache roof (" + r.cacheBandwidth().toHumanString() + ")",
              peak,
              cache,
              minX,
              maxX));
    }
    data.addSeries(layers);

    LogAxis xAxis = logAxis("arithmetic intensity (FLOP/byte)");
    LogAxis yAxis = logAxis("TFLOP/s");
    yAxis.setSmallestValue(1e-4);
    xAxis.setSmallestValue(1e-3);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    int layerSeries = data.getSeriesCount() - 1;
    for (int i = 0; i < layerSeries; i++) {
      renderer.setSeriesLinesVisible(i, true);
      renderer.setSeriesShapesVisible(i, false);
      renderer.setSeriesPaint(
          i, i == 0 ? new Color(0x33, 0x33, 0x33) : new Color(0x99, 0x99, 0x99));
      renderer.setSeriesStroke(
          i,
          i == 0
              ? new BasicStroke(2f)
              : new BasicStroke(
                  1.5f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {6f, 4f},
                  0f));
    }
    renderer.setSeriesLinesVisible(layerSeries, false);
    renderer.setSeriesShapesVisible(layerSeries, true);
    renderer.setSeriesPaint(layerSeries, new Color(0x1f, 0x77, 0xb4));
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    JFreeChart chart =
        new JFreeChart(
            r.modelId()
                + " on "
                + r.hardwareId()
                + " ("
                + r.precision().id()
                + ", batch "
                + (long) r.batch()
                + ")",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 650);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file + ": " + e.getMessage(), e);
    }
  }
}
