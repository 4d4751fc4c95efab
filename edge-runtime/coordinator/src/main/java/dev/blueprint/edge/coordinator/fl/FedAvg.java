package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.Weights;
import java.util.List;

/**
 * FedAvg on the server: the next model is the global model plus the aggregated update. With μ above
 * 0 it is FedProx (Li et al., arXiv 1812.06127), whose difference lies in the clients' loss (they
 * add μ/2 ‖w − global‖²); the server only carries μ to them. No state.
 */
public final class FedAvg implements ServerOptimizer {
  private final double mu;

  /**
   * @param mu FedProx's proximal term, 0 for plain FedAvg
   */
  public FedAvg(double mu) {
    if (!(mu >= 0 && Double.isFinite(mu))) {
      throw new IllegalArgumentException("fedprox mu must be finite and 0 or more, got " + mu);
    }
    this.mu = mu;
  }

  @Override
  public String word() {
    return mu == 0 ? "fedavg" : "fedprox:mu=" + Words.plain(mu);
  }

  @Override
  public Weights step(Weights global, Weights delta) {
    Steps.check(global, delta);
    float[] out = new float[global.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((double) global.get(i) + delta.get(i));
    }
    return Steps.finite(global, out, word());
  }

  @Override
  public List<Weights> state() {
    return List.of();
  }

  @Override
  public void restore(List<Weights> state) {
    Steps.requireCount(state, 0, word());
  }

  @Override
  public double proximalMu() {
    return mu;
  }
}
