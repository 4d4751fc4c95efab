package dev.blueprint.app.workbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The case studies of {@code assets/examples}: each one's question and answer, and a button to open
 * it.
 */
final class Gallery {
  private Gallery() {}

  static List<Path> examples(Path folder) {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static Stage show(Window owner, Path folder, Consumer<Path> open) {
    List<Path> examples = examples(folder);
    ListView<Path> list = new ListView<>(FXCollections.observableArrayList(examples));
    list.setId("gallery-list");
    list.setCellFactory(
        v ->
            new javafx.scene.control.ListCell<>() {
              @Override
              protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(
                    empty || item == null
                        ? null
                        : item.getFileName().toString().replace(".yaml", ""));
              }
            });
    TextArea description = new TextArea();
    description.setWrapText(true);
    description.setEditable(false);
    description.setId("gallery-description");
    list.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, p) -> {
              if (p != null) {
                description.setText(DesignText.value(read(p), "description").strip());
              }
            });
    Stage stage = new Stage();
    Button openButton = new Button("Open");
    openButton.setId("gallery-open");
    openButton.setDefaultButton(true);
    openButton.setOnAction(
        e -> {
          Path p = list.getSelectionModel().getSelectedItem();
          if (p != null) {
            open.accept(p);
            stage.close();
          }
        });
    list.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            openButton.fire();
          }
        });
    Label title = new Label(examples.size() + " worked examples, each answering a question");
    title.getStyleClass().add("title-4");
    VBox.setVgrow(description, Priority.ALWAYS);
    VBox right = new VBox(8, description, new HBox(openButton));
    right.setPadding(new Insets(0, 0, 0, 8));
    SplitPane split = new SplitPane(list, right);
    split.setDividerPositions(0.3);
    VBox.setVgrow(split, Priority.ALWAYS);
    VBox root = new VBox(8, title, split);
    root.setPadding(new Insets(12));
    root.setId("gallery");
    stage.setTitle("Examples — Blueprint");
    if (owner != null) {
      stage.initOwner(owner);
      stage.initModality(Modality.WINDOW_MODAL);
    }
    Scene scene = new Scene(root, 820, 460);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().addAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    if (!examples.isEmpty()) {
      list.getSelectionModel().select(0);
    }
    stage.show();
    return stage;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
