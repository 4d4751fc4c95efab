package dev.blueprint.app.workbench;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimizer;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.SweepPoint;
import dev.blueprint.simulator.whatif.Variation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Sweeps and optimisations from the workbench: pick up to three parameters by path and their values
 * (the command line's forms), watch the rows arrive, explore the Pareto front of cost and p99
 * (clicking a point opens that design), and read the optimiser's answer. Runs the same {@link
 * Sweep} and {@link Optimizer} as {@code blueprint sweep} and {@code optimize}, and records every
 * point in the run history. A view: {@link WhatIfViewModel} holds the state and runs.
 */
final class WhatIfPane extends VBox {
  private final Workbench workbench;
  private final WhatIfViewModel model;
  private final List<ComboBox<String>> paths = new ArrayList<>();
  private final RadioButton sweepMode = new RadioButton("Sweep every combination");
  private final RadioButton optimizeMode = new RadioButton("Optimise: minimise");
  private final ComboBox<String> objective =
      new ComboBox<>(FXCollections.observableArrayList(Metric.ids()));
  private final TextField constraints = new TextField();
  private final TextField requests = new TextField();
  private final Button run = new Button("Run what-if");
  private final Button cancel = new Button("Cancel");
  private final ProgressBar progress = new ProgressBar(0);
  private final Label problem = new Label();
  private final Label summary = new Label();
  private final TableView<WhatIfViewModel.Row> table;
  private final ScatterChart<Number, Number> pareto;
  private final GridPane heatMap = new GridPane();

  WhatIfPane(Workbench workbench, TaskRunner tasks) {
    this.workbench = workbench;
    this.model =
        new WhatIfViewModel(
            () -> {
              DesignDocument doc = workbench.document();
              return new DesignSource(
                  doc.text(), doc.origin(), DesignDocument.contextFor(doc.file()));
            },
            WhatIfPane::openHistory,
            tasks,
            Runtime.getRuntime().availableProcessors());
    this.table = new TableView<>(model.rows());
    setId("whatif");
    setSpacing(8);
    setPadding(new Insets(10));
    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    form.add(new Label("parameter (path)"), 0, 0);
    form.add(new Label("values: a,b,c  1..8  64..8192:x2  100..1000:log5"), 1, 0);
    for (int i = 0; i < WhatIfViewModel.PARAMETERS; i++) {
      ComboBox<String> path = new ComboBox<>();
      path.setEditable(true);
      path.setId("whatif-path-" + i);
      path.setPrefWidth(300);
      path.getEditor().textProperty().bindBidirectional(model.pathProperty(i));
      TextField v = new TextField();
      v.setId("whatif-values-" + i);
      v.textProperty().bindBidirectional(model.valuesProperty(i));
      GridPane.setHgrow(v, Priority.ALWAYS);
      paths.add(path);
      form.add(path, 0, i + 1);
      form.add(v, 1, i + 1);
    }
    ToggleGroup mode = new ToggleGroup();
    sweepMode.setToggleGroup(mode);
    optimizeMode.setToggleGroup(mode);
    sweepMode.setSelected(true);
    optimizeMode.selectedProperty().bindBidirectional(model.optimiseProperty());
    sweepMode.setId("whatif-sweep");
    optimizeMode.setId("whatif-optimize");
    objective.valueProperty().bindBidirectional(model.objectiveProperty());
    objective.setId("whatif-objective");
    constraints.setId("whatif-constraints");
    constraints.setPromptText("p99_ms<=10; utilization_max<=0.8");
    constraints.textProperty().bindBidirectional(model.constraintsProperty());
    HBox modeRow =
        new HBox(8, sweepMode, optimizeMode, objective, new Label("subject to"), constraints);
    requests.setId("whatif-requests");
    requests.setPrefColumnCount(8);
    requests.textProperty().bindBidirectional(model.requestsProperty());
    run.setId("whatif-run");
    run.setOnAction(e -> model.run());
    run.disableProperty().bind(model.canRunProperty().not());
    cancel.setId("whatif-cancel");
    cancel.disableProperty().bind(model.runningProperty().not());
    cancel.setOnAction(e -> model.cancel());
    progress.setId("whatif-progress");
    progress.progressProperty().bind(model.progressProperty());
    problem.setId("whatif-problem");
    problem.getStyleClass().add("problem");
    problem.setStyle("-fx-text-fill: #b42318;");
    problem.textProperty().bind(model.problemProperty());
    problem.setWrapText(true);
    // Its own line while there is a problem, no line at all otherwise.
    problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
    problem.managedProperty().bind(problem.visibleProperty());
    summary.setId("whatif-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());
    HBox runRow = new HBox(8, new Label("requests per point"), requests, run, cancel, progress);
    runRow.setAlignment(Pos.CENTER_LEFT);
    TableColumn<WhatIfViewModel.Row, String> point = new TableColumn<>("combination");
    point.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
    point.setPrefWidth(250);
    TableColumn<WhatIfViewModel.Row, String> p99 = new TableColumn<>("p99");
    p99.setCellValueFactory(
        c -> new ReadOnlyObjectWrapper<>(Dashboard.ms(c.getValue().p99() / 1000)));
    TableColumn<WhatIfViewModel.Row, String> cost = new TableColumn<>("$/month");
    cost.setCellValueFactory(
        c -> new ReadOnlyObjectWrapper<>(String.format(Locale.ROOT, "%,.0f", c.getValue().cost())));
    TableColumn<WhatIfViewModel.Row, String> verdict = new TableColumn<>("objectives");
    verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().verdict()));
    TableColumn<WhatIfViewModel.Row, String> front = new TableColumn<>("Pareto");
    front.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().onFront() ? "*" : ""));
    table.getColumns().setAll(List.of(point, p99, cost, verdict, front));
    table.setId("whatif-table");
    table.setRowFactory(
        t -> {
          TableRow<WhatIfViewModel.Row> r = new TableRow<>();
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
    Tab heatTab = new Tab("Heat map (two parameters)", new ScrollPane(heatMap));
    heatTab.setId("whatif-heat-tab");
    TabPane results = new TabPane(new Tab("Rows and Pareto front", split), heatTab);
    results.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(results, Priority.ALWAYS);
    getChildren().addAll(form, modeRow, runRow, problem, summary, results);
    model
        .runningProperty()
        .addListener(
            (o, was, now) -> {
              if (now) {
                pareto.getData().clear();
                heatMap.getChildren().clear();
              } else {
                drawPareto();
                drawHeatMap();
              }
            });
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

  boolean isRunning() {
    return model.isRunning();
  }

  ObservableList<WhatIfViewModel.Row> rows() {
    return model.rows();
  }

  private static Optional<RunHistory> openHistory() {
    try {
      return Optional.of(RunHistory.open(RunHistory.defaultFile()));
    } catch (RuntimeException e) {
      return Optional.empty(); // the history is a record, not a condition of running
    }
  }

  /** Draws the scatter of cost and p99, the Pareto front in its own series. */
  private void drawPareto() {
    XYChart.Series<Number, Number> onFront = new XYChart.Series<>();
    onFront.setName("Pareto front");
    XYChart.Series<Number, Number> others = new XYChart.Series<>();
    others.setName("others");
    for (WhatIfViewModel.Row r : model.rows()) {
      if (!Double.isFinite(r.p99()) || !Double.isFinite(r.cost()) || !r.keepsUp()) {
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
                  Tooltip.install(node, new Tooltip(r.label()));
                }
              });
    }
    pareto.getData().setAll(List.of(onFront, others));
  }

  /**
   * For a sweep of two parameters: the first down, the second across, each cell the p99 coloured
   * from green (lowest) to red (highest) on a log scale, outlined when it missed the objectives.
   */
  private void drawHeatMap() {
    heatMap.getChildren().clear();
    Optional<WhatIfViewModel.HeatMap> map = model.heatMap();
    if (map.isEmpty()) {
      heatMap.add(new Label("A heat map needs a sweep of exactly two parameters."), 0, 0);
      return;
    }
    Variation down = map.get().down();
    Variation across = map.get().across();
    heatMap.add(new Label(down.path().last() + " ↓  " + across.path().last() + " →"), 0, 0);
    for (int c = 0; c < across.values().size(); c++) {
      heatMap.add(new Label(across.values().get(c)), c + 1, 0);
    }
    for (int r = 0; r < down.values().size(); r++) {
      heatMap.add(new Label(down.values().get(r)), 0, r + 1);
      for (int c = 0; c < across.values().size(); c++) {
        WhatIfViewModel.HeatCell heat = map.get().cells().get(r).get(c);
        WhatIfViewModel.Row row = heat.row().orElse(null);
        Label cell =
            new Label(
                row == null
                    ? "—"
                    : Double.isFinite(row.p99()) ? Dashboard.ms(row.p99() / 1000) : "failed");
        cell.setMinSize(96, 30);
        cell.setAlignment(Pos.CENTER);
        cell.setId("heat-" + r + "-" + c);
        String colour =
            Double.isNaN(heat.shade())
                ? "#e6eaef"
                : String.format(Locale.ROOT, "hsb(%.0f, 45%%, 92%%)", 120 * (1 - heat.shade()));
        boolean missed = row != null && !row.verdict().equals("met");
        cell.setStyle(
            "-fx-background-color: "
                + colour
                + "; -fx-text-fill: #1d2733;"
                + (missed ? " -fx-border-color: #b42318; -fx-border-width: 2;" : ""));
        if (row != null) {
          cell.setOnMouseClicked(
              e -> {
                if (workbench.confirmDiscard()) {
                  openVariant(row.point());
                }
              });
          Tooltip.install(cell, new Tooltip(row.label() + ": " + row.verdict()));
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
    model.variantText(point).ifPresent(text -> workbench.openText(text, point.label()));
  }
}
