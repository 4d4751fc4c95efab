package dev.blueprint.app.workbench;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.blueprint.app.report.HtmlReport;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The workbench window: palette, canvas, inspector, results. It edits a {@link DesignDocument} and
 * runs the same {@link Simulation} the command line runs, on a background thread with a progress
 * bar and Cancel, so the window never freezes.
 */
public final class Workbench {
  static final long DEFAULT_REQUESTS = 200_000;
  private static final Path EXAMPLES = Path.of("assets", "examples");

  private final Stage stage;
  private final BorderPane root = new BorderPane();
  private final CanvasView canvas;
  private final Inspector inspector;
  private final Dashboard dashboard = new Dashboard();
  private final Label status = new Label("ready");
  private final ProgressBar progress = new ProgressBar(0);
  private final Button runButton = new Button("Run");
  private final Button cancelButton = new Button("Cancel");
  private final TextField requests = new TextField(String.valueOf(DEFAULT_REQUESTS));
  private final TextArea yaml = new TextArea();

  /**
   * The document text last put into the YAML tab: anything else there is the user's, not applied
   * yet.
   */
  private String yamlShown = "";

  private final WhatIfPane whatIf;
  private final HistoryPane history;
  private final FleetPane fleet;
  private final Menu recentMenu = new Menu("Open recent");
  private final Scene scene;
  private DesignDocument document;
  private final TaskRunner tasks = new FxTaskRunner();
  private final RunViewModel simulation = new RunViewModel(tasks, DEFAULT_REQUESTS);
  private boolean dark;
  private List<String> clipboard = List.of();

  public Workbench(Stage stage, Optional<Path> file) {
    this.stage = stage;
    this.canvas =
        new CanvasView(
            new CanvasView.Actions() {
              @Override
              public void selectionChanged(Set<String> names) {
                inspector.show(document, names);
              }

              @Override
              public void run(String what, Runnable edit) {
                Workbench.this.run(what, edit);
              }

              @Override
              public void addComponent(String kind, double x, double y) {
                Workbench.this.addComponent(kind, x, y);
              }
            });
    this.inspector = new Inspector(this);
    this.whatIf = new WhatIfPane(this, tasks);
    this.fleet = new FleetPane(tasks);
    this.history = new HistoryPane(this);
    document =
        file.map(f -> DesignDocument.open(f, DesignDocument.contextFor(Optional.of(f))))
            .orElseGet(() -> DesignDocument.untitled(DesignDocument.contextFor(Optional.empty())));
    layoutWindow();
    scene = new Scene(root, 1366, 768);
    scene.getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
    shortcuts();
    setTheme(false);
    refresh();
  }

  public Scene scene() {
    return scene;
  }

  public DesignDocument document() {
    return document;
  }

  CanvasView canvas() {
    return canvas;
  }

  Dashboard dashboard() {
    return dashboard;
  }

  private void layoutWindow() {
    root.setTop(new VBox(menus(), toolbar()));
    // The canvas shares its tab with the results; the YAML and the what-if work get the whole
    // height.
    SplitPane design = new SplitPane(canvas, dashboard);
    design.setOrientation(Orientation.VERTICAL);
    design.setDividerPositions(0.5);
    Tab whatIfTab = new Tab("What-if", whatIf);
    whatIfTab.setId("tab-whatif");
    Tab toolsTab = new Tab("Catalogs & calculators", new ToolsPane());
    toolsTab.setId("tab-tools");
    Tab fleetTab = new Tab("Fleet", fleet);
    fleetTab.setId("tab-fleet");
    Tab historyTab = new Tab("History", history);
    historyTab.setId("tab-history");
    historyTab.setOnSelectionChanged(
        e -> {
          if (historyTab.isSelected()) {
            history.refresh();
          }
        });
    Button apply = new Button("Apply");
    apply.setId("yaml-apply");
    apply.setOnAction(e -> applyYaml());
    Button revert = new Button("Revert");
    revert.setId("yaml-revert");
    revert.setOnAction(
        e -> {
          yaml.setText(document.text());
          yamlShown = document.text();
        });
    Label yamlHelp =
        new Label(
            "The design file itself: edit it here, then Apply (one undo step). "
                + "A text that does not load is kept, with its problems.");
    VBox yamlPane = new VBox(6, new HBox(8, apply, revert, yamlHelp), yaml);
    yamlPane.setPadding(new Insets(6));
    VBox.setVgrow(yaml, Priority.ALWAYS);
    TabPane center =
        new TabPane(
            new Tab("Design", design),
            new Tab("YAML", yamlPane),
            whatIfTab,
            historyTab,
            toolsTab,
            fleetTab);
    center.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    center.setId("center-tabs");
    yaml.setEditable(true);
    yaml.setId("yaml");
    yaml.getStyleClass().add("yaml");
    SplitPane horizontal = new SplitPane(palette(), center, inspector);
    horizontal.setDividerPositions(0.145, 0.78);
    root.setCenter(horizontal);
    HBox bar = new HBox(10, status);
    bar.setPadding(new Insets(4, 10, 4, 10));
    bar.getStyleClass().add("status-bar");
    status.setId("status");
    root.setBottom(bar);
  }

  private VBox palette() {
    VBox box = new VBox(6);
    box.setId("palette");
    box.setPadding(new Insets(10));
    Label title = new Label("Components");
    title.getStyleClass().add("title-4");
    box.getChildren().add(title);
    for (ComponentKinds.Kind k : ComponentKinds.ALL) {
      Label glyph = new Label(k.glyph());
      glyph.getStyleClass().add("palette-glyph");
      glyph.setStyle("-fx-background-color: " + k.colour() + ";");
      Button b = new Button(k.label(), glyph);
      b.setId("palette-" + k.id());
      b.setMaxWidth(Double.MAX_VALUE);
      b.getStyleClass().add("palette-item");
      b.setTooltip(new Tooltip("Click to add, or drag onto the canvas"));
      b.setOnAction(
          e -> {
            Point2D spot = canvas.freeSpot();
            addComponent(k.id(), spot.getX(), spot.getY());
          });
      b.setOnDragDetected(
          e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString("kind:" + k.id());
            b.startDragAndDrop(TransferMode.COPY).setContent(content);
            e.consume();
          });
      box.getChildren().add(b);
    }
    return box;
  }

  private MenuBar menus() {
    Menu file = new Menu("File");
    MenuItem newItem =
        item(
            "New",
            "menu-new",
            () -> {
              if (confirmDiscard()) {
                newDesign();
              }
            });
    MenuItem open =
        item(
            "Open…",
            "menu-open",
            () -> {
              if (confirmDiscard()) {
                chooseFile(false).ifPresent(this::open);
              }
            });
    Menu examples = new Menu("Examples");
    examples.setId("menu-examples");
    try (var files = Files.list(examplesFolder())) {
      files
          .filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .forEach(
              p ->
                  examples
                      .getItems()
                      .add(
                          item(
                              p.getFileName().toString(),
                              "example-" + p.getFileName(),
                              () -> openGuarded(p))));
    } catch (IOException e) {
      examples.getItems().add(new MenuItem("(no examples folder here)"));
    }
    MenuItem gallery = item("Examples gallery…", "menu-gallery", this::showGallery);
    MenuItem save = item("Save", "menu-save", this::save);
    MenuItem saveAs =
        item("Save as…", "menu-save-as", () -> chooseFile(true).ifPresent(this::saveAs));
    MenuItem exportHtml = item("Export report (HTML, CSV)…", "menu-export", this::exportReport);
    MenuItem exportPng = item("Export dashboard as PNG…", "menu-export-png", this::exportPng);
    file.getItems()
        .addAll(newItem, open, gallery, examples, recentMenu, save, saveAs, exportHtml, exportPng);
    updateRecent();
    Menu edit = new Menu("Edit");
    edit.getItems()
        .addAll(
            item("Undo", "menu-undo", this::undo),
            item("Redo", "menu-redo", this::redo),
            item("Copy", "menu-copy", this::copy),
            item("Paste", "menu-paste", this::paste),
            item("Delete", "menu-delete", this::deleteSelection),
            item(
                "Fan out from the first selected to the others",
                "menu-fanout",
                this::fanOutSelection),
            item(
                "Select all",
                "menu-select-all",
                () ->
                    canvas.select(
                        new LinkedHashSet<>(
                            document.components().stream()
                                .map(DesignDocument.Component::name)
                                .toList()))));
    Menu view = new Menu("View");
    view.getItems()
        .addAll(
            item("Zoom in", "menu-zoom-in", () -> canvas.zoom(1.2)),
            item("Zoom out", "menu-zoom-out", () -> canvas.zoom(1 / 1.2)),
            item("Actual size", "menu-zoom-reset", canvas::resetZoom),
            item("Auto-layout", "menu-auto-layout", this::autoLayout),
            item("Light / dark theme", "menu-theme", () -> setTheme(!dark)));
    Menu run = new Menu("Run");
    run.getItems()
        .addAll(
            item("Simulate", "menu-simulate", this::simulate),
            item("Cancel", "menu-cancel", this::cancel));
    MenuBar bar = new MenuBar(file, edit, view, run);
    bar.setId("menu-bar");
    return bar;
  }

  private static MenuItem item(String text, String id, Runnable action) {
    MenuItem item = new MenuItem(text);
    item.setId(id);
    item.setOnAction(e -> action.run());
    return item;
  }

  private ToolBar toolbar() {
    runButton.setId("run");
    runButton.setDefaultButton(false);
    runButton.getStyleClass().add("accent");
    runButton.setOnAction(e -> simulate());
    cancelButton.setId("cancel");
    cancelButton.disableProperty().bind(simulation.runningProperty().not());
    cancelButton.setOnAction(e -> cancel());
    requests.setId("requests");
    requests.textProperty().bindBidirectional(simulation.requestsTextProperty());
    progress.progressProperty().bind(simulation.progressProperty());
    simulation
        .runningProperty()
        .addListener((o, was, now) -> runButton.setDisable(now || document.design().isEmpty()));
    simulation.outcomeProperty().addListener((o, was, now) -> finished(now));
    requests.setPrefColumnCount(8);
    requests.setTooltip(new Tooltip("Measured requests per run"));
    progress.setId("progress");
    progress.setPrefWidth(180);
    Button undo = new Button("Undo");
    undo.setId("undo");
    undo.setOnAction(e -> undo());
    Button redo = new Button("Redo");
    redo.setId("redo");
    redo.setOnAction(e -> redo());
    Button layout = new Button("Auto-layout");
    layout.setId("auto-layout");
    layout.setOnAction(e -> autoLayout());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    return new ToolBar(
        undo,
        redo,
        layout,
        new Separator(),
        new Label("requests"),
        requests,
        runButton,
        cancelButton,
        progress,
        spring);
  }

  private void shortcuts() {
    var accelerators = scene.getAccelerators();
    accelerators.put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), this::undo);
    accelerators.put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), this::redo);
    accelerators.put(
        new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
        this::redo);
    accelerators.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
    accelerators.put(
        new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
        () -> {
          if (confirmDiscard()) {
            newDesign();
          }
        });
    accelerators.put(
        new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN),
        () -> {
          if (confirmDiscard()) {
            chooseFile(false).ifPresent(this::open);
          }
        });
    accelerators.put(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN), this::copy);
    accelerators.put(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN), this::paste);
    accelerators.put(
        new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), this::autoLayout);
    accelerators.put(new KeyCodeCombination(KeyCode.F5), this::simulate);
    accelerators.put(new KeyCodeCombination(KeyCode.ESCAPE), this::cancel);
    accelerators.put(
        new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
        () -> canvas.zoom(1.2));
    accelerators.put(
        new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
        () -> canvas.zoom(1 / 1.2));
    // Delete removes the selection only while the canvas has the focus (clicking it gives it),
    // never
    // from a table, a tab or a button the focus happened to land on.
    canvas.addEventHandler(
        javafx.scene.input.KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            deleteSelection();
            e.consume();
          }
        });
  }

  void setTheme(boolean darkTheme) {
    dark = darkTheme;
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
    root.getStyleClass().removeAll("dark", "light");
    root.getStyleClass().add(dark ? "dark" : "light");
  }

  // --- document actions ----------------------------------------------------------------------

  /** Runs an edit that may be refused; a refusal goes to the status bar. */
  void run(String what, Runnable edit) {
    try {
      edit.run();
      status("");
    } catch (IllegalArgumentException | InvalidInputException e) {
      status(what + ": " + firstLine(e.getMessage()));
    }
    refresh();
    reportProblems();
  }

  /**
   * After an edit: if the design no longer loads, the status bar says why, whatever it said before.
   */
  private void reportProblems() {
    if (!document.problems().isEmpty()) {
      status(
          document.problems().size()
              + " problem(s): "
              + firstLine(document.problems().get(0).toString()));
    }
  }

  /** Runs an edit that reports its problems (the inspector's). */
  List<Problem> edit(Supplier<List<Problem>> change) {
    List<Problem> problems = change.get();
    if (problems.isEmpty()) {
      refresh();
      reportProblems();
    } else {
      status(problems.get(0).toString());
    }
    return problems;
  }

  void addComponent(String kind, double x, double y) {
    run(
        "add " + kind,
        () -> {
          String name = document.addComponent(kind, x, y);
          canvas.show(document);
          canvas.select(Set.of(name));
        });
  }

  /**
   * Whether the open design may be replaced: yes when it has no unsaved changes, else when the
   * person says so.
   */
  boolean confirmDiscard() {
    if (!document.dirty()) {
      return true;
    }
    javafx.scene.control.Alert ask =
        new javafx.scene.control.Alert(
            javafx.scene.control.Alert.AlertType.CONFIRMATION,
            document.origin() + " has changes that are not saved. Discard them?",
            javafx.scene.control.ButtonType.CANCEL,
            javafx.scene.control.ButtonType.OK);
    ask.initOwner(stage);
    ask.setHeaderText("Unsaved changes");
    return ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
  }

  /** Opens a file from a menu or a list: asks first when that would drop unsaved changes. */
  void openGuarded(Path file) {
    if (confirmDiscard()) {
      open(file);
    }
  }

  /** Opens a text as a new, unsaved design (a what-if combination). */
  void openText(String text, String label) {
    document = DesignDocument.fromText(text, DesignDocument.contextFor(document.file()));
    yamlShown = yaml.getText();
    dashboard.clear();
    canvas.select(Set.of());
    status("opened the combination " + label + " (unsaved)");
    refresh();
  }

  WhatIfPane whatIf() {
    return whatIf;
  }

  /** The examples gallery (a window of its own); returns it for tests. */
  Stage showGallery() {
    return Gallery.show(stage, examplesFolder(), this::openGuarded);
  }

  private static Path examplesFolder() {
    // The repository's examples when run from its root; from a module folder (tests), one up.
    return Files.isDirectory(EXAMPLES) ? EXAMPLES : Path.of("..").resolve(EXAMPLES);
  }

  void newDesign() {
    document = DesignDocument.untitled(DesignDocument.contextFor(Optional.empty()));
    yamlShown = yaml.getText();
    dashboard.clear();
    canvas.select(Set.of());
    refresh();
  }

  public void open(Path file) {
    try {
      document = DesignDocument.open(file, DesignDocument.contextFor(Optional.of(file)));
      yamlShown = yaml.getText(); // a new document replaces whatever the tab held
      remember(file);
      dashboard.clear();
      canvas.select(Set.of());
      status(
          "opened "
              + file
              + (document.problems().isEmpty() ? "" : " — it has problems: see the inspector"));
    } catch (UncheckedIOException e) {
      status(e.getMessage());
    }
    refresh();
  }

  /** Unapplied text in the YAML tab would otherwise be left out of what is saved. */
  private void applyPendingYaml() {
    if (!yaml.getText().equals(yamlShown) && !yaml.getText().equals(document.text())) {
      applyYaml();
    }
  }

  void save() {
    applyPendingYaml();
    if (document.file().isEmpty()) {
      chooseFile(true).ifPresent(this::saveAs);
    } else {
      saveAs(document.file().get());
    }
  }

  public void saveAs(Path file) {
    applyPendingYaml();
    try {
      document.saveAs(file);
      remember(file);
      status("saved " + file);
    } catch (UncheckedIOException e) {
      status(e.getMessage());
    }
    refresh();
  }

  void undo() {
    document.undo();
    refresh();
  }

  void redo() {
    document.redo();
    refresh();
  }

  void copy() {
    clipboard = List.copyOf(canvas.selection());
    status(
        clipboard.isEmpty()
            ? "nothing selected to copy"
            : "copied " + String.join(", ", clipboard));
  }

  void paste() {
    if (clipboard.isEmpty()) {
      return;
    }
    List<String> added = new ArrayList<>();
    run("paste", () -> added.addAll(document.duplicate(clipboard)));
    canvas.select(new LinkedHashSet<>(added));
  }

  void deleteSelection() {
    List<String> names = List.copyOf(canvas.selection());
    if (!names.isEmpty()) {
      run("delete", () -> document.removeComponents(names));
      canvas.select(Set.of());
    }
  }

  /** The first component selected sends each request to all the others at once. */
  void fanOutSelection() {
    List<String> picked = List.copyOf(canvas.selection());
    if (picked.size() < 3) {
      status("fan out: select the source, then shift-click two or more targets");
      return;
    }
    run("fan out", () -> document.fanOut(picked.get(0), picked.subList(1, picked.size())));
  }

  /**
   * Makes the YAML tab's text the document's; a text with problems is kept and its problems shown.
   */
  void applyYaml() {
    document.replaceText(yaml.getText());
    yamlShown = yaml.getText();
    status(
        document.problems().isEmpty()
            ? "applied the YAML"
            : "applied the YAML; "
                + document.problems().size()
                + " problem(s): "
                + firstLine(document.problems().get(0).toString()));
    refresh();
  }

  void autoLayout() {
    run("auto-layout", () -> document.move(CanvasView.autoLayout(document)));
  }

  private void refresh() {
    canvas.show(document);
    whatIf.refreshPaths(document);
    inspector.show(document, canvas.selection());
    if (yaml.getText().equals(yamlShown)) {
      yaml.setText(document.text());
      yamlShown = document.text();
    } else if (!yaml.getText().equals(document.text())) {
      status("the YAML tab has changes not applied yet (Apply, or Revert)");
    }
    String name = document.file().map(p -> p.getFileName().toString()).orElse("untitled");
    stage.setTitle((document.dirty() ? "• " : "") + name + " — Blueprint");
    runButton.setDisable(simulation.isRunning() || document.design().isEmpty());
    if (!document.problems().isEmpty()
        && (status.getText().isEmpty() || status.getText().equals("ready"))) {
      status(
          document.problems().size()
              + " problem(s): "
              + firstLine(document.problems().get(0).toString()));
    }
  }

  // --- running ---------------------------------------------------------------------------------

  void simulate() {
    status(simulation.run(document));
  }

  /** Shows how a run ended. */
  private void finished(RunViewModel.Outcome out) {
    if (out == null) {
      return;
    }
    String message = out.message();
    if (out.ran() != document) {
      message +=
          "; these results are of " + out.ran().origin() + ", which was open when the run started";
    }
    out.result().ifPresent(r -> dashboard.show(r, out.trust()));
    status(message);
    refresh();
  }

  HistoryPane history() {
    return history;
  }

  FleetPane fleet() {
    return fleet;
  }

  /** Stops what runs in the background (the fleet's coordinator and broker). */
  void shutdown() {
    fleet.shutdown();
  }

  void cancel() {
    simulation.cancel();
  }

  boolean isRunning() {
    return simulation.isRunning();
  }

  private void exportReport() {
    if (dashboard.result() == null) {
      status("run the design first");
      return;
    }
    javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
    chooser.setTitle("Folder for report.html and the CSV files");
    File folder = chooser.showDialog(stage);
    if (folder != null) {
      exportReport(folder.toPath());
    }
  }

  /**
   * Writes the last run's report.html and CSV files into {@code folder} (as simulate --out does).
   */
  void exportReport(Path folder) {
    if (dashboard.result() == null) {
      status("run the design first");
      return;
    }
    HtmlReport.write(dashboard.result(), folder);
    status("wrote " + folder.resolve("report.html"));
  }

  /** Writes a picture of the results dashboard. */
  void exportPng(Path file) {
    Screenshots.write(dashboard, file);
    status("wrote " + file);
  }

  private void exportPng() {
    FileChooser chooser = new FileChooser();
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    File file = chooser.showSaveDialog(stage);
    if (file != null) {
      exportPng(file.toPath());
    }
  }

  private Optional<Path> chooseFile(boolean save) {
    FileChooser chooser = new FileChooser();
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Design (YAML)", "*.yaml", "*.yml"));
    document
        .file()
        .map(Path::toAbsolutePath)
        .map(Path::getParent)
        .ifPresent(p -> chooser.setInitialDirectory(p.toFile()));
    File file = save ? chooser.showSaveDialog(stage) : chooser.showOpenDialog(stage);
    return Optional.ofNullable(file).map(File::toPath);
  }

  private void remember(Path file) {
    try {
      Preferences prefs = Preferences.userNodeForPackage(Workbench.class);
      List<String> recent = new ArrayList<>(List.of(prefs.get("recent", "").split("\n")));
      recent.removeIf(s -> s.isBlank() || s.equals(file.toAbsolutePath().toString()));
      recent.add(0, file.toAbsolutePath().toString());
      prefs.put("recent", String.join("\n", recent.subList(0, Math.min(8, recent.size()))));
    } catch (SecurityException | IllegalStateException e) {
      // no preferences store here: the recent list is a convenience
    }
    updateRecent();
  }

  private void updateRecent() {
    recentMenu.getItems().clear();
    try {
      for (String path :
          Preferences.userNodeForPackage(Workbench.class).get("recent", "").split("\n")) {
        if (!path.isBlank()) {
          recentMenu
              .getItems()
              .add(
                  item(
                      path,
                      "recent-" + recentMenu.getItems().size(),
                      () -> openGuarded(Path.of(path))));
        }
      }
    } catch (SecurityException | IllegalStateException e) {
      // as above
    }
    recentMenu.setDisable(recentMenu.getItems().isEmpty());
  }

  private void status(String message) {
    status.setText(message);
  }

  String statusText() {
    return status.getText();
  }

  private static String firstLine(String s) {
    int n = s.indexOf('\n');
    return n < 0 ? s : s.substring(0, n);
  }
}
