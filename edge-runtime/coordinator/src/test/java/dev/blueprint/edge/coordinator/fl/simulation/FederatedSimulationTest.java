package dev.blueprint.edge.coordinator.fl.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.train.Evaluation;
import dev.blueprint.edge.fl.train.Initialization;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the seven held-out WISDM users shipped with wisdm-mlp (the full data set is not in the
 * repository): each person is a client, and every fifth of their samples is held back as the test
 * set.
 */
class FederatedSimulationTest {
  static final Path MODELS = Path.of("../../models/edge");
  static final TrainingSettings LOCAL = new TrainingSettings(1, 32, 0.02, 0.9, 0, 0);

  static FederatedDataset smallWisdm() {
    Wisdm all = Wisdm.read(MODELS.resolve("wisdm-mlp/heldout-users.csv"));
    LabeledData data = all.data();
    int[] users = all.users();
    // every fifth sample of each person is the test set; the rest stay with their owner
    int[] test = IntStream.range(0, data.size()).filter(i -> i % 5 == 0).toArray();
    int[] train = IntStream.range(0, data.size()).filter(i -> i % 5 != 0).toArray();
    int[] trainUsers = Arrays.stream(train).map(i -> users[i]).toArray();
    return new FederatedDataset(
        "wisdm-heldout",
        data.select(train),
        Optional.of(trainUsers),
        data.select(test),
        "every fifth sample of the seven users");
  }

  static Graph fresh() {
    return Initialization.KERAS.reinitialise(
        ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 3);
  }

  static SimulationResult run(String encoding, String aggregation, int threads, boolean central) {
    FederatedDataset data = smallWisdm();
    Partition p = Partition.byUser(data.users().orElseThrow());
    SimulationSettings s =
        new SimulationSettings(6, 3, LOCAL, "fedavg", aggregation, encoding, 7, central, threads);
    return new FederatedSimulation(fresh(), data, p, s).run(m -> {});
  }

  @Test
  void federatedTrainingLearnsAndRepeatsBitForBitWhateverTheThreads() {
    SimulationResult one = run("float32", "mean", 1, false);
    SimulationResult two = run("float32", "mean", 2, false);
    assertThat(one.rounds()).hasSize(6);
    assertThat(one.rounds()).allMatch(r -> r.participants() == 3);
    assertThat(one.finalWeights().bitEquals(two.finalWeights())).isTrue();
    LabeledData test = smallWisdm().test();
    Evaluation start =
        Evaluation.of(Network.of(fresh(), 64), Network.of(fresh(), 1).weights(), test);
    assertThat(one.rounds().get(5).loss()).isLessThan(start.loss() * 0.8);
    assertThat(one.finalAccuracy()).isGreaterThan(start.accuracy() + 0.2);
  }

  @Test
  void int8UploadsStayWithinTheirBoundAndLandNearFloat() {
    SimulationResult exact = run("float32", "mean", 2, false);
    SimulationResult int8 = run("int8", "mean", 2, false);
    var layout = Network.of(fresh(), 1).layout();
    long bound = UpdateCodec.int8UploadBoundBytes(layout);
    for (RoundMetrics r : int8.rounds()) {
      assertThat(r.bytesUp()).isLessThanOrEqualTo(bound * r.participants());
    }
    long floatUp = exact.rounds().get(0).bytesUp();
    assertThat((double) floatUp / int8.rounds().get(0).bytesUp()).isGreaterThanOrEqualTo(3.9);
    assertThat(Math.abs(int8.finalAccuracy() - exact.finalAccuracy())).isLessThan(0.05);
  }

  @Test
  void theCentralizedBaselineTakesTheSameSampleGradients() {
    SimulationResult r = run("float32", "mean", 2, true);
    // six rounds of three clients, one epoch each: every client sample once per participation
    assertThat(r.sampleGradients()).isBetween(6L * 3 * 100, 6L * 3 * 300);
    assertThat(r.centralizedAccuracy()).isPresent();
    assertThat(r.centralizedAccuracy().getAsDouble()).isGreaterThan(0.3);
  }

  @Test
  void aRunContinuedFromItsCheckpointEndsBitForBitWhereAnUnbrokenRunEnds(@TempDir Path dir) {
    FederatedDataset data = smallWisdm();
    Partition p = Partition.byUser(data.users().orElseThrow());
    Path file = dir.resolve("run.checkpoint");
    SimulationSettings six =
        new SimulationSettings(
            6, 3, LOCAL, "fedadam", "trimmed-mean:0.2", "int8+top-k:0.1", 9, false, 2);
    SimulationSettings three =
        new SimulationSettings(
            3, 3, LOCAL, "fedadam", "trimmed-mean:0.2", "int8+top-k:0.1", 9, false, 1);
    SimulationResult unbroken = new FederatedSimulation(fresh(), data, p, six).run(m -> {});
    FederatedSimulation first = new FederatedSimulation(fresh(), data, p, three);
    first.run(Optional.empty(), c -> c.write(file), m -> {});
    FederatedSimulation second = new FederatedSimulation(fresh(), data, p, six);
    SimulationCheckpoint saved =
        SimulationCheckpoint.read(file, second.fingerprint(), Network.of(fresh(), 1).layout());
    assertThat(saved.rounds()).hasSize(3);
    SimulationResult resumed = second.run(Optional.of(saved), c -> {}, m -> {});
    assertThat(resumed.rounds()).hasSize(6);
    assertThat(resumed.finalWeights().bitEquals(unbroken.finalWeights())).isTrue();

    SimulationSettings other =
        new SimulationSettings(6, 3, LOCAL, "fedavg", "mean", "float32", 9, false, 1);
    String otherRun = new FederatedSimulation(fresh(), data, p, other).fingerprint();
    assertThatThrownBy(
            () -> SimulationCheckpoint.read(file, otherRun, Network.of(fresh(), 1).layout()))
        .hasMessageContaining("a checkpoint of another run");
  }

  @Test
  void signFlippingClientsWreckTheMeanButNotTheMedian() {
    FederatedDataset data = smallWisdm();
    Partition p = Partition.byUser(data.users().orElseThrow());
    SimulationSettings attackedMean =
        new SimulationSettings(8, 5, LOCAL, "fedavg", "mean", "float32", 7, false, 2, 0.3);
    SimulationSettings attackedMedian =
        new SimulationSettings(8, 5, LOCAL, "fedavg", "median", "float32", 7, false, 2, 0.3);
    FederatedSimulation mean = new FederatedSimulation(fresh(), data, p, attackedMean);
    assertThat(mean.malicious()).hasSize(2); // floor(0.3 × 7)
    SimulationResult wrecked = mean.run(m -> {});
    SimulationResult robust =
        new FederatedSimulation(fresh(), data, p, attackedMedian).run(m -> {});
    assertThat(robust.finalAccuracy()).isGreaterThan(wrecked.finalAccuracy() + 0.2);
  }

  @Test
  void impossibleSettingsAreRefusedBeforeAnyWork() {
    FederatedDataset data = smallWisdm();
    Partition p = Partition.byUser(data.users().orElseThrow());
    assertThatThrownBy(
            () ->
                new FederatedSimulation(
                    fresh(),
                    data,
                    p,
                    new SimulationSettings(1, 8, LOCAL, "fedavg", "mean", "float32", 1, false, 1)))
        .hasMessageContaining("8 clients per round, but the partition has 7");
    assertThatThrownBy(
            () ->
                new FederatedSimulation(
                    fresh(),
                    data,
                    p,
                    new SimulationSettings(1, 2, LOCAL, "fedsgd", "mean", "float32", 1, false, 1)))
        .hasMessageContaining("fedsgd");
  }
}
