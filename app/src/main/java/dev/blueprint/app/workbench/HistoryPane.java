package dev.blueprint.app.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.app.history.RunComparison;
import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The run history (the command line's and the workbench's runs alike): the latest runs, any two
 * compared side by side with their differences marked (what {@code blueprint runs compare} prints),
 * and a run's design opened in the editor.
 */
final class HistoryPane extends VBox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Workbench workbench;
  private final TableView<RunRecord> table = new TableView<>();
  private final TextArea comparison = new TextArea();
  private final Label note = new Label();

  HistoryPane(Workbench workbench) {
    this.workbench = workbench;
    setId("history");
    setSpacing(8);
    setPadding(new Insets(10));
    table.setId("history-table");
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table
        .getColumns()
        .setAll(
            List.of(
                column("run", r -> String.valueOf(r.id())),
                column("kind", RunRecord::kind),
                column(
                    "started (UTC)",
                    r -> r.startedAt().replace('T', ' ').replaceAll("\\.\\d+Z$", "")),
                column("design", RunRecord::designName),
                column("parameters", r -> r.parameters().equals("{}") ? "" : r.parameters()),
                column(
                    "p99",
                    r ->
                        metric(r, "p99_ms")
                            .map(v -> String.format(Locale.ROOT, "%.4g ms", v))
                            .orElse("")),
                column(
                    "$/month",
                    r ->
                        metric(r, "cost_per_month")
                            .map(v -> String.format(Locale.ROOT, "%,.0f", v))
                            .orElse(""))));
    Button refresh = new Button("Refresh");
    refresh.setId("history-refresh");
    refresh.setOnAction(e -> refresh());
    Button compare = new Button("Compare the two selected");
    compare.setId("history-compare");
    compare.setOnAction(e -> compare());
    Button open = new Button("Open the selected run's design");
    open.setId("history-open");
    open.setOnAction(
        e -> {
          RunRecord r = table.getSelectionModel().getSelectedItem();
          if (r != null && workbench.confirmDiscard()) {
            workbench.openText(r.designText(), "run " + r.id());
          }
        });
    note.setId("history-note");
    comparison.setEditable(false);
    comparison.setId("history-comparison");
    comparison.getStyleClass().add("yaml");
    SplitPane split = new SplitPane(table, comparison);
    VBox.setVgrow(split, Priority.ALWAYS);
    getChildren().addAll(new HBox(8, refresh, compare, open, note), split);
  }

  private static TableColumn<RunRecord, String> column(
      String title, Function<RunRecord, String> value) {
    TableColumn<RunRecord, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }

  private static Optional<Double> metric(RunRecord r, String name) {
    try {
      JsonNode v = JSON.readTree(r.metrics()).get(name);
      return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void refresh() {
    Path file = RunHistory.defaultFile();
    if (!Files.exists(file)) {
      note.setText("no runs recorded yet in " + file);
      table.getItems().clear();
      return;
    }
    try (RunHistory h = RunHistory.open(file)) {
      table.setItems(FXCollections.observableArrayList(h.list(500, Optional.empty())));
      note.setText(table.getItems().size() + " runs in " + file);
    } catch (RuntimeException e) {
      note.setText(e.getMessage());
    }
  }

  void compare() {
    List<RunRecord> picked = List.copyOf(table.getSelectionModel().getSelectedItems());
    if (picked.size() != 2) {
      note.setText("select exactly two runs (Ctrl+click)");
      return;
    }
    comparison.setText(
        ToolsPane.text(
            () -> {
              try (RunHistory h = RunHistory.open(RunHistory.defaultFile())) {
                return RunComparison.report(
                    find(h, picked.get(0).id()), find(h, picked.get(1).id()), false);
              }
            }));
  }

  private static RunRecord find(RunHistory h, long id) {
    return h.run(id)
        .orElseThrow(() -> new IllegalArgumentException("no run " + id + " in " + h.file()));
  }

  TableView<RunRecord> table() {
    return table;
  }

  String comparisonText() {
    return comparison.getText();
  }
}
