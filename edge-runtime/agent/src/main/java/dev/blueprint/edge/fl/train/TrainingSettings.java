package dev.blueprint.edge.fl.train;

/**
 * How a device trains in one round.
 *
 * @param epochs passes over the local data
 * @param batchSize samples per step (the last batch of an epoch may be smaller)
 * @param learningRate SGD step size η
 * @param momentum SGD momentum m (0 for none)
 * @param weightDecay L2 coefficient λ added to the gradient
 * @param proximalMu FedProx μ (0 for plain local SGD)
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    double learningRate,
    double momentum,
    double weightDecay,
    double proximalMu) {
  public TrainingSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("local epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    if (!(proximalMu >= 0) || !Double.isFinite(proximalMu)) {
      throw new IllegalArgumentException("FedProx mu must be >= 0, got " + proximalMu);
    }
  }

  public TrainingSettings withProximalMu(double mu) {
    return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, mu);
  }
}
