package dev.blueprint.edge.coordinator.fl.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.coordinator.fl.task.FederatedTaskParser;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.train.Evaluation;
import dev.blueprint.edge.fl.train.Initialization;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seven held-out WISDM users shipped with wisdm-mlp as seven devices. */
class TaskRunnerTest {
  static final Path MODELS = Path.of("../../models/edge");
  @TempDir Path dir;

  static String taskText(int rounds, String deadline) {
    return """
        id: wisdm-test
        model: wisdm-mlp
        population:
          devices: [u05, u10, u15, u20, u25, u30, u35]
        rounds: %d
        clients_per_round: 4
        over_selection: 0.5
        min_completion: 0.75
        round_deadline: %s
        local: {epochs: 1, batch: 32, lr: 0.02, momentum: 0.9, weight_decay: 0}
        strategy: fedadam
        aggregation: trimmed-mean:0.2
        encoding: int8
        seed: 5
        """
        .formatted(rounds, deadline);
  }

  Graph graph =
      Initialization.KERAS.reinitialise(
          ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 3);
  Wisdm all = Wisdm.read(MODELS.resolve("wisdm-mlp/heldout-users.csv"));

  InProcessDevices devices() {
    InProcessDevices d = new InProcessDevices(graph);
    for (int user : new int[] {5, 10, 15, 20, 25, 30, 35}) {
      LabeledData mine = all.users(u -> u == user).data();
      int[] train = IntStream.range(0, mine.size()).filter(i -> i % 5 != 0).toArray();
      d.add(String.format("u%02d", user), mine.select(train), InProcessDevices.Behaviour.GOOD);
    }
    return d;
  }

  LabeledData test() {
    LabeledData data = all.data();
    return data.select(IntStream.range(0, data.size()).filter(i -> i % 5 == 0).toArray());
  }

  TaskRunner runner(String text, RoundStore store, InProcessDevices d) {
    FederatedTask task = FederatedTaskParser.parse(text, "wisdm-test.yaml", dir);
    return new TaskRunner(
        task,
        text,
        graph,
        task.training(dev.blueprint.edge.coordinator.fl.simulation.FederatedModels.WISDM),
        store,
        d,
        Optional.of(test()),
        Clock.systemUTC());
  }

  @Test
  void aTaskCommitsEveryRoundAndTheModelLearns() throws Exception {
    InProcessDevices d = devices();
    try (RoundStore store = new RoundStore(dir.resolve("rounds.db"))) {
      TaskRunner.Result r = runner(taskText(5, "30s"), store, d).run();
      assertThat(r.lastRound()).isEqualTo(5);
      assertThat(r.roundsCommitted()).isEqualTo(5);
      assertThat(r.roundsFailed()).isZero();
      double start =
          Evaluation.of(Network.of(graph, 64), Network.of(graph, 1).weights(), test()).accuracy();
      assertThat(r.accuracy().getAsDouble()).isGreaterThan(start + 0.2);
      CommittedRound last = store.lastCommitted("wisdm-test").orElseThrow();
      assertThat(last.round()).isEqualTo(5);
      assertThat(last.participants()).hasSize(3);
      assertThat(last.global().bitEquals(r.global())).isTrue();
    } finally {
      d.close();
    }
  }

  @Test
  void stopClosesAWaitingRoundUncommittedAndWithdrawsItsOffers() throws Exception {
    InProcessDevices d = devices();
    for (String id : new String[] {"u05", "u10", "u15", "u20", "u25", "u30", "u35"}) {
      d.set(id, InProcessDevices.Behaviour.SILENT);
    }
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (RoundStore store = new RoundStore(dir.resolve("stop.db"))) {
      TaskRunner runner = runner(taskText(5, "10min"), store, d);
      Future<TaskRunner.Result> running = thread.submit(runner::run);
      // Round 1 waits for updates that never come (its deadline is ten minutes away).
      Thread.sleep(500);
      runner.stop();
      TaskRunner.Result r = running.get(10, TimeUnit.SECONDS);
      assertThat(r.stopped()).isTrue();
      assertThat(r.roundsCommitted()).isZero();
      assertThat(r.lastRound()).isZero();
      assertThat(store.lastCommitted("wisdm-test").orElseThrow().round()).isZero();
      // All six devices asked (four and half again) are told the round is over.
      assertThat(d.withdrawn()).hasSize(6).allMatch(w -> w.endsWith("@1"));
    } finally {
      thread.shutdownNow();
      d.close();
    }
  }

  @Test
  void aTaskStoppedAfterARoundCommitsResumesFromIt() throws Exception {
    InProcessDevices d = devices();
    Path file = dir.resolve("resume.db");
    try (RoundStore store = new RoundStore(file)) {
      TaskRunner runner = runner(taskText(4, "30s"), store, d);
      runner.onCommit(
          c -> {
            if (c.round() == 2) {
              runner.stop();
            }
          });
      TaskRunner.Result first = runner.run();
      assertThat(first.stopped()).isTrue();
      assertThat(first.lastRound()).isEqualTo(2);
      TaskRunner.Result rest = runner(taskText(4, "30s"), store, d).run();
      assertThat(rest.stopped()).isFalse();
      assertThat(rest.resumed()).isTrue();
      assertThat(rest.roundsCommitted()).isEqualTo(2);
      assertThat(rest.lastRound()).isEqualTo(4);
    } finally {
      d.close();
    }
  }

  @Test
  void badUploadsAreRefusedCountedAndNeverAveragedIn() throws Exception {
    InProcessDevices d = devices();
    d.set("u05", InProcessDevices.Behaviour.TRUNCATED);
    d.set("u10", InProcessDevices.Behaviour.TWICE);
    d.set("u15", InProcessDevices.Behaviour.WRONG_ROUND);
    d.set("u20", InProcessDevices.Behaviour.SILENT);
    try (RoundStore store = new RoundStore(dir.resolve("rounds.db"))) {
      TaskRunner.Result r = runner(taskText(4, "3s"), store, d).run();
      assertThat(r.lastRound()).isEqualTo(4);
      int refused = r.rejected().values().stream().mapToInt(Integer::intValue).sum();
      assertThat(refused).isPositive();
      assertThat(r.rejected().keySet())
          .isSubsetOf(
              UpdateRejected.Reason.TRUNCATED,
              UpdateRejected.Reason.DUPLICATE,
              UpdateRejected.Reason.WRONG_ROUND);
      for (long round = 1; round <= 4; round++) {
        CommittedRound c = store.round("wisdm-test", round).orElseThrow();
        assertThat(c.participants())
            .extracting(CommittedRound.Participant::clientId)
            .doesNotContain("u05", "u15", "u20");
        assertThat(c.global().firstNonFinite()).isEqualTo(-1);
      }
    } finally {
      d.close();
    }
  }

  @Test
  void aCoordinatorKilledMidRoundResumesAndAReplayOfItsParticipantsGivesTheSameBits()
      throws Exception {
    InProcessDevices crashing = devices();
    crashing.crashOnRound(3);
    Path file = dir.resolve("crash.db");
    try (RoundStore store = new RoundStore(file)) {
      assertThatThrownBy(() -> runner(taskText(5, "30s"), store, crashing).run())
          .hasMessageContaining("killed in round 3");
      assertThat(store.lastCommitted("wisdm-test").orElseThrow().round()).isEqualTo(2);
    }
    try (RoundStore store = new RoundStore(file)) {
      TaskRunner.Result resumed = runner(taskText(5, "30s"), store, crashing).run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.roundsCommitted()).isEqualTo(3);
      FederatedTask task = FederatedTaskParser.parse(taskText(5, "30s"), "wisdm-test.yaml", dir);
      assertThat(
              RoundReplay.firstDifference(
                  store,
                  task,
                  task.training(dev.blueprint.edge.coordinator.fl.simulation.FederatedModels.WISDM),
                  crashing::answer))
          .isEqualTo(-1);
      // A replay that asks one device for something else is caught at the round it changes.
      assertThat(
              RoundReplay.firstDifference(
                  store,
                  task,
                  task.training(dev.blueprint.edge.coordinator.fl.simulation.FederatedModels.WISDM)
                      .withProximalMu(0.5),
                  crashing::answer))
          .isEqualTo(1);
    } finally {
      crashing.close();
    }
  }
}
