package dev.blueprint.app.workbench;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;

/**
 * The design drawn as boxes and arrows: components where the file's layout puts them (or in flow
 * order where it says nothing), the flow as arrows. Boxes are dragged to move (snapped to a grid,
 * one undo step per drag), clicked to select (shift adds), and connected by dragging from a box's
 * output port (right) onto another box; the context menu connects, disconnects, copies and deletes.
 * Ctrl+scroll zooms; dragging the background pans.
 */
final class CanvasView extends ScrollPane {
  static final double BOX_WIDTH = CanvasGeometry.BOX_WIDTH;
  static final double BOX_HEIGHT = CanvasGeometry.BOX_HEIGHT;
  static final double GRID = CanvasGeometry.GRID;

  private final Pane surface = new Pane();
  private final Group zoomGroup = new Group(surface);
  private final Map<String, StackPane> boxes = new LinkedHashMap<>();
  private final Set<String> selected = new LinkedHashSet<>();
  private final Line pending = new Line();
  private DesignDocument document;
  private final Actions actions;
  private double zoom = 1;

  /** What the canvas asks the workbench to do; each may fail with a message for the status bar. */
  interface Actions {
    void selectionChanged(Set<String> names);

    void run(String what, Runnable edit);

    void addComponent(String kind, double x, double y);
  }

  CanvasView(Actions actions) {
    this.actions = actions;
    setId("canvas");
    surface.getStyleClass().add("canvas-surface");
    surface.setMinSize(2400, 1600);
    setContent(zoomGroup);
    setPannable(true);
    pending.getStyleClass().add("pending-edge");
    pending.setVisible(false);
    pending.setMouseTransparent(true);
    // Clicking the canvas gives it the focus, so Delete acts on its selection and nowhere else.
    setFocusTraversable(true);
    addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> requestFocus());
    surface.setOnMouseClicked(
        e -> {
          if (e.getTarget() == surface && e.getButton() == MouseButton.PRIMARY) {
            select(Set.of());
          }
        });
    addEventFilter(
        javafx.scene.input.ScrollEvent.SCROLL,
        e -> {
          if (e.isControlDown()) {
            zoom(e.getDeltaY() > 0 ? 1.1 : 1 / 1.1);
            e.consume();
          }
        });
    surface.setOnDragOver(
        e -> {
          if (e.getDragboard().hasString() && e.getDragboard().getString().startsWith("kind:")) {
            e.acceptTransferModes(TransferMode.COPY);
          }
          e.consume();
        });
    surface.setOnDragDropped(
        e -> {
          String kind = e.getDragboard().getString().substring("kind:".length());
          actions.addComponent(
              kind, snap(e.getX() - BOX_WIDTH / 2), snap(e.getY() - BOX_HEIGHT / 2));
          e.setDropCompleted(true);
          e.consume();
        });
  }

  void zoom(double factor) {
    zoom = Math.max(0.25, Math.min(3, zoom * factor));
    surface.setScaleX(zoom);
    surface.setScaleY(zoom);
  }

  void resetZoom() {
    zoom = 1;
    surface.setScaleX(1);
    surface.setScaleY(1);
  }

  double zoomLevel() {
    return zoom;
  }

  /** The selected components, in the order they were selected. */
  Set<String> selection() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(selected));
  }

  void select(Set<String> names) {
    selected.clear();
    selected.addAll(names);
    boxes.forEach((name, box) -> box.pseudoClassStateChanged(SELECTED, selected.contains(name)));
    actions.selectionChanged(selection());
  }

  private static final javafx.css.PseudoClass SELECTED =
      javafx.css.PseudoClass.getPseudoClass("selected");

  /** A free spot for a new component: right of the rightmost box. */
  Point2D freeSpot() {
    double x = 40;
    double y = 60;
    for (StackPane box : boxes.values()) {
      x = Math.max(x, box.getLayoutX() + BOX_WIDTH + 60);
    }
    return new Point2D(snap(x), y);
  }

  static Map<String, double[]> positions(DesignDocument document) {
    return Layouts.positions(document);
  }

  static Map<String, double[]> autoLayout(DesignDocument document) {
    return Layouts.autoLayout(document);
  }

  /** Redraws everything from the document. */
  void show(DesignDocument doc) {
    this.document = doc;
    surface.getChildren().clear();
    boxes.clear();
    Map<String, double[]> positions = positions(doc);
    for (DesignDocument.Component c : doc.components()) {
      double[] xy = positions.getOrDefault(c.name(), new double[] {40, 40});
      StackPane box = box(c);
      box.relocate(xy[0], xy[1]);
      boxes.put(c.name(), box);
    }
    for (DesignDocument.Edge e : doc.edges()) {
      if (boxes.containsKey(e.from()) && boxes.containsKey(e.to())) {
        surface.getChildren().add(arrow(e));
      }
    }
    surface.getChildren().addAll(boxes.values());
    surface.getChildren().add(pending);
    selected.retainAll(boxes.keySet());
    boxes.forEach((name, b) -> b.pseudoClassStateChanged(SELECTED, selected.contains(name)));
  }

  private Group arrow(DesignDocument.Edge e) {
    StackPane from = boxes.get(e.from());
    StackPane to = boxes.get(e.to());
    Line line = new Line();
    line.startXProperty().bind(from.layoutXProperty().add(BOX_WIDTH));
    line.startYProperty().bind(from.layoutYProperty().add(BOX_HEIGHT / 2));
    line.endXProperty().bind(to.layoutXProperty().subtract(6));
    line.endYProperty().bind(to.layoutYProperty().add(BOX_HEIGHT / 2));
    line.getStyleClass().add("edge");
    Polygon head = new Polygon(0, 0, -10, -5, -10, 5);
    head.getStyleClass().add("edge-head");
    head.layoutXProperty().bind(line.endXProperty());
    head.layoutYProperty().bind(line.endYProperty());
    Runnable rotate =
        () ->
            head.setRotate(
                Math.toDegrees(
                    Math.atan2(
                        line.getEndY() - line.getStartY(), line.getEndX() - line.getStartX())));
    line.startXProperty().addListener((o, a, b) -> rotate.run());
    line.startYProperty().addListener((o, a, b) -> rotate.run());
    line.endXProperty().addListener((o, a, b) -> rotate.run());
    line.endYProperty().addListener((o, a, b) -> rotate.run());
    rotate.run();
    Group g = new Group(line, head);
    g.setId("edge-" + e.from() + "-" + e.to());
    ContextMenu menu = new ContextMenu();
    MenuItem remove = new MenuItem("Disconnect " + e.from() + " → " + e.to());
    remove.setOnAction(a -> actions.run("disconnect", () -> document.disconnect(e.from(), e.to())));
    menu.getItems().add(remove);
    line.setOnContextMenuRequested(ev -> menu.show(line, ev.getScreenX(), ev.getScreenY()));
    return g;
  }

  private StackPane box(DesignDocument.Component c) {
    ComponentKinds.Kind kind = ComponentKinds.of(c.kind());
    Rectangle body = new Rectangle(BOX_WIDTH, BOX_HEIGHT);
    body.setArcWidth(12);
    body.setArcHeight(12);
    body.getStyleClass().add("box-body");
    Rectangle accent = new Rectangle(6, BOX_HEIGHT);
    accent.setStyle("-fx-fill: " + kind.colour() + ";");
    Label glyph = new Label(kind.glyph());
    glyph.getStyleClass().add("box-glyph");
    glyph.setStyle("-fx-text-fill: " + kind.colour() + ";");
    Label name = new Label(c.name());
    name.getStyleClass().add("box-name");
    Label sub = new Label(kind.label() + detail(c));
    sub.getStyleClass().add("box-kind");
    name.setMaxWidth(BOX_WIDTH - 56);
    sub.setMaxWidth(BOX_WIDTH - 56);
    VBox text = new VBox(2, name, sub);
    text.setTranslateX(50);
    text.setTranslateY(10);
    glyph.setTranslateX(12);
    glyph.setTranslateY(18);
    Circle in = new Circle(5);
    in.getStyleClass().add("port");
    in.setId("port-in-" + c.name());
    in.setTranslateX(-BOX_WIDTH / 2);
    Circle out = new Circle(6);
    out.getStyleClass().addAll("port", "port-out");
    out.setId("port-out-" + c.name());
    out.setTranslateX(BOX_WIDTH / 2);
    Pane labels = new Pane(accent, glyph, text);
    labels.setMouseTransparent(true);
    StackPane box = new StackPane(body, labels, in, out);
    box.setPrefSize(BOX_WIDTH, BOX_HEIGHT);
    box.setMaxSize(BOX_WIDTH, BOX_HEIGHT);
    box.getStyleClass().add("component-box");
    box.setId("node-" + c.name());
    dragToMove(box, c.name());
    dragToConnect(out, c.name());
    box.setOnContextMenuRequested(
        e -> contextMenu(c.name()).show(box, e.getScreenX(), e.getScreenY()));
    return box;
  }

  private static String detail(DesignDocument.Component c) {
    Map<String, String> f = c.fields();
    for (String key : List.of("hardware", "replicas", "servers", "workers", "consumers")) {
      if (f.containsKey(key)) {
        return " · " + f.get(key);
      }
    }
    return "";
  }

  private ContextMenu contextMenu(String name) {
    ContextMenu menu = new ContextMenu();
    Menu connect = new Menu("Connect to");
    Menu disconnect = new Menu("Disconnect from");
    for (String other : boxes.keySet()) {
      if (!other.equals(name)) {
        MenuItem item = new MenuItem(other);
        item.setId("connect-" + name + "-" + other);
        item.setOnAction(a -> actions.run("connect", () -> document.connect(name, other)));
        connect.getItems().add(item);
      }
    }
    for (DesignDocument.Edge e : document.edges()) {
      if (e.from().equals(name)) {
        MenuItem item = new MenuItem(e.to());
        item.setOnAction(a -> actions.run("disconnect", () -> document.disconnect(name, e.to())));
        disconnect.getItems().add(item);
      }
    }
    List<String> others = selected.stream().filter(n -> !n.equals(name)).toList();
    MenuItem fanOut =
        new MenuItem(
            others.size() >= 2
                ? "Fan out to " + String.join(", ", others)
                : "Fan out to… (shift-click two or more components first)");
    fanOut.setId("fanout-" + name);
    fanOut.setDisable(others.size() < 2);
    fanOut.setOnAction(a -> actions.run("fan out", () -> document.fanOut(name, others)));
    MenuItem copy = new MenuItem("Duplicate");
    copy.setOnAction(a -> actions.run("duplicate", () -> document.duplicate(List.of(name))));
    MenuItem delete = new MenuItem("Delete");
    delete.setOnAction(a -> actions.run("delete", () -> document.removeComponents(List.of(name))));
    menu.getItems().addAll(connect, disconnect, fanOut, copy, delete);
    return menu;
  }

  private void dragToMove(StackPane box, String name) {
    double[] grab = new double[2];
    Map<String, double[]> origins = new HashMap<>();
    boolean[] moved = {false};
    box.setOnMousePressed(
        e -> {
          if (e.getButton() != MouseButton.PRIMARY) {
            return;
          }
          if (e.isShiftDown() || e.isShortcutDown()) {
            Set<String> next = new LinkedHashSet<>(selected);
            if (!next.remove(name)) {
              next.add(name);
            }
            select(next);
          } else if (!selected.contains(name)) {
            select(Set.of(name));
          }
          Point2D p = surface.sceneToLocal(e.getSceneX(), e.getSceneY());
          grab[0] = p.getX();
          grab[1] = p.getY();
          origins.clear();
          for (String s : selected) {
            StackPane b = boxes.get(s);
            origins.put(s, new double[] {b.getLayoutX(), b.getLayoutY()});
          }
          moved[0] = false;
          e.consume();
        });
    box.setOnMouseDragged(
        e -> {
          if (e.getButton() != MouseButton.PRIMARY) {
            return;
          }
          Point2D p = surface.sceneToLocal(e.getSceneX(), e.getSceneY());
          double dx = p.getX() - grab[0];
          double dy = p.getY() - grab[1];
          origins.forEach(
              (s, o) -> boxes.get(s).relocate(Math.max(0, o[0] + dx), Math.max(0, o[1] + dy)));
          moved[0] = true;
          e.consume();
        });
    box.setOnMouseReleased(
        e -> {
          if (!moved[0]) {
            return;
          }
          Map<String, double[]> positions = new LinkedHashMap<>();
          for (String s : origins.keySet()) {
            StackPane b = boxes.get(s);
            positions.put(s, new double[] {snap(b.getLayoutX()), snap(b.getLayoutY())});
          }
          actions.run("move", () -> document.move(positions));
          e.consume();
        });
  }

  private void dragToConnect(Circle port, String name) {
    port.setOnMousePressed(
        e -> {
          Point2D p = surface.sceneToLocal(e.getSceneX(), e.getSceneY());
          pending.setStartX(p.getX());
          pending.setStartY(p.getY());
          pending.setEndX(p.getX());
          pending.setEndY(p.getY());
          pending.setVisible(true);
          e.consume();
        });
    port.setOnMouseDragged(
        e -> {
          Point2D p = surface.sceneToLocal(e.getSceneX(), e.getSceneY());
          pending.setEndX(p.getX());
          pending.setEndY(p.getY());
          e.consume();
        });
    port.setOnMouseReleased(
        e -> {
          pending.setVisible(false);
          Point2D p = surface.sceneToLocal(e.getSceneX(), e.getSceneY());
          for (Map.Entry<String, StackPane> b : boxes.entrySet()) {
            if (!b.getKey().equals(name) && b.getValue().getBoundsInParent().contains(p)) {
              String target = b.getKey();
              actions.run("connect", () -> document.connect(name, target));
              break;
            }
          }
          e.consume();
        });
  }

  /** Where a box is drawn now (while dragging it may differ from the document). */
  Point2D boxPosition(String name) {
    StackPane b = boxes.get(name);
    return new Point2D(b.getLayoutX(), b.getLayoutY());
  }

  int boxCount() {
    return boxes.size();
  }

  static double snap(double v) {
    return Math.round(v / GRID) * GRID;
  }

  /** Runs {@code body} for each box, for tests and measurements. */
  void forEachBox(Consumer<StackPane> body) {
    boxes.values().forEach(body);
  }
}
