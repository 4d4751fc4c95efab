package dev.blueprint.app.cli;

import dev.blueprint.app.workbench.WorkbenchApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Opens the JavaFX workbench. */
@Command(
    name = "workbench",
    mixinStandardHelpOptions = true,
    description = "Open the workbench: draw a design, edit it, simulate it and read the results.")
final class WorkbenchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", arity = "0..1", description = "A design to open.")
  Path design;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      defaultValue = "1366x768",
      description = "Window size (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--dark", description = "Start with the dark theme.")
  boolean dark;

  @Option(names = "--simulate", description = "Run the design as soon as the window is up.")
  boolean simulate;

  @Option(
      names = "--screenshot",
      paramLabel = "PNG",
      description = "Write a picture of the window (after the run, with --simulate), then quit.")
  Path screenshot;

  @Option(
      names = "--select",
      paramLabel = "COMPONENT",
      split = ",",
      description = "Select these components once the window is up.")
  List<String> select = new ArrayList<>();

  @Option(
      names = "--bench-drag",
      paramLabel = "N",
      description =
          "Measure frame times while dragging a component in a design of N components, print them, quit.")
  int benchDrag;

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public Integer call() {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    if (wh.length != 2) {
      throw new IllegalArgumentException(
          "--size: expected WIDTHxHEIGHT such as 1366x768, got '" + size + "'");
    }
    int width;
    int height;
    try {
      width = Integer.parseInt(wh[0]);
      height = Integer.parseInt(wh[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--size: expected WIDTHxHEIGHT such as 1366x768, got '" + size + "'");
    }
    if (design != null && !Files.exists(design)) {
      throw new IllegalArgumentException(design + ": no such file");
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    boolean unixDesktop = !os.contains("win") && !os.contains("mac");
    if (unixDesktop
        && isBlank(System.getenv("DISPLAY"))
        && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
      throw new IllegalArgumentException(
          "the workbench needs a display and there is none here (DISPLAY is not set): "
              + "run it in a desktop session, or under a virtual one: xvfb-run ./blueprint workbench ...");
    }
    // JavaFX, unlike the report charts, needs a display: leave AWT's headless switch alone.
    System.clearProperty("java.awt.headless");
    WorkbenchApp.launch(
        new WorkbenchApp.Options(
            Optional.ofNullable(design),
            width,
            height,
            dark,
            simulate,
            Optional.ofNullable(screenshot),
            BlueprintCommand.STARTED,
            line -> {
              spec.commandLine().getErr().println(line);
              spec.commandLine().getErr().flush();
            },
            select,
            benchDrag));
    return 0;
  }
}
