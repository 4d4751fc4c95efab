package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fleet tab without a window: plain JUnit, jobs run inline by {@link DirectTaskRunner}. */
class FleetViewModelTest {
  @TempDir Path dir;

  private final FleetViewModel model = new FleetViewModel(new DirectTaskRunner());

  @AfterEach
  void stop() {
    model.shutdown();
  }

  @Test
  void theFaultRateIsCheckedAsItIsTypedAndTheDrillWaitsUntilItIsFine() {
    assertThat(model.canDrillProperty().get()).isTrue();
    model.faultRateProperty().set("1.5");
    assertThat(model.faultRateProblemProperty().get())
        .isEqualTo("The fault rate must be a number from 0 to 1, got '1.5'");
    assertThat(model.drillResultProperty().get()).isEqualTo(model.faultRateProblemProperty().get());
    assertThat(model.canDrillProperty().get()).isFalse();
    model.runDrill();
    assertThat(model.isDrilling()).isFalse();

    model.faultRateProperty().set(" 0.25 ");
    assertThat(model.faultRateProblemProperty().get()).isEmpty();
    assertThat(model.drillResultProperty().get()).isEmpty();
    assertThat(model.canDrillProperty().get()).isTrue();
  }

  @Test
  void aCoordinatorStartsOnTheEmbeddedBrokerAndRefusesARolloutWithoutBundleOrDevices()
      throws Exception {
    assertThat(model.canConnectProperty().get()).isTrue();
    model.rollOut();
    assertThat(model.rolloutProperty().get()).isEqualTo("Start a coordinator first.");

    model.connect();
    assertThat(model.isConnected()).isTrue();
    assertThat(model.canConnectProperty().get()).isFalse();
    assertThat(model.connectionProperty().get())
        .startsWith("Coordinator on ")
        .endsWith("(embedded broker)");
    assertThat(model.brokerUrl()).isNotEqualTo("embedded");

    model.bundleProperty().set(dir.resolve("missing.bpb").toString());
    model.rollOut();
    assertThat(model.rolloutProperty().get()).startsWith("No bundle file at ");

    Path bundle = Files.writeString(dir.resolve("some.bpb"), "not really a bundle");
    model.bundleProperty().set(bundle.toString());
    model.refresh();
    assertThat(model.devices()).isEmpty();
    model.rollOut();
    assertThat(model.rolloutProperty().get()).isEqualTo("No device has registered yet.");
  }

  @Test
  void aCoordinatorThatCannotStartSaysWhyAndCanBeTriedAgain() {
    model.brokerProperty().set("not a url");
    model.connect();
    assertThat(model.isConnected()).isFalse();
    assertThat(model.connectionProperty().get()).startsWith("Could not start: ");
    assertThat(model.canConnectProperty().get()).isTrue();
  }
}
