package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.coordinator.DrillFleet;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
}
