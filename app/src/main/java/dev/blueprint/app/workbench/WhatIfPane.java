package dev.blueprint.app.workbench;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.Optimizer;
import dev.blueprint.simulator.whatif.Pareto;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.SweepPoint;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Sweeps and optimisations from the workbench: pick up to three parameters by path and their values
 * (the command line's forms), watch the rows arrive, explore the Pareto front of cost and p99
 * (clicking a point opens that design), and read the optimiser's answer. Runs the same {@link
 * Sweep} and {@link Optimizer} as {@code blueprint sweep} and {@code optimize}, and records every
 * point in the run history.
 */
final class WhatIfPane extends VBox {
  private final Workbench workbench;
  private final List<ComboBox<String>> paths = new ArrayList<>();
  private final List<TextField> values = new ArrayList<>();
  private final RadioButton sweepMode = new RadioButton("Sweep every combination");
  private final RadioButton optimizeMode = new RadioButton("Optimise: minimise");
  private final ComboBox<String> objective =
      new ComboBox<>(FXCollections.observableArrayList(Metric.ids()));
  private final TextField constraints = new TextField("p99_ms<=10");
  private final TextField requests = new TextField("100000");
  private final Button run = new Button("Run what-if");
  private final Button cancel = new Button("Cancel");
  private final ProgressBar progress = new ProgressBar(0);
  private final Label summary = new Label();
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final TableView<Row> table = new TableView<>(rows);
  private final ScatterChart<Number, Number> pareto;
  private final TaskRunner tasks;
  private BackgroundJob<?> running;

  private final GridPane heatMap = new GridPane();
  private Sweep lastSweep;

  /** One finished point, as the table shows it. */
  record Row(
      SweepPoint point, String label, double p99, double cost, String verdict, boolean onFront) {}

  WhatIfPane(Workbench workbench, TaskRunner tasks) {
    this.workbench = workbench;
    this.tasks = tasks;
    setId("whatif");
    setSpacing(8);
    setPadding(new Insets(10));
    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    form.add(new Label("parameter (path)"), 0, 0);
    form.add(new Label("values: a,b,c  1..8  64..8192:x2  100..1000:log5"), 1, 0);
    for (int i = 0; i < 3; i++) {
      ComboBox<String> path = new ComboBox<>();
      path.setEditable(true);
      path.setId("whatif-path-" + i);
      path.setPrefWidth(300);
      TextField v = new TextField();
      v.setId("whatif-values-" + i);
      GridPane.setHgrow(v, Priority.ALWAYS);
      paths.add(path);
      values.add(v);
      form.add(path, 0, i + 1);
      form.add(v, 1, i + 1);
    }
    ToggleGroup mode = new ToggleGroup();
    sweepMode.setToggleGroup(mode);
    optimizeMode.setToggleGroup(mode);
    sweepMode.setSelected(true);
    sweepMode.setId("whatif-sweep");
    optimizeMode.setId("whatif-optimize");
    objective.setValue("cost_per_month");
    objective.setId("whatif-objective");
    constraints.setId("whatif-constraints");
    constraints.setPromptText("p99_ms<=10; utilization_max<=0.8");
    HBox modeRow =
        new HBox(8, sweepMode, optimizeMode, objective, new Label("subject to"), constraints);
    requests.setId("whatif-requests");
    requests.setPrefColumnCount(8);
    run.setId("whatif-run");
    run.setOnAction(e -> start());
    cancel.setId("whatif-cancel");
    cancel.setDisable(true);
    cancel.setOnAction(
        e -> {
          if (running != null) {
            running.cancel();
          }
        });
    progress.setId("whatif-progress");
    summary.setId("whatif-summary");
    summary.setWrapText(true);
    HBox runRow = new HBox(8, new Label("requests per point"), requests, run, cancel, progress);
    TableColumn<Row, String> point = new TableColumn<>("combination");
    point.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
    point.setPrefWidth(250);
    TableColumn<Row, String> p99 = new TableColumn<>("p99");
    p99.setCellValueFactory(
        c -> new ReadOnlyObjectWrapper<>(Dashboard.ms(c.getValue().p99() / 1000)));
    TableColumn<Row, String> cost = new TableColumn<>("$/month");
    cost.setCellValueFactory(
        c -> new ReadOnlyObjectWrapper<>(String.format(Locale.ROOT, "%,.0f", c.getValue().cost())));
    TableColumn<Row, String> verdict = new TableColumn<>("objectives");
    verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().verdict()));
    TableColumn<Row, String> front = new TableColumn<>("Pareto");
    front.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().onFront() ? "*" : ""));
    table.getColumns().setAll(List.of(point, p99, cost, verdict, front));
    table.setId("whatif-table");
    table.setRowFactory(
        t -> {
          javafx.scene.control.TableRow<Row> r = new javafx.scene.control.TableRow<>();
          r.setOnMouseClicked(
              e -> {
                if (e.getClickCount() == 2 && r.getItem() != null && workbench.confirmDiscard()) {
                  openVariant(r.getItem().point());
                }
              });
          return r;
        });
    NumberAxis x = new NumberAxis();
    x.setLabel("$ per month");
    x.setForceZeroInRange(false);
    NumberAxis y = new NumberAxis();
    y.setLabel("p99 (ms)");
    y.setForceZeroInRange(false);
    pareto = new ScatterChart<>(x, y);
    pareto.setAnimated(false);
    pareto.setId("whatif-pareto");
    pareto.setTitle("cost and p99 (the front in its own colour; click a point to open it)");
    SplitPane split = new SplitPane(table, pareto);
    split.setDividerPositions(0.55);
    heatMap.setId("whatif-heatmap");
    heatMap.setHgap(2);
    heatMap.setVgap(2);
    heatMap.setPadding(new Insets(8));
    javafx.scene.control.Tab heatTab =
        new javafx.scene.control.Tab(
            "Heat map (two parameters)", new javafx.scene.control.ScrollPane(heatMap));
    heatTab.setId("whatif-heat-tab");
    javafx.scene.control.TabPane results =
        new javafx.scene.control.TabPane(
            new javafx.scene.control.Tab("Rows and Pareto front", split), heatTab);
    results.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(results, Priority.ALWAYS);
    getChildren().addAll(form, modeRow, runRow, summary, results);
  }

  /** Offers every scalar field of the open design as a path. */
  void refreshPaths(DesignDocument doc) {
    List<String> offered = new ArrayList<>();
    offered.add("workload.rate");
    for (DesignDocument.Component c : doc.components()) {
      ComponentKinds.Kind kind = ComponentKinds.of(c.kind());
      Set<String> fields = new LinkedHashSet<>(c.fields().keySet());
      fields.addAll(kind.starting().keySet());
      fields.remove("kind");
      fields.forEach(f -> offered.add("components." + c.name() + "." + f));
    }
    for (ComboBox<String> path : paths) {
      String current = path.getEditor().getText();
      path.getItems().setAll(offered);
      path.getEditor().setText(current);
    }
  }

  private List<Variation> variations() {
    List<Variation> out = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i).getEditor().getText().strip();
      String v = values.get(i).getText().strip();
      if (!path.isEmpty() || !v.isEmpty()) {
        out.add(Variation.parse(path + "=" + v));
      }
    }
    return out;
  }

  void start() {
    if (running != null) {
      return;
    }
    DesignDocument doc = workbench.document();
    Sweep sweep;
    long count;
    try {
      count = Long.parseLong(requests.getText().replace(",", "").trim());
      DesignSource source =
          new DesignSource(doc.text(), doc.origin(), DesignDocument.contextFor(doc.file()));
      sweep =
          new Sweep(
              source, variations(), TrafficWhatIf.NONE, RunOptions.defaults().withRequests(count));
      sweep.check();
    } catch (NumberFormatException e) {
      summary.setText("requests per point: a positive whole number");
      return;
    } catch (IllegalArgumentException | InvalidInputException e) {
      summary.setText(firstLine(e.getMessage()));
      return;
    }
    rows.clear();
    pareto.getData().clear();
    heatMap.getChildren().clear();
    int total = sweep.points().size();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean optimise = optimizeMode.isSelected();
    List<Constraint> bounds = new ArrayList<>();
    Metric goal;
    try {
      goal = Metric.parse(objective.getValue());
      for (String c : constraints.getText().split(";")) {
        if (!c.isBlank()) {
          bounds.add(Constraint.parse(c));
        }
      }
    } catch (IllegalArgumentException e) {
      summary.setText(e.getMessage());
      return;
    }
    lastSweep = sweep;
    Optional<RunHistory> history = openHistory();
    WhatIfRuns runs = new WhatIfRuns(history);
    List<String> boundTexts = bounds.stream().map(Constraint::expression).toList();
    WhatIfRuns.Batch batch;
    try {
      batch =
          optimise
              ? runs.optimization(sweep, boundTexts, goal)
              : runs.sweep(sweep, WhatIfRuns.requestsOnly(count), true);
    } catch (RuntimeException e) {
      history.ifPresent(RunHistory::close);
      summary.setText(firstLine(String.valueOf(e.getMessage())));
      return;
    }
    BackgroundJob<Optional<Optimization>> job =
        BackgroundJob.of(
            "what-if",
            context -> {
              WhatIfRuns.PointListener onPoint =
                  (r, runId) ->
                      context.publish(
                          () -> {
                            rows.add(row(r));
                            progress.setProgress(optimise ? -1 : rows.size() / (double) total);
                          });
              try {
                Optional<Optimization> result =
                    optimise
                        ? Optional.of(batch.runOptimizer(goal, true, bounds, threads, onPoint))
                        : Optional.empty();
                if (!optimise) {
                  batch.runSweep(threads, onPoint);
                }
                if (!context.isCancelled() && (optimise || batch.complete())) {
                  // A cancelled sweep stays unfinished, as an interrupted blueprint sweep does.
                  Map<String, Object> done = new LinkedHashMap<>();
                  done.put("wall_seconds", batch.wallSeconds());
                  done.put("cpu_seconds", batch.cpuSeconds());
                  done.put("threads", threads);
                  batch.finish(done);
                }
                return result;
              } finally {
                history.ifPresent(RunHistory::close);
              }
            });
    job.onSucceeded(
            result -> {
              finish();
              result.ifPresentOrElse(
                  this::showOptimum,
                  () ->
                      summary.setText(
                          rows.size()
                              + " of "
                              + total
                              + " combinations simulated with the same seed"));
            })
        .onFailed(
            e -> {
              finish();
              summary.setText("failed: " + firstLine(String.valueOf(e.getMessage())));
            })
        .onCancelled(
            () -> {
              finish();
              summary.setText("cancelled after " + rows.size() + " of " + total);
            });
    running = job;
    run.setDisable(true);
    cancel.setDisable(false);
    summary.setText(
        (optimise ? "optimising over " : "sweeping ")
            + total
            + " combinations on "
            + threads
            + " threads…");
    tasks.start(job);
  }

  boolean isRunning() {
    return running != null;
  }

  ObservableList<Row> rows() {
    return rows;
  }

  private Optional<RunHistory> openHistory() {
    try {
      return Optional.of(RunHistory.open(RunHistory.defaultFile()));
    } catch (RuntimeException e) {
      return Optional.empty(); // the history is a record, not a condition of running
    }
  }

  private void finish() {
    running = null;
    run.setDisable(false);
    cancel.setDisable(true);
    progress.setProgress(1);
    markFront();
  }

  private void showOptimum(Optimization o) {
    if (o.chosen().isEmpty()) {
      summary.setText(
          "no candidate met every constraint ("
              + o.simulations()
              + " simulations of "
              + o.candidates()
              + ")");
      return;
    }
    StringBuilder s = new StringBuilder("chosen: ").append(o.chosen().get().point().label());
    s.append(
        String.format(
            Locale.ROOT,
            " — %s %.6g",
            o.objective().id(),
            o.objectiveValue().orElseThrow().value()));
    for (Optimization.ConstraintOutcome c : o.constraints()) {
      s.append(
          String.format(
              Locale.ROOT,
              "; %s = %.4g%s%s",
              c.constraint().expression(),
              c.value(),
              c.met() ? " met" : " BROKEN",
              c.tight() ? " (tight)" : ""));
    }
    s.append("; ")
        .append(o.simulations())
        .append(" simulations of ")
        .append(o.candidates())
        .append(" candidates");
    summary.setText(s.toString());
  }

  private Row row(PointResult r) {
    String verdict =
        !r.ok()
            ? "failed: " + r.failure().orElse("")
            : !r.result().orElseThrow().keepsUp()
                ? "not keeping up"
                : r.result().orElseThrow().slosMet() ? "met" : "missed";
    return new Row(
        r.point(),
        r.point().label(),
        r.value(Metric.P99_MS),
        r.value(Metric.COST_PER_MONTH),
        verdict,
        false);
  }

  /** Marks the Pareto front of cost and p99 among the rows that kept up, and draws the scatter. */
  private void markFront() {
    // Rows arrived as points finished; once all are in, they read in the sweep's order.
    rows.sort(Comparator.comparingInt(r -> r.point().index()));
    double[] x =
        rows.stream()
            .mapToDouble(r -> r.verdict().equals("not keeping up") ? Double.NaN : r.cost())
            .toArray();
    double[] y =
        rows.stream()
            .mapToDouble(r -> r.verdict().equals("not keeping up") ? Double.NaN : r.p99())
            .toArray();
    List<Integer> front = Pareto.front(x, false, y, false);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      rows.set(i, new Row(r.point(), r.label(), r.p99(), r.cost(), r.verdict(), front.contains(i)));
    }
    XYChart.Series<Number, Number> onFront = new XYChart.Series<>();
    onFront.setName("Pareto front");
    XYChart.Series<Number, Number> others = new XYChart.Series<>();
    others.setName("others");
    for (Row r : rows) {
      if (!Double.isFinite(r.p99())
          || !Double.isFinite(r.cost())
          || r.verdict().equals("not keeping up")) {
        continue;
      }
      XYChart.Data<Number, Number> d = new XYChart.Data<>(r.cost(), r.p99());
      (r.onFront() ? onFront : others).getData().add(d);
      d.nodeProperty()
          .addListener(
              (o, was, node) -> {
                if (node != null) {
                  node.setOnMouseClicked(
                      e -> {
                        if (workbench.confirmDiscard()) {
                          openVariant(r.point());
                        }
                      });
                  javafx.scene.control.Tooltip.install(
                      node, new javafx.scene.control.Tooltip(r.label()));
                }
              });
    }
    pareto.getData().setAll(List.of(onFront, others));
    drawHeatMap();
  }

  /**
   * For a sweep of two parameters: the first down, the second across, each cell the p99 coloured
   * from green (lowest) to red (highest) on a log scale, outlined when it missed the objectives.
   */
  private void drawHeatMap() {
    heatMap.getChildren().clear();
    if (lastSweep == null || lastSweep.variations().size() != 2) {
      heatMap.add(new Label("A heat map needs a sweep of exactly two parameters."), 0, 0);
      return;
    }
    Variation down = lastSweep.variations().get(0);
    Variation across = lastSweep.variations().get(1);
    heatMap.add(new Label(down.path().last() + " ↓  " + across.path().last() + " →"), 0, 0);
    for (int c = 0; c < across.values().size(); c++) {
      heatMap.add(new Label(across.values().get(c)), c + 1, 0);
    }
    double min =
        rows.stream()
            .mapToDouble(Row::p99)
            .filter(v -> Double.isFinite(v) && v > 0)
            .min()
            .orElse(1);
    double max =
        rows.stream()
            .mapToDouble(Row::p99)
            .filter(v -> Double.isFinite(v) && v > 0)
            .max()
            .orElse(1);
    Map<Integer, Row> byIndex = new HashMap<>();
    rows.forEach(r -> byIndex.put(r.point().index(), r));
    for (int r = 0; r < down.values().size(); r++) {
      heatMap.add(new Label(down.values().get(r)), 0, r + 1);
      for (int c = 0; c < across.values().size(); c++) {
        Row row = byIndex.get(r * across.values().size() + c);
        Label cell =
            new Label(
                row == null
                    ? "—"
                    : Double.isFinite(row.p99()) ? Dashboard.ms(row.p99() / 1000) : "failed");
        cell.setMinSize(96, 30);
        cell.setAlignment(javafx.geometry.Pos.CENTER);
        cell.setId("heat-" + r + "-" + c);
        double t =
            row == null || !Double.isFinite(row.p99()) || max <= min
                ? 0
                : Math.log(row.p99() / min) / Math.log(max / min);
        String colour =
            row == null || !Double.isFinite(row.p99())
                ? "#e6eaef"
                : String.format(Locale.ROOT, "hsb(%.0f, 45%%, 92%%)", 120 * (1 - t));
        boolean missed = row != null && !row.verdict().equals("met");
        cell.setStyle(
            "-fx-background-color: "
                + colour
                + "; -fx-text-fill: #1d2733;"
                + (missed ? " -fx-border-color: #b42318; -fx-border-width: 2;" : ""));
        if (row != null) {
          Row clicked = row;
          cell.setOnMouseClicked(
              e -> {
                if (workbench.confirmDiscard()) {
                  openVariant(clicked.point());
                }
              });
          javafx.scene.control.Tooltip.install(
              cell, new javafx.scene.control.Tooltip(row.label() + ": " + row.verdict()));
        }
        heatMap.add(cell, c + 1, r + 1);
      }
    }
  }

  GridPane heatMap() {
    return heatMap;
  }

  /** Opens one combination as a new, unsaved design in the editor. */
  void openVariant(SweepPoint point) {
    if (lastSweep != null) {
      workbench.openText(lastSweep.designText(point), point.label());
    }
  }

  private static String firstLine(String s) {
    int n = s.indexOf('\n');
    return n < 0 ? s : s.substring(0, n);
  }
}
