package dev.blueprint.app.workbench;

import com.sun.prism.GraphicsPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;

/**
 * How the canvas holds up with many components: a design of N stations in a chain, one box dragged
 * across the canvas by real mouse events through the canvas's own handlers, one event per frame,
 * the time between frames recorded; then the drop, which rewrites the design's layout and redraws
 * everything, timed on its own.
 */
final class DragBenchmark {
  static final int FRAMES = 300;

  private DragBenchmark() {}

  /** A design of {@code n} stations, each feeding the next, laid out on a grid. */
  static String design(int n) {
    StringBuilder yaml =
        new StringBuilder(
            "name: drag-benchmark\nworkload:\n  arrival: poisson\n  rate: 10/s\n"
                + "components:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("  s")
          .append(i)
          .append(":\n    kind: station\n    servers: 4\n    service: exponential(mean=10ms)\n");
    }
    yaml.append("flow: [");
    for (int i = 0; i < n; i++) {
      yaml.append(i == 0 ? "" : ", ").append('s').append(i);
    }
    yaml.append("]\nlayout:\n");
    for (int i = 0; i < n; i++) {
      yaml.append(
          String.format(
              Locale.ROOT, "  s%d: [%d, %d]%n", i, 40 + (i % 20) * 200, 60 + (i / 20) * 100));
    }
    return yaml.toString();
  }

  static void run(Workbench workbench, int components, Consumer<String> log) throws IOException {
    Path file = Files.createTempFile("drag-benchmark", ".yaml");
    Files.writeString(file, design(components));
    workbench.open(file);
    CanvasView canvas = workbench.canvas();
    StackPane[] box = new StackPane[1];
    canvas.forEachBox(
        b -> {
          if (box[0] == null) {
            box[0] = b;
          }
        });
    long[] frames = new long[FRAMES + 1];
    int[] frame = {-30}; // let the first frames (window and CSS set-up) pass unmeasured
    AnimationTimer timer =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            Bounds b = box[0].localToScene(box[0].getBoundsInLocal());
            double x = b.getMinX() + 20;
            double y = b.getMinY() + 20;
            if (frame[0] == -30) {
              fire(box[0], MouseEvent.MOUSE_PRESSED, x, y);
            }
            if (frame[0] >= 0) {
              frames[frame[0]] = now;
            }
            fire(box[0], MouseEvent.MOUSE_DRAGGED, x + 3, y + (frame[0] % 40 < 20 ? 1 : -1));
            if (++frame[0] > FRAMES) {
              stop();
              long drop = System.nanoTime();
              fire(box[0], MouseEvent.MOUSE_RELEASED, x + 3, y);
              double dropMs = (System.nanoTime() - drop) / 1e6;
              report(frames, components, dropMs, canvas.boxCount(), log);
              Platform.exit();
            }
          }
        };
    timer.start();
  }

  private static void fire(
      StackPane target, javafx.event.EventType<MouseEvent> type, double sceneX, double sceneY) {
    javafx.geometry.Point2D screen =
        target.getScene().getWindow() == null
            ? new javafx.geometry.Point2D(sceneX, sceneY)
            : new javafx.geometry.Point2D(
                sceneX + target.getScene().getWindow().getX(),
                sceneY + target.getScene().getWindow().getY());
    javafx.geometry.Point2D local = target.sceneToLocal(sceneX, sceneY);
    Event.fireEvent(
        target,
        new MouseEvent(
            type,
            local.getX(),
            local.getY(),
            screen.getX(),
            screen.getY(),
            MouseButton.PRIMARY,
            1,
            false,
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            false,
            false,
            null));
  }

  private static void report(
      long[] frames, int components, double dropMs, int boxes, Consumer<String> log) {
    double[] gaps = new double[frames.length - 1];
    for (int i = 1; i < frames.length; i++) {
      gaps[i - 1] = (frames[i] - frames[i - 1]) / 1e6;
    }
    Arrays.sort(gaps);
    double mean = Arrays.stream(gaps).average().orElse(Double.NaN);
    log.accept(
        String.format(
            Locale.ROOT,
            "drag benchmark: %d components (%d boxes drawn), %d frames while dragging one: frame time mean %.1f ms, "
                + "median %.1f ms, p99 %.1f ms, max %.1f ms; the drop (layout rewritten, canvas redrawn) %.0f ms; "
                + "rendering pipeline %s",
            components,
            boxes,
            gaps.length,
            mean,
            gaps[gaps.length / 2],
            gaps[(int) Math.floor(gaps.length * 0.99)],
            gaps[gaps.length - 1],
            dropMs,
            GraphicsPipeline.getPipeline().getClass().getSimpleName()));
  }
}
