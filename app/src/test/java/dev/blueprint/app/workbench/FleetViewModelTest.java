package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.TensorShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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

  @Test
  void aFederatedTaskWaitsForACoordinatorAndShowsTheParsersLineForAMistake() throws Exception {
    FederatedTaskViewModel task = model.federated();
    Path file =
        Files.writeString(
            dir.resolve("typo.yaml"),
            String.join(
                "\n",
                "id: typo",
                "model: wisdm-mlp",
                "population: {devices: [a, b]}",
                "rounds: 3",
                "clients_per_rnd: 2",
                ""));
    task.taskFileProperty().set(file.toString());
    task.keyFileProperty().set(dir.resolve("rounds.key").toString());
    assertThat(task.canStartProperty().get()).as("no coordinator yet").isFalse();

    model.connect();
    assertThat(task.canStartProperty().get()).isTrue();
    task.start();
    assertThat(task.isRunning()).isFalse();
    assertThat(task.statusProperty().get())
        .startsWith("The task did not run: ")
        .contains(file + ":5:1: field 'clients_per_rnd': unknown field")
        .contains("did you mean 'clients_per_round'?");
    assertThat(task.rounds()).isEmpty();
    assertThat(task.canExportProperty().get()).isFalse();
    assertThat(task.canStartProperty().get()).as("can be tried again").isTrue();
  }

  @Test
  void aFederatedTaskRunsOnThreeAgentsShowsEachRoundExportsTheModelAndResumesFromItsStore()
      throws Exception {
    FederatedTaskViewModel task = model.federated();
    model.connect();
    try (FederatedFleet fleet = new FederatedFleet(dir, model.brokerUrl())) {
      awaitOnline(fleet);
      task.taskFileProperty().set(fleet.task("tiny", 3).toString());
      task.keyFileProperty().set(dir.resolve("missing.key").toString());
      task.start();
      assertThat(task.statusProperty().get())
          .isEqualTo("The task did not run: no such file: " + dir.resolve("missing.key"));

      task.keyFileProperty().set(fleet.key().toString());
      task.start();
      assertThat(task.isRunning()).isFalse();
      assertThat(task.statusProperty().get())
          .startsWith("tiny finished: rounds 1 to 3 committed here (started); 0 failed attempts")
          .contains("final accuracy ");
      assertThat(task.rounds())
          .extracting(FederatedTaskViewModel.Round::round)
          .containsExactly(1L, 2L, 3L);
      for (FederatedTaskViewModel.Round r : task.rounds()) {
        assertThat(r.participants()).isEqualTo(2);
        assertThat(r.bytesUp()).isPositive();
        assertThat(r.accuracy().getAsDouble()).isBetween(0.0, 1.0);
        assertThat(r.loss().getAsDouble()).isPositive();
      }
      assertThat(dir.resolve("tiny.rounds.db")).exists();

      assertThat(task.canExportProperty().get()).isTrue();
      task.export();
      assertThat(task.exportReportProperty().get())
          .startsWith("Wrote " + dir.resolve("tiny.bpm") + "\n")
          .contains("Wrote " + dir.resolve("tiny-int8.bpm") + " (int8")
          .contains("describe the release below and Package");
      assertThat(ModelFile.read(dir.resolve("tiny-int8.bpm")).isQuantized()).isTrue();
      assertThat(ModelFile.read(dir.resolve("tiny.bpm")).isQuantized()).isFalse();
      assertThat(task.canExportProperty().get()).as("exported once").isFalse();

      // Packaged as a signed model bundle, which becomes the rollout's bundle, and rolled out:
      // every agent installs the model the fleet trained, and its health check passes.
      FederatedReleaseViewModel release = task.release();
      assertThat(release.canPackageProperty().get()).as("no counter or keys yet").isFalse();
      release.counterProperty().set("2");
      release.modelKeyFileProperty().set(fleet.modelKey().toString());
      release.keysFileProperty().set(fleet.keysFile().toString());
      release.packageModel();
      assertThat(release.statusProperty().get())
          .startsWith("Wrote " + dir.resolve("tiny-int8.bpb") + ": tiny 1.0.0 (counter 2)");
      assertThat(model.bundleProperty().get()).isEqualTo(dir.resolve("tiny-int8.bpb").toString());
      model.rollOut();
      long rolled = System.nanoTime() + 60_000_000_000L;
      do {
        Thread.sleep(200);
        model.refresh();
        assertThat(System.nanoTime())
            .as("the rollout finishes: %s", model.rolloutProperty().get())
            .isLessThan(rolled);
      } while (!model.rolloutProperty().get().contains(": done"));
      assertThat(model.rolloutProperty().get()).contains("3 healthy").doesNotContain("failed");
      release.packageModel();
      assertThat(release.statusProperty().get())
          .startsWith("Package refused: " + dir.resolve("tiny-int8.bpb"));

      // Started again on the same store: the rounds come back from it and nothing runs twice.
      task.start();
      assertThat(task.rounds())
          .extracting(FederatedTaskViewModel.Round::round)
          .containsExactly(1L, 2L, 3L);
      assertThat(task.statusProperty().get())
          .startsWith("tiny finished: nothing left to run, the round store already holds round 3");
      task.export();
      assertThat(task.exportReportProperty().get())
          .isEqualTo(
              "Export refused: "
                  + dir.resolve("tiny.bpm")
                  + " exists; an export does not replace files");
      assertThat(List.of(task.canStartProperty().get(), task.canExportProperty().get()))
          .containsExactly(true, true);
    }
  }

  @Test
  void stopEndsATaskAfterTheRoundInHandAndStartResumesIt() throws Exception {
    FederatedTaskViewModel task = model.federated();
    model.connect();
    try (FederatedFleet fleet = new FederatedFleet(dir, model.brokerUrl())) {
      awaitOnline(fleet);
      assertThat(task.canStopProperty().get()).as("nothing runs").isFalse();
      task.taskFileProperty().set(fleet.task("halt", 3).toString());
      task.keyFileProperty().set(fleet.key().toString());
      // Stop as round 1 shows up: the runner stops before it offers round 2.
      javafx.collections.ListChangeListener<FederatedTaskViewModel.Round> stopAtRoundOne =
          change -> {
            if (task.rounds().size() == 1 && task.canStopProperty().get()) {
              task.stop();
            }
          };
      task.rounds().addListener(stopAtRoundOne);
      task.start();
      task.rounds().removeListener(stopAtRoundOne);
      assertThat(task.isRunning()).isFalse();
      assertThat(task.statusProperty().get())
          .startsWith("halt stopped after round 1 of 3 (1 committed here)")
          .contains("Start resumes");
      assertThat(task.rounds()).extracting(FederatedTaskViewModel.Round::round).containsExactly(1L);

      task.start();
      assertThat(task.statusProperty().get())
          .startsWith("halt finished: rounds 2 to 3 committed here (resumed)");
      assertThat(task.rounds())
          .extracting(FederatedTaskViewModel.Round::round)
          .containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void aRoundRowNamesEachReasonItsUpdatesWereRefusedFor() {
    Weights w = Weights.zeros(ParameterLayout.of(List.of("w"), List.of(TensorShape.of(2))));
    CommittedRound c =
        new CommittedRound(
            "t",
            4,
            w,
            List.of(),
            List.of(new CommittedRound.Participant("dev-0", 10)),
            1,
            2,
            Map.of(UpdateRejected.Reason.DUPLICATE, 1, UpdateRejected.Reason.NOT_SELECTED, 2),
            100,
            200,
            OptionalDouble.of(0.5),
            OptionalDouble.empty(),
            1.5,
            Instant.EPOCH);
    FederatedTaskViewModel.Round r = FederatedTaskViewModel.Round.of(c);
    assertThat(r.rejected())
        .as("the reasons in the order the runner's enum lists them")
        .isEqualTo(
            "3: "
                + UpdateRejected.Reason.NOT_SELECTED.word()
                + " 2, "
                + UpdateRejected.Reason.DUPLICATE.word()
                + " 1");
    assertThat(List.of(r.round(), r.participants(), r.dropouts(), r.late(), r.bytesUp()))
        .containsExactly(4L, 1, 1, 2, 100L);
    assertThat(FederatedTaskViewModel.percent(r.accuracy())).isEqualTo("50.00 %");
    assertThat(FederatedTaskViewModel.percent(r.loss())).isEqualTo("-");
  }

  /** Waits until every agent of {@code fleet} shows online in the tab's device list. */
  private void awaitOnline(FederatedFleet fleet) throws InterruptedException {
    long until = System.nanoTime() + 20_000_000_000L;
    while (model.devices().stream().filter(d -> "online".equals(d.presence())).count()
        < fleet.size()) {
      assertThat(System.nanoTime()).as("the agents register").isLessThan(until);
      Thread.sleep(100);
      model.refresh();
    }
  }
}
