package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.coordinator.DrillFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The fleet tab, driven as a person would: start the coordinator, see a device agent register, roll
 * a signed bundle out to it, then run the fault drill.
 */
@ExtendWith(ApplicationExtension.class)
class FleetPaneTest {
  @TempDir Path dir;
  private Workbench workbench;
  private Agent agent;
  private FederatedFleet federated;

  @Start
  void start(Stage stage) {
    workbench = new Workbench(stage, Optional.empty());
    stage.setScene(workbench.scene());
    stage.setWidth(1366);
    stage.setHeight(768);
    stage.show();
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (federated != null) {
      federated.close();
    }
    workbench.shutdown();
  }

  @Test
  void startsACoordinatorSeesADeviceRollsABundleOutAndRunsTheDrill(FxRobot robot) throws Exception {
    robot.clickOn("Fleet");
    robot.clickOn("#fleet-connect");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.fleet().connected());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#fleet-connection").queryAs(Label.class).getText())
        .contains("embedded broker");

    DrillFleet fleet = new DrillFleet(dir);
    AgentConfig c =
        AgentConfig.of(
            "kitchen-pi",
            workbench.fleet().brokerUrl(),
            dir.resolve("device"),
            fleet.rootFile(),
            DrillFleet.HARDWARE_ID,
            DrillFleet.HARDWARE_KIND);
    Agent.provision(c, fleet.bundle("classifier", 1, true, 4096, 4096));
    agent = Agent.start(c, Faults.NONE);
    @SuppressWarnings("unchecked")
    TableView<Object> table = robot.lookup("#fleet-devices").queryAs(TableView.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 1);

    Path v2 = fleet.bundle("classifier", 2, true, 64 * 1024, 4096);
    robot.clickOn("#fleet-bundle").write(v2.toString());
    robot.clickOn("#fleet-rollout");
    Label state = robot.lookup("#fleet-rollout-state").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> state.getText().contains(": done"));
    assertThat(state.getText()).contains("1 healthy");
    assertThat(agent.installed().get("classifier").counter()).isEqualTo(2);
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> table.getItems().toString().contains("\"counter\":2"));
    assertThat(
            FleetPane.installed(
                "{\"classifier\":{\"version\":\"1.2.0\",\"counter\":2,\"state\":\"committed\"}}"))
        .isEqualTo("classifier 1.2.0 (counter 2, committed)");
    robot.interact(() -> Screenshots.write(workbench.scene(), Path.of("target", "fleet.png")));

    @SuppressWarnings("unchecked")
    Spinner<Integer> devices = robot.lookup("#fleet-drill-devices").queryAs(Spinner.class);
    robot.interact(() -> devices.getValueFactory().setValue(3));
    TextField faults = robot.lookup("#fleet-drill-faults").queryAs(TextField.class);
    robot.doubleClickOn(faults).write("0.3");
    robot.clickOn("#fleet-drill");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> workbench.fleet().drilling());
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !workbench.fleet().drilling());
    WaitForAsyncUtils.waitForFxEvents();
    String result = robot.lookup("#fleet-drill-result").queryAs(Label.class).getText();
    assertThat(result).contains("3 devices: 3 updated", "0 bricked");
    robot.interact(
        () -> Screenshots.write(workbench.scene(), Path.of("target", "fleet-drill.png")));
  }

  @Test
  void startsAFederatedTaskWatchesItsRoundsCommitAndExportsTheModel(FxRobot robot)
      throws Exception {
    robot.clickOn("Fleet");
    robot.clickOn("Federated task");
    Button start = robot.lookup("#fl-start").queryAs(Button.class);
    assertThat(start.isDisabled()).as("no coordinator, task or key").isTrue();
    robot.clickOn("#fleet-connect");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.fleet().connected());
    federated = new FederatedFleet(dir, workbench.fleet().brokerUrl());
    @SuppressWarnings("unchecked")
    TableView<Object> devices = robot.lookup("#fleet-devices").queryAs(TableView.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> devices.getItems().size() == 3);
    FederatedTaskViewModel model = workbench.fleet().federated();
    Label status = robot.lookup("#fl-status").queryAs(Label.class);

    // A mistake in the task file: the parser's file, line and field in the tab.
    Path typo =
        Files.writeString(
            dir.resolve("typo.yaml"),
            "id: typo\nmodel: wisdm-mlp\npopulation: {devices: [dev-0]}\nrounds: 2\n"
                + "clients_per_rnd: 1\n");
    replace(robot, "#fl-task-file", typo.toString());
    replace(robot, "#fl-key-file", federated.key().toString());
    assertThat(start.isDisabled()).isFalse();
    robot.clickOn(start);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("typo.yaml:"));
    assertThat(status.getText()).contains(typo + ":5:1: field 'clients_per_rnd'");

    // The real task: its rounds as they commit, then the export.
    replace(robot, "#fl-task-file", federated.task("tiny", 5).toString());
    robot.clickOn(start);
    assertThat(model.isRunning()).isTrue();
    assertThat(start.isDisabled()).as("one task at a time").isTrue();
    waitFor(120, status, () -> status.getText().startsWith("tiny finished"));
    assertThat(status.getText()).contains("rounds 1 to 5 committed here (started)");
    @SuppressWarnings("unchecked")
    TableView<FederatedTaskViewModel.Round> rounds =
        robot.lookup("#fl-rounds").queryAs(TableView.class);
    assertThat(rounds.getItems())
        .as("the newest round on top")
        .extracting(FederatedTaskViewModel.Round::round)
        .containsExactly(5L, 4L, 3L, 2L, 1L);
    @SuppressWarnings("unchecked")
    LineChart<Number, Number> chart = robot.lookup("#fl-chart").queryAs(LineChart.class);
    assertThat(chart.getData()).extracting(sr -> sr.getData().size()).containsExactly(5, 5);

    robot.clickOn("#fl-export");
    TextArea report = robot.lookup("#fl-export-report").queryAs(TextArea.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> report.getText().contains("int8.bpm"));
    assertThat(report.getText())
        .contains("Wrote " + dir.resolve("tiny.bpm"))
        .contains("describe the release below and Package");
    assertThat(robot.lookup("#fl-export").queryAs(Button.class).isDisabled()).isTrue();

    // Packaged for the rollout: a signed model bundle that becomes the tab's Bundle.
    Button pack = robot.lookup("#fl-package").queryAs(Button.class);
    assertThat(pack.isDisabled()).as("no counter or keys yet").isTrue();
    replace(robot, "#fl-release-counter", "2");
    replace(robot, "#fl-model-key", federated.modelKey().toString());
    replace(robot, "#fl-keys-json", federated.keysFile().toString());
    robot.clickOn(pack);
    Label released = robot.lookup("#fl-release-status").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> released.getText().contains(".bpb"));
    assertThat(released.getText())
        .startsWith("Wrote " + dir.resolve("tiny-int8.bpb") + ": tiny 1.0.0 (counter 2)");
    assertThat(robot.lookup("#fleet-bundle").queryAs(TextField.class).getText())
        .isEqualTo(dir.resolve("tiny-int8.bpb").toString());
    // Let the report's text area lay its new text out before the picture.
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(500);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.write(workbench.scene(), Path.of("target", "fleet-fl.png")));
  }

  /** Waits for {@code condition}; on a timeout, fails with what the status line says. */
  private static void waitFor(int seconds, Label status, Callable<Boolean> condition)
      throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out; the status line says: " + status.getText(), e);
    }
  }

  /** Selects what a text field holds and types {@code text} over it. */
  private static void replace(FxRobot robot, String field, String text) {
    robot.clickOn(field).push(KeyCode.CONTROL, KeyCode.A).write(text);
  }
}
