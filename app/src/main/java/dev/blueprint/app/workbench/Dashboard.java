package dev.blueprint.app.workbench;

import dev.blueprint.simulator.des.CdfPoint;
import dev.blueprint.simulator.des.ComponentResult;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.validate.Confidence;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * The results of the last run: figures against the design's objectives (met or missed), and charts
 * of the latency distribution, per-component utilisation, queue length over time and cost per
 * component.
 */
final class Dashboard extends VBox {
  private final FlowPane tiles = new FlowPane(10, 10);
  private final TabPane charts = new TabPane();
  private SimulationResult last;

  Dashboard() {
    setId("dashboard");
    setSpacing(8);
    setPadding(new Insets(10));
    tiles.setId("tiles");
    charts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    charts.setPrefHeight(260);
    charts.setMinHeight(200);
    VBox.setVgrow(charts, javafx.scene.layout.Priority.ALWAYS);
    getChildren().addAll(tiles, charts);
    showEmpty();
  }

  private void showEmpty() {
    tiles.getChildren().setAll(tile("tile-empty", "results", "run the design (F5)", null));
    charts.getTabs().clear();
  }

  SimulationResult result() {
    return last;
  }

  void clear() {
    last = null;
    showEmpty();
  }

  void show(SimulationResult r) {
    show(r, List.of());
  }

  /**
   * Shows a run's figures and, in a tile per device class, how far they can be trusted (the class's
   * validation results).
   */
  void show(SimulationResult r, List<Confidence> trust) {
    last = r;
    tiles.getChildren().clear();
    tiles.getChildren().add(tile("tile-p50", "p50", ms(r.latency().p50()), null));
    tiles
        .getChildren()
        .add(
            tile(
                "tile-p99",
                "p99",
                ms(r.latency().p99().value())
                    + (Double.isFinite(r.latency().p99().halfWidth())
                        ? " ± " + ms(r.latency().p99().halfWidth())
                        : ""),
                null));
    tiles
        .getChildren()
        .add(
            tile(
                "tile-throughput",
                "throughput",
                String.format(Locale.ROOT, "%,.0f /s", r.throughput().value()),
                r.keepsUp() ? null : Boolean.FALSE));
    tiles
        .getChildren()
        .add(
            tile(
                "tile-cost",
                "cost / month",
                String.format(Locale.ROOT, "$%,.0f", r.costPerMonthUsd()),
                null));
    for (SimulationResult.SloResult s : r.slos()) {
      String measured =
          s.slo().metric().isLatency()
              ? ms(s.measured())
              : String.format(Locale.ROOT, "%.3g %%", s.measured() * 100);
      tiles
          .getChildren()
          .add(
              tile(
                  "tile-slo-" + s.slo().name(),
                  s.slo().name() + ": " + s.slo().describe(),
                  measured + (s.met() ? "  met" : "  missed"),
                  s.met()));
    }
    for (Confidence c : trust) {
      Label statement = new Label(c.statement());
      statement.setWrapText(true);
      statement.setMaxWidth(420);
      VBox tile = new VBox(2, new Label("trust: " + c.deviceClass().displayName()), statement);
      tile.setId("tile-trust-" + c.deviceClass().id());
      tile.setPadding(new Insets(6, 10, 6, 10));
      tile.setStyle(
          "-fx-background-color: "
              + (c.validated() ? "#eef3fb" : "#fbf3e6")
              + "; -fx-background-radius: 6;");
      tiles.getChildren().add(tile);
    }
    charts
        .getTabs()
        .setAll(
            new Tab("Latency", latency(r)),
            new Tab("Histogram", histogram(r)),
            new Tab("Where the time goes", contribution(r)),
            new Tab("Utilisation", utilisation(r)),
            new Tab("Queues", queues(r)),
            new Tab("Cost", cost(r)));
  }

  private static VBox tile(String id, String label, String value, Boolean good) {
    Label l = new Label(label);
    l.getStyleClass().add("tile-label");
    Label v = new Label(value);
    v.getStyleClass().add("tile-value");
    v.setId(id + "-value");
    VBox tile = new VBox(2, l, v);
    tile.setId(id);
    tile.getStyleClass().add("tile");
    if (good != null) {
      tile.getStyleClass().add(good ? "tile-met" : "tile-missed");
    }
    return tile;
  }

  static String ms(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "—";
    }
    double ms = seconds * 1000;
    return ms >= 1000
        ? String.format(Locale.ROOT, "%.3g s", seconds)
        : String.format(Locale.ROOT, "%.3g ms", ms);
  }

  private static LineChart<Number, Number> latency(SimulationResult r) {
    NumberAxis x = new NumberAxis();
    x.setLabel("latency (ms)");
    NumberAxis y = new NumberAxis(0, 1, 0.1);
    y.setLabel("share of requests at most");
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setCreateSymbols(false);
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    XYChart.Series<Number, Number> s = new XYChart.Series<>();
    for (CdfPoint p : r.latencyCdf()) {
      if (p.fraction() <= 0.999) {
        s.getData().add(new XYChart.Data<>(p.seconds() * 1000, p.fraction()));
      }
    }
    chart.getData().add(s);
    chart.setId("chart-latency");
    return chart;
  }

  /**
   * The end-to-end distribution as a histogram: 40 equal bins up to the p99.9, each the share of
   * requests whose latency falls in it, read off the recorded distribution.
   */
  private static BarChart<String, Number> histogram(SimulationResult r) {
    CategoryAxis x = new CategoryAxis();
    x.setLabel("latency (ms, bin start)");
    NumberAxis y = new NumberAxis();
    y.setLabel("% of requests");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    chart.setBarGap(0);
    chart.setCategoryGap(1);
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    List<CdfPoint> cdf = r.latencyCdf();
    double top = r.latency().p999();
    int bins = 40;
    if (!cdf.isEmpty() && Double.isFinite(top) && top > 0) {
      double previous = 0;
      for (int i = 1; i <= bins; i++) {
        double edge = top * i / bins;
        double share = fractionAt(cdf, edge);
        s.getData()
            .add(
                new XYChart.Data<>(
                    String.format(Locale.ROOT, "%.3g", top * (i - 1) / bins * 1000),
                    Math.max(0, share - previous) * 100));
        previous = share;
      }
    }
    chart.getData().add(s);
    chart.setId("chart-histogram");
    return chart;
  }

  private static double fractionAt(List<CdfPoint> cdf, double seconds) {
    CdfPoint below = null;
    for (CdfPoint p : cdf) {
      if (p.seconds() >= seconds) {
        if (below == null || p.seconds() == below.seconds()) {
          return p.fraction();
        }
        double t = (seconds - below.seconds()) / (p.seconds() - below.seconds());
        return below.fraction() + t * (p.fraction() - below.fraction());
      }
      below = p;
    }
    return 1;
  }

  /**
   * Mean time a request spends in each component (its mean time there, times the share of requests
   * reaching it).
   */
  private static BarChart<Number, String> contribution(SimulationResult r) {
    NumberAxis x = new NumberAxis();
    x.setLabel("mean ms per request");
    CategoryAxis y = new CategoryAxis();
    BarChart<Number, String> chart = new BarChart<>(x, y);
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    XYChart.Series<Number, String> s = new XYChart.Series<>();
    for (ComponentResult c : r.components()) {
      double mean = c.latency().mean().value();
      if (Double.isFinite(mean) && r.requests() > 0) {
        s.getData().add(new XYChart.Data<>(mean * 1000 * c.arrivals() / r.requests(), c.name()));
      }
    }
    chart.getData().add(s);
    chart.setId("chart-contribution");
    return chart;
  }

  private static BarChart<String, Number> utilisation(SimulationResult r) {
    CategoryAxis x = new CategoryAxis();
    NumberAxis y = new NumberAxis(0, 100, 10);
    y.setLabel("busy %");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    for (ComponentResult c : r.components()) {
      if (Double.isFinite(c.utilization())) {
        s.getData().add(new XYChart.Data<>(c.name(), c.utilization() * 100));
      }
    }
    chart.getData().add(s);
    chart.setId("chart-utilisation");
    return chart;
  }

  private static LineChart<Number, Number> queues(SimulationResult r) {
    NumberAxis x = new NumberAxis();
    x.setLabel("time in the measured window (s)");
    NumberAxis y = new NumberAxis();
    y.setLabel("mean waiting");
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setCreateSymbols(false);
    chart.setAnimated(false);
    for (ComponentResult c : r.components()) {
      XYChart.Series<Number, Number> s = new XYChart.Series<>();
      s.setName(c.name());
      double[] q = c.queueSeries();
      for (int i = 0; i < q.length; i++) {
        s.getData().add(new XYChart.Data<>((i + 0.5) * c.seriesStepSeconds(), q[i]));
      }
      chart.getData().add(s);
    }
    chart.setId("chart-queues");
    return chart;
  }

  private static BarChart<String, Number> cost(SimulationResult r) {
    CategoryAxis x = new CategoryAxis();
    NumberAxis y = new NumberAxis();
    y.setLabel("$ per month");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    for (ComponentResult c : r.components()) {
      s.getData().add(new XYChart.Data<>(c.name(), c.cost().dollarsPerMonth()));
    }
    chart.getData().add(s);
    chart.setId("chart-cost");
    return chart;
  }
}
