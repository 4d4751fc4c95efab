package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import java.util.List;

/**
 * FedAvgM (Hsu et al. 2019): server momentum over the aggregated updates, {@code v ← β v + Δ}, then
 * {@code x ← x + η v}. State: the momentum {@code v}, zero before the first round.
 */
public final class FedAvgM implements ServerOptimizer {
  /** Flower's FedAvgM {@code server_learning_rate} default (docs/federated.md). */
  public static final double DEFAULT_ETA = 1.0;

  /** Flower's FedAvgM {@code server_momentum} default (docs/federated.md). */
  public static final double DEFAULT_MOMENTUM = 0.0;

  private final double eta;
  private final double momentum;
  private float[] velocity;
  private ParameterLayout layout;

  /**
   * @param eta server learning rate, above 0
   * @param momentum β, in [0, 1)
   */
  public FedAvgM(double eta, double momentum) {
    if (!(eta > 0 && Double.isFinite(eta))) {
      throw new IllegalArgumentException("fedavgm eta must be a finite number above 0, got " + eta);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "fedavgm momentum must be at least 0 and below 1, got " + momentum);
    }
    this.eta = eta;
    this.momentum = momentum;
  }

  @Override
  public String word() {
    return "fedavgm:momentum=" + Words.plain(momentum) + ",eta=" + Words.plain(eta);
  }

  @Override
  public Weights step(Weights global, Weights delta) {
    Steps.check(global, delta);
    if (layout != null) {
      layout.requireSameAs(global.layout(), "global model");
    }
    int n = global.size();
    float[] v = new float[n];
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double before = velocity == null ? 0 : velocity[i];
      v[i] = (float) (momentum * before + delta.get(i));
      out[i] = (float) (global.get(i) + eta * v[i]);
    }
    Weights next = Steps.finite(global, out, word());
    velocity = v;
    layout = global.layout();
    return next;
  }

  @Override
  public List<Weights> state() {
    return velocity == null ? List.of() : List.of(Weights.of(layout, velocity));
  }

  @Override
  public void restore(List<Weights> state) {
    Steps.requireCount(state, 1, word());
    if (state.isEmpty()) {
      velocity = null;
      layout = null;
    } else {
      velocity = state.get(0).toArray();
      layout = state.get(0).layout();
    }
  }
}
