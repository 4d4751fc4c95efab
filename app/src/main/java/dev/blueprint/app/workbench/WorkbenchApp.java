package dev.blueprint.app.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The workbench as a desktop application. Started by {@code blueprint workbench}, which fills in
 * {@link Options} first (JavaFX builds the application object itself).
 */
public final class WorkbenchApp extends Application {
  /**
   * How to start.
   *
   * @param file the design to open, if any
   * @param width window width
   * @param height window height
   * @param dark the dark theme
   * @param simulate run the design once the window is up
   * @param screenshot write a PNG of the window (after the run, with {@code simulate}) and quit
   * @param startedNanos when the process started its work, to report the time to a usable window
   * @param log where to say so (the command line's error stream)
   * @param select components to select once the window is up (for pictures of the inspector)
   * @param dragBenchmark when above 0, run the drag benchmark with this many components and quit
   */
  public record Options(
      Optional<Path> file,
      int width,
      int height,
      boolean dark,
      boolean simulate,
      Optional<Path> screenshot,
      long startedNanos,
      Consumer<String> log,
      List<String> select,
      int dragBenchmark) {}

  private static volatile Options options =
      new Options(
          Optional.empty(),
          1366,
          768,
          false,
          false,
          Optional.empty(),
          System.nanoTime(),
          line -> {},
          List.of(),
          0);

  public static void launch(Options startWith) {
    options = startWith;
    Application.launch(WorkbenchApp.class);
  }

  @Override
  public void start(Stage stage) {
    Options o = options;
    Workbench workbench = new Workbench(stage, o.file());
    workbench.setTheme(o.dark());
    stage.setScene(workbench.scene());
    stage.setOnCloseRequest(
        e -> {
          if (o.screenshot().isEmpty() && o.dragBenchmark() == 0 && !workbench.confirmDiscard()) {
            e.consume();
          }
        });
    stage.setOnHidden(e -> workbench.shutdown());
    stage.setWidth(o.width());
    stage.setHeight(o.height());
    stage.setOnShown(
        e ->
            Platform.runLater(
                () -> {
                  // From the process's start (JVM start-up included) to the first frame of a window
                  // that takes input.
                  Instant now = Instant.now();
                  Instant processStart = ProcessHandle.current().info().startInstant().orElse(now);
                  o.log()
                      .accept(
                          String.format(
                              Locale.ROOT,
                              "workbench: usable window %.2f s after the process started",
                              java.time.Duration.between(processStart, now).toMillis() / 1000.0));
                }));
    stage.show();
    if (!o.select().isEmpty()) {
      workbench.canvas().select(new LinkedHashSet<>(o.select()));
    }
    if (o.simulate()) {
      workbench.simulate();
    }
    if (o.dragBenchmark() > 0) {
      try {
        DragBenchmark.run(workbench, o.dragBenchmark(), o.log());
      } catch (IOException e) {
        o.log().accept("drag benchmark: " + e.getMessage());
        Platform.exit();
      }
    }
    o.screenshot()
        .ifPresent(file -> awaitThenCapture(workbench, stage, file, o.simulate(), o.log()));
  }

  private static void awaitThenCapture(
      Workbench workbench, Stage stage, Path file, boolean afterRun, Consumer<String> log) {
    PauseTransition wait = new PauseTransition(Duration.millis(400));
    boolean[] settled = {false};
    wait.setOnFinished(
        e -> {
          // One more pause after the run, so the result tabs have finished sliding in.
          if (afterRun && (workbench.isRunning() || !settled[0])) {
            settled[0] = !workbench.isRunning();
            wait.playFromStart();
            return;
          }
          Screenshots.write(stage.getScene(), file);
          log.accept("workbench: wrote " + file);
          Platform.exit();
        });
    wait.play();
  }
}
