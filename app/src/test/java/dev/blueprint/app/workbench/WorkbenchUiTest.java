package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.app.cli.BlueprintCommand;
import dev.blueprint.simulator.hardware.DeviceClass;
import dev.blueprint.simulator.validate.ConfidenceTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real workbench controls (headless, on Monocle): builds a two-component design from the
 * palette, connects it, edits a property, runs it, reads the p99 tile, saves, reopens, and walks
 * undo and redo.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
  @TempDir Path dir;
  private Workbench workbench;

  @Start
  void start(Stage stage) {
    workbench = new Workbench(stage, Optional.empty());
    stage.setScene(workbench.scene());
    stage.setWidth(1366);
    stage.setHeight(768);
    stage.show();
  }

  @Test
  void buildsConnectsEditsRunsSavesReopensAndUndoes(FxRobot robot) throws Exception {
    robot.clickOn("#palette-gateway");
    robot.clickOn("#palette-station");
    assertThat(workbench.canvas().boxCount()).isEqualTo(2);
    assertThat(workbench.document().components())
        .extracting(DesignDocument.Component::name)
        .containsExactly("gateway", "station");

    robot.drag("#port-out-gateway").dropTo("#node-station");
    assertThat(workbench.document().chain()).containsExactly("gateway", "station");
    assertThat(robot.lookup("#edge-gateway-station").tryQuery()).isPresent();

    robot.clickOn("#node-station");
    assertThat(robot.lookup("#inspector-title").queryAs(Label.class).getText())
        .isEqualTo("station");
    TextField servers = robot.lookup("#field-servers").queryAs(TextField.class);
    robot
        .doubleClickOn(servers)
        .eraseText(servers.getText().length())
        .write("lots")
        .type(KeyCode.ENTER);
    Label error = robot.lookup("#error-servers").queryAs(Label.class);
    assertThat(error.isVisible()).isTrue();
    assertThat(error.getText()).contains("lots");
    assertThat(workbench.document().component("station").orElseThrow().fields())
        .containsEntry("servers", "1");
    // 1,000 requests a second of 10 ms each need more than 10 servers.
    robot
        .doubleClickOn(servers)
        .eraseText(servers.getText().length())
        .write("16")
        .type(KeyCode.ENTER);
    assertThat(workbench.document().component("station").orElseThrow().fields())
        .containsEntry("servers", "16");
    assertThat(robot.lookup("#error-servers").queryAs(Label.class).isVisible()).isFalse();

    robot.clickOn("#run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workbench.isRunning());
    WaitForAsyncUtils.waitForFxEvents();
    String p99 = robot.lookup("#tile-p99-value").queryAs(Label.class).getText();
    assertThat(p99).matches("\\d+(\\.\\d+)? ms.*");
    double p99Ms = Double.parseDouble(p99.substring(0, p99.indexOf(' ')));
    assertThat(p99Ms)
        .as("an M/M/16 at 1,000/s and 10 ms has a p99 of some tens of ms")
        .isBetween(20.0, 100.0);
    assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isFalse();
    assertThat(workbench.statusText())
        .as("the run is recorded in the history")
        .startsWith("simulated")
        .doesNotContain("not recorded");
    robot.clickOn("Histogram");
    assertThat(robot.lookup("#chart-histogram").tryQuery()).isPresent();
    robot.clickOn("Where the time goes");
    robot.interact(
        () -> Screenshots.write(workbench.scene(), Path.of("target", "contribution.png")));
    assertThat(robot.lookup("#chart-contribution").tryQuery()).isPresent();

    robot.interact(() -> workbench.exportReport(dir.resolve("report")));
    robot.interact(() -> workbench.exportPng(dir.resolve("dashboard.png")));
    assertThat(Files.readString(dir.resolve("report").resolve("report.html"))).contains("<svg");
    assertThat(dir.resolve("report").resolve("components.csv")).exists();
    assertThat(Files.size(dir.resolve("dashboard.png"))).isGreaterThan(1000);

    Path file = dir.resolve("two.yaml");
    robot.interact(() -> workbench.saveAs(file));
    assertThat(Files.readString(file))
        .contains("kind: gateway")
        .contains("servers: 16")
        .contains("flow: [gateway, station]")
        .contains("layout:");
    robot.interact(() -> workbench.open(file));
    assertThat(workbench.canvas().boxCount()).isEqualTo(2);
    assertThat(workbench.document().component("station").orElseThrow().fields())
        .containsEntry("servers", "16");

    robot.clickOn("#palette-cache");
    assertThat(workbench.canvas().boxCount()).isEqualTo(3);
    robot.clickOn("#undo");
    assertThat(workbench.canvas().boxCount()).isEqualTo(2);
    robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
    assertThat(workbench.canvas().boxCount()).isEqualTo(3);
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    assertThat(workbench.canvas().boxCount()).isEqualTo(2);
  }

  @Test
  void aLongRunCanBeCancelledAndTheWindowStaysResponsive(FxRobot robot) throws Exception {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "mm1.yaml")));
    TextField requests = robot.lookup("#requests").queryAs(TextField.class);
    robot.doubleClickOn(requests).eraseText(requests.getText().length()).write("500000000");
    robot.clickOn("#run");
    assertThat(workbench.isRunning()).isTrue();
    // The UI thread is free while it runs: a palette click is handled at once.
    robot.clickOn("#palette-station");
    assertThat(workbench.canvas().boxCount()).isEqualTo(2);
    robot.clickOn("#cancel");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !workbench.isRunning());
    assertThat(workbench.statusText()).contains("cancel");
  }

  @Test
  void aRunSaysHowFarItsFiguresCanBeTrusted(FxRobot robot) throws Exception {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "llama-chat.yaml")));
    TextField requests = robot.lookup("#requests").queryAs(TextField.class);
    robot.doubleClickOn(requests).eraseText(requests.getText().length()).write("5000");
    robot.clickOn("#run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workbench.isRunning());
    WaitForAsyncUtils.waitForFxEvents();
    // The example serves on H100s: the tile states the NVIDIA Hopper class's validation.
    assertThat(robot.lookup("#tile-trust-nvidia-hopper").tryQuery()).isPresent();
    assertThat(robot.lookup("#tile-trust-nvidia-hopper").lookup(".label").queryAllAs(Label.class))
        .anyMatch(
            l ->
                l.getText()
                    .equals(
                        ConfidenceTable.shipped().forClass(DeviceClass.NVIDIA_HOPPER).statement()));
  }

  @Test
  void sweepsAndOptimisesFromTheWhatIfTab(FxRobot robot) throws Exception {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "mm1.yaml")));
    robot.clickOn("What-if");
    robot.clickOn("#whatif-path-0").write("components.server.servers");
    robot.clickOn("#whatif-values-0").write("2..");
    // The tab says what is wrong as it is typed, and Run waits until it is fine.
    assertThat(robot.lookup("#whatif-problem").queryAs(Label.class).getText()).isNotEmpty();
    assertThat(robot.lookup("#whatif-run").queryButton().isDisabled()).isTrue();
    robot.interact(
        () -> Screenshots.write(workbench.scene(), Path.of("target", "whatif-problem.png")));
    robot.write("4");
    assertThat(robot.lookup("#whatif-problem").queryAs(Label.class).getText()).isEmpty();
    TextField requests = robot.lookup("#whatif-requests").queryAs(TextField.class);
    robot.doubleClickOn(requests).eraseText(requests.getText().length()).write("20000");
    robot.clickOn("#whatif-run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workbench.whatIf().isRunning());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(workbench.whatIf().rows()).hasSize(3);
    assertThat(workbench.whatIf().rows()).anyMatch(WhatIfViewModel.Row::onFront);
    assertThat(robot.lookup("#whatif-summary").queryAs(Label.class).getText()).contains("3 of 3");
    // A picture to look at (target/whatif.png), as a person would.
    robot.interact(() -> Screenshots.write(workbench.scene(), Path.of("target", "whatif.png")));

    WhatIfViewModel.Row three =
        workbench.whatIf().rows().stream()
            .filter(r -> r.point().value("components.server.servers").equals("3"))
            .findFirst()
            .orElseThrow();
    robot.interact(() -> workbench.whatIf().openVariant(three.point()));
    assertThat(workbench.document().component("server").orElseThrow().fields())
        .containsEntry("servers", "3");
    assertThat(workbench.document().file()).isEmpty();

    // Two parameters give a heat map, one cell per combination.
    robot
        .clickOn("#whatif-values-0")
        .press(KeyCode.CONTROL)
        .type(KeyCode.A)
        .release(KeyCode.CONTROL)
        .write("2,3");
    robot.clickOn("#whatif-path-1").write("workload.rate");
    robot.clickOn("#whatif-values-1").write("0.5/s,0.9/s");
    robot.clickOn("#whatif-run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workbench.whatIf().isRunning());
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#whatif-heat-tab");
    assertThat(robot.lookup("#heat-1-1").queryAs(Label.class).getText()).endsWith(" s");
    robot.interact(() -> Screenshots.write(workbench.scene(), Path.of("target", "heatmap.png")));

    robot.clickOn("History");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(workbench.history().table().getItems()).hasSizeGreaterThanOrEqualTo(3);
    robot.interact(() -> workbench.history().table().getSelectionModel().selectIndices(0, 1));
    robot.clickOn("#history-compare");
    assertThat(workbench.history().comparisonText())
        .contains("components.server.servers")
        .contains("*");

    robot.clickOn("What-if");
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "mm1.yaml")));
    robot.clickOn("#whatif-optimize");
    TextField bound = robot.lookup("#whatif-constraints").queryAs(TextField.class);
    robot
        .clickOn(bound)
        .press(KeyCode.CONTROL)
        .type(KeyCode.A)
        .release(KeyCode.CONTROL)
        .write("mean_wait_ms<=2000");
    robot.clickOn("#whatif-run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workbench.whatIf().isRunning());
    WaitForAsyncUtils.waitForFxEvents();
    // M/M/c with lambda 0.9, mean 1 s: 1 server waits 9 s, 2 servers 0.23 s.
    assertThat(robot.lookup("#whatif-summary").queryAs(Label.class).getText())
        .contains("chosen: components.server.servers=2")
        .contains("simulations");
  }

  @Test
  void browsesHardwareDrawsARooflineAndAnswersAnLlmQuestion(FxRobot robot) throws Exception {
    robot.clickOn("Catalogs & calculators");
    robot.clickOn("#hardware-search").write("l4");
    @SuppressWarnings("unchecked")
    javafx.scene.control.ListView<String> list =
        robot.lookup("#hardware-list").queryAs(javafx.scene.control.ListView.class);
    assertThat(list.getItems())
        .contains("nvidia-l4", "nvidia-l40s")
        .doesNotContain("nvidia-h100-sxm-80gb");
    robot.clickOn("nvidia-l4");
    javafx.scene.control.TextArea sheet =
        robot.lookup("#hardware-sheet").queryAs(javafx.scene.control.TextArea.class);
    assertThat(sheet.getText()).contains("NVIDIA L4").contains("memory bandwidth");
    robot.clickOn("#roofline-run");
    javafx.scene.control.TextArea layers =
        robot.lookup("#roofline-layers").queryAs(javafx.scene.control.TextArea.class);
    assertThat(layers.getText()).contains("Per layer").contains("resnet-50");
    assertThat(layers.getText())
        .isEqualTo(
            commandLine(
                "roofline",
                "--model",
                "resnet-50",
                "--hardware",
                "nvidia-l4",
                "--precision",
                "int8",
                "--batch",
                "32"));
    assertThat(
            robot.lookup("#roofline-chart").queryAs(javafx.scene.image.ImageView.class).getImage())
        .isNotNull();
    robot.interact(() -> Screenshots.write(workbench.scene(), Path.of("target", "tools.png")));

    robot.clickOn("LLM serving");
    robot.clickOn("#llm-run");
    javafx.scene.control.TextArea llm =
        robot.lookup("#llm-result").queryAs(javafx.scene.control.TextArea.class);
    assertThat(llm.getText()).contains("time to first token").contains("KV-cache capacity");
    // The figures are the command line's: the same library calls, rendered the same way.
    assertThat(llm.getText())
        .isEqualTo(
            commandLine(
                "llm",
                "--model",
                "llama-3.1-70b",
                "--hardware",
                "nvidia-h100-sxm-80gb",
                "--precision",
                "fp8",
                "--count",
                "8",
                "--tp",
                "8",
                "--input",
                "2048",
                "--output",
                "512"));

    robot.clickOn("Training");
    robot.clickOn("#train-run");
    javafx.scene.control.TextArea train =
        robot.lookup("#train-result").queryAs(javafx.scene.control.TextArea.class);
    assertThat(train.getText())
        .startsWith("Training: llama-3.1-8b on 64 x nvidia-h100-sxm-80gb")
        .isEqualTo(
            commandLine(
                "train",
                "--model",
                "llama-3.1-8b",
                "--hardware",
                "nvidia-h100-sxm-80gb",
                "--precision",
                "bf16",
                "--count",
                "64",
                "--tp",
                "1",
                "--tokens",
                "1T"));
  }

  /** What {@code blueprint args} prints (the test may use the CLI; the workbench may not). */
  static String commandLine(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BlueprintCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void theGalleryOpensEveryCaseStudy(FxRobot robot) {
    robot.clickOn("File").clickOn("#menu-gallery");
    @SuppressWarnings("unchecked")
    javafx.scene.control.ListView<Path> list =
        robot.lookup("#gallery-list").queryAs(javafx.scene.control.ListView.class);
    assertThat(list.getItems()).hasSizeGreaterThanOrEqualTo(8);
    robot.clickOn("search-ranking");
    assertThat(
            robot
                .lookup("#gallery-description")
                .queryAs(javafx.scene.control.TextArea.class)
                .getText())
        .contains("Question");
    robot.clickOn("#gallery-open");
    assertThat(workbench.document().file().orElseThrow().toString())
        .endsWith("search-ranking.yaml");
    assertThat(workbench.canvas().boxCount()).isGreaterThan(3);
    assertThat(workbench.document().edges()).isNotEmpty();
  }

  @Test
  void fansOutFromTheCanvas(FxRobot robot) {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "ad-click.yaml")));
    robot.clickOn("#node-gateway");
    robot
        .press(KeyCode.SHIFT)
        .clickOn("#node-features")
        .clickOn("#node-ranker")
        .release(KeyCode.SHIFT);
    assertThat(workbench.canvas().selection()).containsExactly("gateway", "features", "ranker");
    robot.clickOn("Edit").clickOn("#menu-fanout");
    assertThat(workbench.document().edges())
        .contains(
            new DesignDocument.Edge("gateway", "features"),
            new DesignDocument.Edge("gateway", "ranker"));
    assertThat(workbench.document().problems()).isEmpty();
    assertThat(robot.lookup("#edge-gateway-ranker").tryQuery()).isPresent();
    robot.clickOn("#undo");
    assertThat(workbench.document().chain()).containsExactly("gateway", "features", "ranker");
  }

  @Test
  void editsTheYamlAndTheDesignsOwnFields(FxRobot robot) {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "mm1.yaml")));
    TextField slo = robot.lookup("#field-slos-tail").queryAs(TextField.class);
    robot
        .clickOn(slo)
        .press(KeyCode.CONTROL)
        .type(KeyCode.A)
        .release(KeyCode.CONTROL)
        .write("p99 < 30s")
        .type(KeyCode.ENTER);
    assertThat(workbench.document().text()).contains("tail: p99 < 30s");
    assertThat(workbench.document().problems()).isEmpty();

    robot.clickOn("YAML");
    javafx.scene.control.TextArea yaml =
        robot.lookup("#yaml").queryAs(javafx.scene.control.TextArea.class);
    robot.interact(() -> yaml.setText(yaml.getText().replace("servers: 1", "servers: 3")));
    robot.clickOn("#yaml-apply");
    assertThat(workbench.document().component("server").orElseThrow().fields())
        .containsEntry("servers", "3");
    robot.interact(() -> yaml.setText(yaml.getText().replace("servers: 3", "servers: three")));
    robot.clickOn("#yaml-apply");
    assertThat(workbench.document().problems()).isNotEmpty();
    assertThat(workbench.statusText()).contains("problem").contains("servers");
    assertThat(workbench.document().text()).contains("servers: three");
    robot.clickOn("#undo");
    assertThat(workbench.document().problems()).isEmpty();
  }

  @Test
  void deleteActsOnlyOnTheCanvas(FxRobot robot) {
    robot.interact(() -> workbench.open(Path.of("..", "assets", "examples", "mm1.yaml")));
    robot.clickOn("#node-server");
    TextField servers = robot.lookup("#field-servers").queryAs(TextField.class);
    robot
        .clickOn(servers)
        .press(KeyCode.CONTROL)
        .type(KeyCode.A)
        .release(KeyCode.CONTROL)
        .write("3")
        .type(KeyCode.TAB)
        .type(KeyCode.BACK_SPACE)
        .type(KeyCode.DELETE);
    assertThat(workbench.document().components()).hasSize(1);
    assertThat(workbench.document().component("server").orElseThrow().fields())
        .containsEntry("servers", "3");
    robot.clickOn("#node-server").type(KeyCode.DELETE);
    assertThat(workbench.document().components()).isEmpty();
  }
}
