package dev.blueprint.app.workbench;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Fleet tab's "Federated task" section: a task file and a signing key, Start and Stop, accuracy
 * and loss by round, a table of the committed rounds, and the export of the final model. Binds to
 * {@link FederatedTaskViewModel}; every figure comes from the coordinator's committed rounds.
 */
final class FederatedTaskPane extends VBox {
  private final FederatedTaskViewModel model;
  private final XYChart.Series<Number, Number> accuracy = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> loss = new XYChart.Series<>();

  FederatedTaskPane(FederatedTaskViewModel model) {
    this.model = model;
    setId("fl-task");
    setSpacing(6);
    setPadding(new Insets(0, 0, 0, 8));
    Label title = new Label("Federated task");
    title.setStyle("-fx-font-weight: bold");
    Label help =
        new Label(
            "Runs a task file (docs/federated.md) on this coordinator's devices; rounds commit to "
                + "TASK-ID.rounds.db beside the file, so Start again resumes. The rollout takes a "
                + "signed .bpb: package the exported int8 .bpm with blueprint-edge bundle first.");
    help.setWrapText(true);
    help.setMinHeight(Region.USE_PREF_SIZE);

    TextField task = field("fl-task-file", "task.yaml", model.taskFileProperty());
    TextField key =
        field("fl-key-file", "signer.key (listed for fl-model)", model.keyFileProperty());
    Button chooseTask =
        chooser("fl-choose-task", "Task file", model.taskFileProperty(), "*.yaml", "*.yml");
    Button chooseKey = chooser("fl-choose-key", "Signing key", model.keyFileProperty(), "*.key");
    Button start = new Button("Start");
    start.setId("fl-start");
    start.disableProperty().bind(model.canStartProperty().not());
    start.setOnAction(e -> model.start());
    Button stop = new Button("Stop");
    stop.setId("fl-stop");
    stop.disableProperty().bind(model.runningProperty().not());
    stop.setOnAction(e -> model.stop());
    for (Button b : List.of(chooseTask, chooseKey, start, stop)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }

    Label status = new Label();
    status.setId("fl-status");
    status.textProperty().bind(model.statusProperty());
    status.setWrapText(true);
    status.setMinHeight(Region.USE_PREF_SIZE);

    NumberAxis rounds = new NumberAxis();
    rounds.setLabel("round");
    rounds.setForceZeroInRange(false);
    rounds.setMinorTickVisible(false);
    NumberAxis values = new NumberAxis();
    values.setLabel("held-out accuracy (fraction) and loss");
    LineChart<Number, Number> chart = new LineChart<>(rounds, values);
    chart.setId("fl-chart");
    chart.setAnimated(false);
    chart.setPrefHeight(220);
    chart.setMinHeight(160);
    accuracy.setName("accuracy");
    loss.setName("loss");
    chart.getData().setAll(List.of(accuracy, loss));
    model.rounds().addListener((ListChangeListener<FederatedTaskViewModel.Round>) c -> plot());
    plot();

    TableView<FederatedTaskViewModel.Round> table = new TableView<>(model.rounds());
    table.setId("fl-rounds");
    table.setPlaceholder(new Label("Rounds appear here as they commit."));
    table
        .getColumns()
        .setAll(
            List.of(
                column("round", r -> Long.toString(r.round())),
                column("participants", r -> Integer.toString(r.participants())),
                column("dropouts", r -> Integer.toString(r.dropouts())),
                column("late", r -> Integer.toString(r.late())),
                column("rejected", r -> Integer.toString(r.rejected())),
                column("bytes up", r -> String.format(Locale.ROOT, "%,d", r.bytesUp())),
                column("seconds", r -> String.format(Locale.ROOT, "%.1f", r.seconds())),
                column("accuracy", r -> FederatedTaskViewModel.percent(r.accuracy()))));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.setPrefHeight(160);
    // The newest round in view as rounds commit.
    model
        .rounds()
        .addListener(
            (ListChangeListener<FederatedTaskViewModel.Round>)
                c -> table.scrollTo(Math.max(0, model.rounds().size() - 1)));

    Button export = new Button("Export model");
    export.setId("fl-export");
    export.setMinWidth(Region.USE_PREF_SIZE);
    export.disableProperty().bind(model.canExportProperty().not());
    export.setOnAction(e -> model.export());
    TextArea report = new TextArea();
    report.setId("fl-export-report");
    report.setEditable(false);
    report.setPrefRowCount(5);
    report.setStyle("-fx-font-family: monospace");
    report.textProperty().bind(model.exportReportProperty());

    HBox.setHgrow(task, Priority.ALWAYS);
    HBox.setHgrow(key, Priority.ALWAYS);
    getChildren()
        .addAll(
            title,
            help,
            new HBox(6, label("Task"), task, chooseTask),
            new HBox(6, label("Key"), key, chooseKey, start, stop),
            status,
            chart,
            table,
            export,
            report);
    VBox.setVgrow(chart, Priority.ALWAYS);
    VBox.setVgrow(table, Priority.ALWAYS);
  }

  /** Accuracy and loss by round, from the rounds the model holds. */
  private void plot() {
    accuracy.getData().clear();
    loss.getData().clear();
    for (FederatedTaskViewModel.Round r : model.rounds()) {
      r.accuracy().ifPresent(a -> accuracy.getData().add(new XYChart.Data<>(r.round(), a)));
      r.loss().ifPresent(l -> loss.getData().add(new XYChart.Data<>(r.round(), l)));
    }
  }

  private static Label label(String text) {
    Label l = new Label(text);
    l.setMinWidth(34);
    return l;
  }

  private static TextField field(String id, String prompt, StringProperty value) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    f.textProperty().bindBidirectional(value);
    return f;
  }

  private Button chooser(String id, String title, StringProperty value, String... patterns) {
    Button b = new Button("Choose...");
    b.setId(id);
    b.setOnAction(
        e -> {
          FileChooser c = new FileChooser();
          c.setTitle(title);
          c.getExtensionFilters().add(new FileChooser.ExtensionFilter(title, patterns));
          c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Any file", "*"));
          File chosen = c.showOpenDialog(getScene().getWindow());
          if (chosen != null) {
            value.set(chosen.getAbsolutePath());
          }
        });
    return b;
  }

  private static TableColumn<FederatedTaskViewModel.Round, String> column(
      String title, Function<FederatedTaskViewModel.Round, String> value) {
    TableColumn<FederatedTaskViewModel.Round, String> c = new TableColumn<>(title);
    c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(value.apply(r.getValue())));
    c.setSortable(false);
    return c;
  }
}
