package dev.blueprint.edge.fl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NetworkTest {
  static final Path MODELS = Path.of("../../models/edge");

  static LabeledData wisdmHeldOut() {
    return Wisdm.read(MODELS.resolve("wisdm-mlp/heldout-users.csv")).data();
  }

  static LabeledData fashionHeldOut() {
    Path dir = MODELS.resolve("fashion-cnn");
    return FashionMnist.read(
        dir.resolve("heldout-images-idx3-ubyte.gz"), dir.resolve("heldout-labels-idx1-ubyte.gz"));
  }

  @Test
  void theShippedModelsReadAsTrainableNetworksThatComputeWhatTheInterpreterComputes() {
    assertSameAsInterpreter(
        ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), wisdmHeldOut());
    assertSameAsInterpreter(
        ModelFile.read(MODELS.resolve("fashion-cnn/fashion-cnn.bpm")), fashionHeldOut());
    assertSameAsInterpreter(StarterModels.niidCnn(10, 3), fashionHeldOut());
  }

  @Test
  void theNiidBenchCnnHasThePublishedShape() {
    Network net = Network.of(StarterModels.niidCnn(10, 1), 8);
    assertThat(net.layout().size()).isEqualTo(44_426);
    assertThat(net.layout().tensorCount()).isEqualTo(10);
    assertThat(net.sampleShape()).isEqualTo(TensorShape.of(28, 28, 1));
  }

  @Test
  void trainingLowersTheLossIsReproducibleAndExportsAGraphTheInterpreterRuns() {
    LabeledData data = wisdmHeldOut();
    Graph fresh =
        Initialization.KERAS.reinitialise(
            ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 11);
    Network net = Network.of(fresh, 32);
    Weights start = net.weights();
    TrainingSettings settings = new TrainingSettings(3, 32, 0.05, 0.9, 1e-4, 0);
    LocalTrainer trainer = new LocalTrainer(net);
    Evaluation before = Evaluation.of(net, start, data);
    LocalTrainer.Result first = trainer.train(start, data, settings, 5, () -> true);
    LocalTrainer.Result again = trainer.train(start, data, settings, 5, () -> true);
    Evaluation after = Evaluation.of(net, first.weights(), data);

    assertThat(first.completed()).isTrue();
    assertThat(first.steps()).isEqualTo(3L * ((data.size() + 31) / 32));
    assertThat(first.sampleGradients()).isEqualTo(3L * data.size());
    assertThat(after.loss()).isLessThan(before.loss() * 0.7);
    assertThat(after.accuracy()).isGreaterThan(before.accuracy() + 0.2);
    assertThat(first.weights().bitEquals(again.weights())).as("same seed, same bits").isTrue();
    assertThat(
            trainer
                .train(start, data, settings, 6, () -> true)
                .weights()
                .bitEquals(first.weights()))
        .as("another seed shuffles differently")
        .isFalse();

    Graph trained = net.toGraph(first.weights());
    assertSameAsInterpreter(trained, data);
    assertThat(Evaluation.of(Network.of(trained, 16), first.weights(), data).accuracy())
        .isEqualTo(after.accuracy());
  }

  @Test
  void theProximalTermKeepsTheLocalModelNearTheGlobalOne() {
    LabeledData data = wisdmHeldOut().slice(0, 256);
    Network net =
        Network.of(
            Initialization.KERAS.reinitialise(
                ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 2),
            32);
    Weights global = net.weights();
    LocalTrainer trainer = new LocalTrainer(net);
    TrainingSettings plain = new TrainingSettings(2, 32, 0.05, 0.0, 0, 0);
    double freeDrift =
        trainer.train(global, data, plain, 1, () -> true).weights().minus(global).norm();
    double proxDrift =
        trainer
            .train(global, data, plain.withProximalMu(5.0), 1, () -> true)
            .weights()
            .minus(global)
            .norm();
    assertThat(proxDrift).isLessThan(freeDrift * 0.8);
  }

  @Test
  void aStopSignalEndsTrainingBeforeTheNextStep() {
    LabeledData data = wisdmHeldOut();
    Network net = Network.of(ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 32);
    AtomicInteger asked = new AtomicInteger();
    LocalTrainer.Result r =
        new LocalTrainer(net)
            .train(
                net.weights(),
                data,
                new TrainingSettings(5, 32, 0.01, 0.9, 0, 0),
                1,
                () -> asked.incrementAndGet() <= 3);
    assertThat(r.completed()).isFalse();
    assertThat(r.steps()).isEqualTo(3);
  }

  @Test
  void aSampleBudgetRunsAsManyEpochsAsItTakesAndStopsMidEpoch() {
    LabeledData data = wisdmHeldOut().slice(0, 100);
    Network net = Network.of(ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp.bpm")), 32);
    LocalTrainer.Result r =
        new LocalTrainer(net)
            .train(
                net.weights(),
                data,
                new TrainingSettings(1, 32, 0.01, 0.9, 0, 0),
                1,
                250,
                () -> true);
    assertThat(r.sampleGradients()).isEqualTo(250);
    // two whole epochs of 32+32+32+4, then 32 and 18 of the third
    assertThat(r.steps()).isEqualTo(10);
  }

  @Test
  void graphsItCannotTrainAreRefusedByName() {
    Graph int8 = ModelFile.read(MODELS.resolve("wisdm-mlp/wisdm-mlp-int8.bpm"));
    assertThatThrownBy(() -> Network.of(int8, 8)).hasMessageContaining("int8 model");
    Network net = Network.of(StarterModels.niidCnn(10, 1), 4);
    assertThatThrownBy(
            () ->
                new LocalTrainer(net)
                    .train(
                        net.weights(),
                        wisdmHeldOut(),
                        new TrainingSettings(1, 4, 0.01, 0, 0, 0),
                        1,
                        () -> true))
        .hasMessageContaining("samples of shape [43]");
  }

  private static void assertSameAsInterpreter(Graph graph, LabeledData data) {
    int batch = 16;
    Network net = Network.of(graph, batch);
    int size = data.sampleShape().size();
    float[] x = data.features(0, batch);
    float[] logits = net.logits(x, batch).clone();
    int[] dims = new int[data.sampleShape().rank() + 1];
    dims[0] = batch;
    System.arraycopy(data.sampleShape().dims(), 0, dims, 1, dims.length - 1);
    float[] probs = new Interpreter(graph).run(Tensor.of(TensorShape.of(dims), x)).floats();
    int classes = net.classes();
    assertThat(probs).hasSize(batch * classes);
    for (int s = 0; s < batch; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[s * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[s * classes + c] - max);
      }
      for (int c = 0; c < classes; c++) {
        double p = Math.exp(logits[s * classes + c] - max) / sum;
        assertThat((double) probs[s * classes + c]).isCloseTo(p, offset(2e-5));
      }
    }
    assertThat(size).isPositive();
  }
}
