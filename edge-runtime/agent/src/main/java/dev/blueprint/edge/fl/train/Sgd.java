package dev.blueprint.edge.fl.train;

import java.util.Objects;

/**
 * Mini-batch SGD as PyTorch's {@code torch.optim.SGD} defines it (the optimizer of Flower's and
 * NIID-Bench's baselines): {@code g ← ∇ + λ·w (+ μ·(w − w_global))}, {@code v ← m·v + g}, {@code w
 * ← w − η·v}; the FedProx proximal term (Li et al. 2020) pulls the local model towards the global
 * model the round started from. The velocity starts at zero each round, as a client that builds a
 * new optimizer per round has it.
 */
final class Sgd {
  private final TrainingSettings settings;
  private final float[] velocity;
  private final float[] anchor;

  /**
   * @param anchor the round's global parameters, for the proximal term (read only when μ > 0)
   */
  Sgd(TrainingSettings settings, int size, float[] anchor) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.velocity = new float[size];
    this.anchor = anchor;
  }

  void step(float[] w, float[] grad) {
    float lr = (float) settings.learningRate();
    float momentum = (float) settings.momentum();
    float decay = (float) settings.weightDecay();
    float mu = (float) settings.proximalMu();
    for (int i = 0; i < w.length; i++) {
      float g = grad[i] + decay * w[i];
      if (mu != 0f) {
        g += mu * (w[i] - anchor[i]);
      }
      float v = momentum * velocity[i] + g;
      velocity[i] = v;
      w[i] -= lr * v;
    }
  }
}
