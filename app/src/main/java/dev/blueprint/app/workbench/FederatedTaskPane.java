package dev.blueprint.app.workbench;

import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Fleet tab's "Federated task" section: a task file and a signing key, Start, accuracy and loss
 * by round, a table of the committed rounds, and the export of the final model. Binds to {@link
 * FederatedTaskViewModel}; every figure comes from the coordinator's committed rounds.
 */
final class FederatedTaskPane extends VBox {
  private final FederatedTaskViewModel model;
  private final XYChart.Series<Number, Number> accuracy = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> loss = new XYChart.Series<>();

  FederatedTaskPane(FederatedTaskViewModel model) {
    this.model = model;
    setId("fl-task");
    setSpacing(6);
    setPadding(new Insets(8, 0, 0, 0));
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
    stop.disableProperty().bind(model.canStopProperty().not());
    stop.setOnAction(e -> model.stop());
    stop.setTooltip(
        new Tooltip(
            "Closes the open round without committing it and tells its devices; the committed"
                + " rounds stay in the round store and Start resumes after them."));

    Label status = new Label();
    status.setId("fl-status");
    status.textProperty().bind(model.statusProperty());
    status.setWrapText(true);
    status.setMinHeight(Region.USE_PREF_SIZE);

    NumberAxis rounds = new NumberAxis();
    rounds.setLabel("round");
    rounds.setForceZeroInRange(false);
    rounds.setMinorTickVisible(false);
    rounds.setTickLabelFormatter(
        new StringConverter<>() {
          @Override
          public String toString(Number n) {
            // Rounds are whole numbers: no label between them.
            return n.doubleValue() == Math.rint(n.doubleValue())
                ? Long.toString(n.longValue())
                : "";
          }

          @Override
          public Number fromString(String text) {
            return Long.valueOf(text);
          }
        });
    NumberAxis values = new NumberAxis();
    values.setLabel("accuracy, loss");
    LineChart<Number, Number> chart = new LineChart<>(rounds, values);
    chart.setId("fl-chart");
    chart.setAnimated(false);
    chart.setTitle("Held-out accuracy (fraction) and loss by round");
    chart.setMinHeight(160);
    chart.setLegendSide(Side.RIGHT);
    accuracy.setName("accuracy");
    loss.setName("loss");
    chart.getData().setAll(List.of(accuracy, loss));
    model.rounds().addListener((ListChangeListener<FederatedTaskViewModel.Round>) c -> plot());
    plot();

    // The newest round on top, where a dashboard's eye goes first.
    TableView<FederatedTaskViewModel.Round> table =
        new TableView<>(
            new SortedList<>(
                model.rounds(),
                Comparator.comparingLong(FederatedTaskViewModel.Round::round).reversed()));
    table.setId("fl-rounds");
    table.setPlaceholder(new Label("Rounds appear here as they commit."));
    table
        .getColumns()
        .setAll(
            List.of(
                column("round", 70, r -> Long.toString(r.round())),
                column("clients", 84, r -> Integer.toString(r.participants())),
                column("dropouts", 96, r -> Integer.toString(r.dropouts())),
                column("late", 60, r -> Integer.toString(r.late())),
                column("rejected", 96, FederatedTaskViewModel.Round::rejected),
                column("bytes up", 104, r -> String.format(Locale.ROOT, "%,d", r.bytesUp())),
                column("seconds", 88, r -> String.format(Locale.ROOT, "%.1f", r.seconds())),
                column("accuracy", 100, r -> FederatedTaskViewModel.percent(r.accuracy()))));
    Button export = new Button("Export model");
    export.setId("fl-export");
    for (Button b : List.of(chooseTask, chooseKey, start, stop, export)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    export.disableProperty().bind(model.canExportProperty().not());
    export.setOnAction(e -> model.export());
    export.setTooltip(
        new Tooltip(
            "Writes TASK-ID.bpm and TASK-ID-int8.bpm beside the task file; Package then makes"
                + " the int8 one a signed bundle for the rollout."));
    FederatedReleaseViewModel release = model.release();
    TextField version = field("fl-release-version", "1.0.0", release.versionProperty());
    TextField counter = field("fl-release-counter", "counter", release.counterProperty());
    TextField targets = field("fl-release-targets", "cpu", release.targetsProperty());
    TextField modelKey = field("fl-model-key", "model signer.key", release.modelKeyFileProperty());
    TextField keysJson = field("fl-keys-json", "keys.json", release.keysFileProperty());
    // A flow rather than a row: on a narrow window the release wraps instead of pushing the
    // pane wider than the tab.
    version.setMinWidth(72);
    version.setPrefWidth(72);
    counter.setMinWidth(64);
    counter.setPrefWidth(64);
    targets.setMinWidth(96);
    targets.setPrefWidth(96);
    modelKey.setPrefWidth(170);
    keysJson.setPrefWidth(170);
    Button chooseModelKey =
        chooser(
            "fl-choose-model-key", "Model signing key", release.modelKeyFileProperty(), "*.key");
    Button chooseKeys =
        chooser("fl-choose-keys", "keys.json", release.keysFileProperty(), "*.json");
    Button pack = new Button("Package");
    pack.setId("fl-package");
    pack.disableProperty().bind(release.canPackageProperty().not());
    pack.setOnAction(e -> release.packageModel());
    pack.setTooltip(
        new Tooltip(
            "Packages the exported int8 model with its golden check as a model bundle signed by"
                + " the model key (keys.json must list it), beside the task file, and makes it the"
                + " rollout's Bundle."));
    for (Button b : List.of(chooseModelKey, chooseKeys, pack)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    Label releaseStatus = new Label();
    releaseStatus.setId("fl-release-status");
    releaseStatus.setWrapText(true);
    releaseStatus.textProperty().bind(release.statusProperty());
    FlowPane releaseRow =
        new FlowPane(
            10,
            4,
            group(label("Release"), version),
            group(label("Counter"), counter),
            group(label("Targets"), targets),
            group(label("Model key"), modelKey, chooseModelKey),
            group(label("Keys"), keysJson, chooseKeys),
            pack,
            releaseStatus);
    releaseRow.setAlignment(Pos.CENTER_LEFT);
    releaseRow.setMinWidth(0);

    TextArea report = new TextArea();
    report.setId("fl-export-report");
    report.setEditable(false);
    report.setWrapText(false);
    report.setStyle("-fx-font-family: monospace");
    report.setPrefRowCount(4);
    report.textProperty().bind(model.exportReportProperty());

    HBox.setHgrow(task, Priority.ALWAYS);
    HBox.setHgrow(key, Priority.ALWAYS);
    HBox.setHgrow(chart, Priority.ALWAYS);
    chart.setPrefWidth(420);
    report.setPrefWidth(400);
    HBox progress = new HBox(8, chart, report);
    getChildren()
        .addAll(
            new HBox(
                6,
                label("Task"),
                task,
                chooseTask,
                label("Key"),
                key,
                chooseKey,
                start,
                stop,
                export),
            status,
            progress,
            releaseRow,
            table);
    progress.setPrefHeight(210);
    progress.setMinHeight(180);
    table.setPrefHeight(175);
    table.setMinHeight(130);
    VBox.setVgrow(progress, Priority.ALWAYS);
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

  /** Controls that belong together and wrap as one (a label with its field). */
  private static HBox group(javafx.scene.Node... nodes) {
    HBox box = new HBox(6, nodes);
    box.setAlignment(Pos.CENTER_LEFT);
    return box;
  }

  private static Label label(String text) {
    Label l = new Label(text);
    l.setMinWidth(Region.USE_PREF_SIZE);
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
      String title, double width, Function<FederatedTaskViewModel.Round, String> value) {
    TableColumn<FederatedTaskViewModel.Round, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(value.apply(r.getValue())));
    c.setSortable(false);
    return c;
  }
}
