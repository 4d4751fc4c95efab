package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.coordinator.fl.simulation.FederatedDataset;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated rounds end to end: real agents (their own state, SQLite and local data folders) and the
 * real coordinator over the embedded broker, on the seven held-out WISDM users shipped with
 * wisdm-mlp (the full data set is not in the repository).
 */
class FlDrillTest {
  static FederatedDataset heldOutUsers() {
    Wisdm all = Wisdm.read(Path.of("../../models/edge/wisdm-mlp/heldout-users.csv"));
    LabeledData data = all.data();
    int[] users = all.users();
    int[] test = IntStream.range(0, data.size()).filter(i -> i % 5 == 0).toArray();
    int[] train = IntStream.range(0, data.size()).filter(i -> i % 5 != 0).toArray();
    return new FederatedDataset(
        "wisdm-heldout",
        data.select(train),
        Optional.of(Arrays.stream(train).map(i -> users[i]).toArray()),
        data.select(test),
        "every fifth sample of the seven users");
  }

  static FlDrill.Options options(double faults, int kills, double malicious, Path work) {
    return new FlDrill.Options(
        6,
        faults,
        malicious,
        malicious > 0 ? "median" : "mean",
        "embedded",
        null,
        null,
        5,
        kills,
        3,
        heldOutUsers(),
        work,
        Duration.ofMinutes(4));
  }

  @Test
  void agentsTrainOverMqttAndTheCommittedRoundsReplayBitForBit(@TempDir Path work)
      throws Exception {
    StringWriter log = new StringWriter();
    FlDrill.Result r = FlDrill.run(options(0, 0, 0, work), new PrintWriter(log, true));
    assertThat(r.roundsCommitted()).as(log.toString()).isEqualTo(5);
    assertThat(r.identicalToUninterrupted()).as(log.toString()).isTrue();
    assertThat(r.updatesAppliedTwice()).isZero();
    assertThat(r.bytesUp()).isPositive();
    // Five rounds of three updates from a fresh model: better than the 1-in-6 of guessing.
    assertThat(r.finalAccuracy()).isGreaterThan(0.3);
  }

  @Test
  void killedAgentsAndAKilledCoordinatorNeitherLoseNorRepeatAnUpdate(@TempDir Path work)
      throws Exception {
    StringWriter log = new StringWriter();
    FlDrill.Result r = FlDrill.run(options(0.6, 2, 0.2, work), new PrintWriter(log, true));
    assertThat(r.roundsCommitted()).as(log.toString()).isEqualTo(5);
    assertThat(r.coordinatorRestarts()).as(log.toString()).isEqualTo(2);
    assertThat(r.kills()).as(log.toString()).isPositive();
    assertThat(r.updatesAppliedTwice()).isZero();
    assertThat(r.identicalToUninterrupted()).as(log.toString()).isTrue();
  }
}
