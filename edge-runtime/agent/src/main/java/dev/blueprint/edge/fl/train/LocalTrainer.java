package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.Weights;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One round of local training: starting from the global model, {@code epochs} shuffled passes of
 * mini-batch SGD over the device's own samples. The same seed gives the same result bit for bit (a
 * coordinator replaying a round relies on it). The stop signal is read before every step, so a
 * device that stops being eligible (unplugged, metered, busy) stops within one step.
 */
public final class LocalTrainer {
  private final Network network;
  private final float[] features;
  private final int[] labels;

  public LocalTrainer(Network network) {
    this.network = Objects.requireNonNull(network, "network");
    this.features = new float[network.maxBatch() * network.sampleShape().size()];
    this.labels = new int[network.maxBatch()];
  }

  public Network network() {
    return network;
  }

  /** What a round of local training produced. */
  public record Result(
      Weights weights,
      long samples,
      long steps,
      long sampleGradients,
      double meanLoss,
      boolean completed) {}

  public Result train(
      Weights global,
      LabeledData data,
      TrainingSettings settings,
      long seed,
      BooleanSupplier keepGoing) {
    return train(global, data, settings, seed, Long.MAX_VALUE, keepGoing);
  }

  /**
   * As {@link #train(Weights, LabeledData, TrainingSettings, long, BooleanSupplier)}, but stops
   * once {@code sampleBudget} sample gradients have been taken, and otherwise runs as many epochs
   * as that takes (ignoring the settings' epoch count when the budget is finite): the centralized
   * baseline of a federated run takes exactly as many sample-gradient steps as all its clients did.
   */
  public Result train(
      Weights global,
      LabeledData data,
      TrainingSettings settings,
      long seed,
      long sampleBudget,
      BooleanSupplier keepGoing) {
    if (settings.batchSize() > network.maxBatch()) {
      throw new IllegalArgumentException(
          "batch of "
              + settings.batchSize()
              + " samples; the network was built for at most "
              + network.maxBatch());
    }
    if (!data.sampleShape().equals(network.sampleShape())) {
      throw new IllegalArgumentException(
          "samples of shape "
              + data.sampleShape()
              + " for a model that reads "
              + network.sampleShape());
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("no local samples to train on");
    }
    network.setWeights(global);
    float[] w = network.parameterArray();
    float[] anchor = settings.proximalMu() > 0 ? global.toArray() : null;
    Sgd sgd = new Sgd(settings, w.length, anchor);
    SplittableRandom random = new SplittableRandom(seed);
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long steps = 0;
    long seen = 0;
    double lossSum = 0;
    int[] pick = new int[0];
    boolean budgeted = sampleBudget != Long.MAX_VALUE;
    for (int epoch = 0; budgeted ? seen < sampleBudget : epoch < settings.epochs(); epoch++) {
      shuffle(order, random);
      for (int from = 0; from < n && seen < sampleBudget; from += settings.batchSize()) {
        if (!keepGoing.getAsBoolean()) {
          return new Result(network.weights(), n, steps, seen, mean(lossSum, seen), false);
        }
        int batch = (int) Math.min(Math.min(settings.batchSize(), n - from), sampleBudget - seen);
        if (pick.length != batch) {
          pick = new int[batch];
        }
        System.arraycopy(order, from, pick, 0, batch);
        data.gather(pick, features);
        for (int s = 0; s < batch; s++) {
          labels[s] = data.label(pick[s]);
        }
        double loss = network.lossAndGradients(features, labels, batch);
        sgd.step(w, network.gradientArray());
        lossSum += loss * batch;
        seen += batch;
        steps++;
      }
    }
    return new Result(network.weights(), n, steps, seen, mean(lossSum, seen), true);
  }

  private static double mean(double sum, long count) {
    return count == 0 ? Double.NaN : sum / count;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
