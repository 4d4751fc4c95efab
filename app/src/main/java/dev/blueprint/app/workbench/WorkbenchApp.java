package dev.blueprint.app.workbench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The workbench as a desktop application. Started by {@code blueprint workbench}, which fills
 * in {@link Options} first (JavaFX builds the application object itself).
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
   */
  public record Options(Optional<Path> file, int width, int height, boolean dark, boolean simulate,
      Optional<Path> screenshot, long startedNanos, java.util.function.Consumer<String> log) {}

  private static volatile Options options =
      new Options(Optional.empty(), 1366, 768, false, false, Optional.empty(), System.nanoTime(), line -> { });

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
    stage.setWidth(o.width());
    stage.setHeight(o.height());
    stage.setOnShown(e -> Platform.runLater(() -> o.log().accept(String.format(Locale.ROOT,
        "workbench: usable window after %.2f s", (System.nanoTime() - o.startedNanos()) / 1e9))));
    stage.show();
    if (o.simulate()) {
      workbench.simulate();
    }
    o.screenshot().ifPresent(file -> awaitThenCapture(workbench, stage, file, o.simulate(), o.log()));
  }

  private static void awaitThenCapture(Workbench workbench, Stage stage, Path file, boolean afterRun,
      java.util.function.Consumer<String> log) {
    PauseTransition wait = new PauseTransition(Duration.millis(400));
    wait.setOnFinished(e -> {
      if (afterRun && workbench.isRunning()) {
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
