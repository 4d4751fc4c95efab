package dev.blueprint.edge.coordinator.fl.simulation;

import dev.blueprint.edge.fl.train.Initialization;
import dev.blueprint.edge.fl.train.StarterModels;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.shipped.ShippedModel;
import dev.blueprint.edge.shipped.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code --model} names for a federated run: a shipped model's architecture trained from
 * scratch, the NIID-Bench CNN, or a float .bpm file whose weights are the starting point; with the
 * data set its input reads and the local-training defaults the published targets are measured with
 * (docs/federated.md).
 *
 * @param name what was asked for
 * @param initial the global model of round 0
 * @param dataset reads the data set from {@code --data}
 * @param defaults local epochs, batch, learning rate, momentum and weight decay
 * @param defaultPartition the partition when none is given
 */
public record FederatedModels(
    String name,
    Graph initial,
    Function<Path, FederatedDataset> dataset,
    TrainingSettings defaults,
    String defaultPartition) {

  /**
   * Flower's NIID-Bench baseline configuration (baselines/niid_bench/conf/fedavg_base.yaml, read
   * 2026-12): 10 local epochs, batches of 64, SGD learning rate 0.01, momentum 0.9, weight decay
   * 1e-5.
   */
  public static final TrainingSettings NIID_BENCH =
      new TrainingSettings(10, 64, 0.01, 0.9, 1e-5, 0);

  /**
   * wisdm-mlp's federated defaults: one user holds about 150 samples, so two local epochs of
   * batches of 32 are ten steps; the rate was chosen on held-in users (docs/federated.md).
   */
  public static final TrainingSettings WISDM = new TrainingSettings(2, 32, 0.02, 0.9, 0, 0);

  public static FederatedModels resolve(String model, Optional<Path> modelsDir, long seed) {
    if (model.equals(StarterModels.NIID_CNN)) {
      return new FederatedModels(
          model,
          StarterModels.niidCnn(10, seed),
          FederatedDataset::fashionMnist,
          NIID_BENCH,
          "iid");
    }
    Path file = Path.of(model);
    if (model.endsWith(".bpm")) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--model " + model + ": no such file");
      }
      return byInput(model, ModelFile.read(file));
    }
    ShippedModel shipped = ShippedModels.named(model, modelsDir);
    Graph graph = shipped.floatGraph();
    return byInput(model, Initialization.KERAS.reinitialise(graph, seed));
  }

  private static FederatedModels byInput(String name, Graph graph) {
    TensorShape in = graph.input(0).shape();
    if (in.equals(TensorShape.of(43))) {
      return new FederatedModels(name, graph, FederatedDataset::wisdm, WISDM, "by-user");
    }
    if (in.equals(TensorShape.of(28, 28, 1))) {
      return new FederatedModels(name, graph, FederatedDataset::fashionMnist, NIID_BENCH, "iid");
    }
    throw new IllegalArgumentException(
        name
            + ": input "
            + in
            + " matches no federated data set here (WISDM features [43], Fashion-MNIST [28, 28,"
            + " 1])");
  }
}
