package dev.blueprint.app.workbench;

import dev.blueprint.simulator.io.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Edits the selected component's fields (or, with nothing selected, the design's name and traffic).
 * A value is checked as it is typed — the whole design is read with it — and applied when Enter is
 * pressed or the field is left; a bad value stays in its field, marked, with the parser's
 * explanation under it, and the design keeps its last good value.
 */
final class Inspector extends ScrollPane {
  private static final javafx.css.PseudoClass INVALID =
      javafx.css.PseudoClass.getPseudoClass("invalid");
  private final VBox content = new VBox(8);
  private final Workbench workbench;

  Inspector(Workbench workbench) {
    this.workbench = workbench;
    setId("inspector");
    content.setPadding(new Insets(12));
    content.getStyleClass().add("inspector");
    setContent(content);
    setFitToWidth(true);
    setPrefWidth(300);
  }

  void show(DesignDocument doc, Set<String> selection) {
    content.getChildren().clear();
    if (selection.size() == 1 && doc.component(selection.iterator().next()).isPresent()) {
      DesignDocument.Component c = doc.component(selection.iterator().next()).orElseThrow();
      ComponentKinds.Kind kind = ComponentKinds.of(c.kind());
      Label title = new Label(c.name());
      title.getStyleClass().add("title-3");
      title.setId("inspector-title");
      Label sub = new Label(kind.label());
      sub.getStyleClass().add("text-muted");
      content.getChildren().addAll(title, sub);
      Set<String> fields = new LinkedHashSet<>(c.fields().keySet());
      fields.remove("kind");
      fields.addAll(kind.starting().keySet());
      fields.addAll(kind.optional());
      GridPane grid = grid();
      int row = 0;
      for (String field : fields) {
        row =
            field(
                grid,
                row,
                field,
                c.fields().getOrDefault(field, ""),
                (f, v) -> doc.setField(c.name(), f, v));
      }
      content.getChildren().add(grid);
      Label help = new Label("Empty fields take their defaults (docs/design-format.md).");
      help.getStyleClass().add("text-muted");
      help.setWrapText(true);
      content.getChildren().add(help);
    } else if (selection.size() > 1) {
      content.getChildren().add(new Label(selection.size() + " components selected"));
    } else {
      Label title = new Label("Design");
      title.getStyleClass().add("title-3");
      title.setId("inspector-title");
      content.getChildren().add(title);
      GridPane grid = grid();
      int row = 0;
      List<String> paths = new ArrayList<>(List.of("name", "workload.arrival", "workload.rate"));
      // Each objective too: "slos.tail" holds "p99 < 10ms".
      paths.addAll(DesignText.keys(doc.text(), "slos").stream().map(k -> "slos." + k).toList());
      for (String path : paths) {
        row =
            field(
                grid, row, path, DesignText.value(doc.text(), path), (f, v) -> doc.setValue(f, v));
      }
      content.getChildren().add(grid);
      if (!doc.problems().isEmpty()) {
        Label problems =
            new Label(
                "Problems:\n"
                    + String.join(
                        "\n", doc.problems().stream().limit(8).map(Problem::toString).toList()));
        problems.setWrapText(true);
        problems.getStyleClass().add("danger");
        problems.setId("design-problems");
        content.getChildren().add(problems);
      }
    }
  }

  private static GridPane grid() {
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(4);
    return grid;
  }

  private int field(
      GridPane grid,
      int row,
      String field,
      String value,
      BiFunction<String, String, List<Problem>> apply) {
    Label label = new Label(field);
    label.setMinWidth(Region.USE_PREF_SIZE);
    TextField input = new TextField(value);
    input.setId("field-" + field.replace('.', '-'));
    input.setPromptText("default");
    GridPane.setHgrow(input, Priority.ALWAYS);
    Label error = new Label();
    error.setId("error-" + field.replace('.', '-'));
    error.getStyleClass().add("field-error");
    error.setWrapText(true);
    error.setManaged(false);
    error.setVisible(false);
    String[] applied = {value};
    Runnable commit =
        () -> {
          String typed = input.getText();
          if (typed.equals(applied[0])) {
            return;
          }
          List<Problem> problems = workbench.edit(() -> apply.apply(field, typed));
          if (problems.isEmpty()) {
            applied[0] = typed;
            input.pseudoClassStateChanged(INVALID, false);
            error.setVisible(false);
            error.setManaged(false);
          } else {
            input.pseudoClassStateChanged(INVALID, true);
            String message = problems.get(0).message();
            error.setText(message);
            error.setVisible(true);
            error.setManaged(true);
            input.setTooltip(new Tooltip(message));
          }
        };
    input.setOnAction(e -> commit.run());
    input
        .focusedProperty()
        .addListener(
            (o, was, is) -> {
              if (!is) {
                commit.run();
              }
            });
    grid.add(label, 0, row);
    grid.add(input, 1, row);
    grid.add(error, 1, row + 1);
    return row + 2;
  }

  /** For tests: the fields shown. */
  List<String> shownFields() {
    List<String> out = new ArrayList<>();
    content.lookupAll(".text-field").forEach(n -> out.add(n.getId()));
    return out;
  }
}
