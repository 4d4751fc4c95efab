package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import java.util.List;

/**
 * FedAdagrad, FedAdam and FedYogi as Reddi et al. 2021, "Adaptive Federated Optimization" (arXiv
 * 2003.00295), give them, with the aggregated update Δ in place of a gradient's negative:
 *
 * <pre>
 * m ← β1 m + (1 − β1) Δ
 * v ← v + Δ²                              (FedAdagrad)
 * v ← β2 v + (1 − β2) Δ²                  (FedAdam)
 * v ← v − (1 − β2) Δ² sign(v − Δ²)        (FedYogi)
 * x ← x + η m / (√v + τ)
 * </pre>
 *
 * without bias correction; m and v start at zero. State: m and v, in that order.
 */
public final class AdaptiveOptimizer implements ServerOptimizer {

  /** The second-moment rule, with its word and Flower's defaults (docs/federated.md). */
  public enum Rule {
    ADAGRAD("fedadagrad", 0.1, 0.0, 0.0, 1e-3),
    ADAM("fedadam", 0.1, 0.9, 0.99, 1e-3),
    YOGI("fedyogi", 0.01, 0.9, 0.99, 1e-3);

    final String word;
    final double eta;
    final double beta1;
    final double beta2;
    final double tau;

    Rule(String word, double eta, double beta1, double beta2, double tau) {
      this.word = word;
      this.eta = eta;
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.tau = tau;
    }

    static Rule named(String word) {
      for (Rule r : values()) {
        if (r.word.equals(word)) {
          return r;
        }
      }
      throw new IllegalArgumentException("no adaptive rule '" + word + "'");
    }
  }

  private final Rule rule;
  private final double eta;
  private final double beta1;
  private final double beta2;
  private final double tau;
  private ParameterLayout layout;
  private float[] m;
  private float[] v;

  /**
   * @param eta server learning rate η, above 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1); unused by FedAdagrad
   * @param tau adaptivity τ, above 0
   */
  public AdaptiveOptimizer(Rule rule, double eta, double beta1, double beta2, double tau) {
    this.rule = rule;
    if (!(eta > 0 && Double.isFinite(eta))) {
      throw new IllegalArgumentException(
          rule.word + " eta must be a finite number above 0, got " + eta);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException(rule.word + " beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(rule.word + " beta2 must be in [0, 1), got " + beta2);
    }
    if (!(tau > 0 && Double.isFinite(tau))) {
      throw new IllegalArgumentException(
          rule.word + " tau must be a finite number above 0, got " + tau);
    }
    this.eta = eta;
    this.beta1 = beta1;
    this.beta2 = rule == Rule.ADAGRAD ? 0 : beta2;
    this.tau = tau;
  }

  /** The rule with Flower's defaults. */
  public static AdaptiveOptimizer withDefaults(Rule rule) {
    return new AdaptiveOptimizer(rule, rule.eta, rule.beta1, rule.beta2, rule.tau);
  }

  @Override
  public String word() {
    return rule.word
        + ":eta="
        + Words.plain(eta)
        + ",beta1="
        + Words.plain(beta1)
        + (rule == Rule.ADAGRAD ? "" : ",beta2=" + Words.plain(beta2))
        + ",tau="
        + Words.plain(tau);
  }

  @Override
  public Weights step(Weights global, Weights delta) {
    Steps.check(global, delta);
    if (layout != null) {
      layout.requireSameAs(global.layout(), "global model");
    }
    int n = global.size();
    float[] m2 = new float[n];
    float[] v2 = new float[n];
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double d = delta.get(i);
      double mi = m == null ? 0 : m[i];
      double vi = v == null ? 0 : v[i];
      double d2 = d * d;
      m2[i] = (float) (beta1 * mi + (1 - beta1) * d);
      v2[i] =
          (float)
              switch (rule) {
                case ADAGRAD -> vi + d2;
                case ADAM -> beta2 * vi + (1 - beta2) * d2;
                case YOGI -> vi - (1 - beta2) * d2 * Math.signum(vi - d2);
              };
      out[i] = (float) (global.get(i) + eta * m2[i] / (Math.sqrt(v2[i]) + tau));
    }
    Weights next = Steps.finite(global, out, word());
    m = m2;
    v = v2;
    layout = global.layout();
    return next;
  }

  @Override
  public List<Weights> state() {
    return m == null ? List.of() : List.of(Weights.of(layout, m), Weights.of(layout, v));
  }

  @Override
  public void restore(List<Weights> state) {
    Steps.requireCount(state, 2, word());
    if (state.isEmpty()) {
      m = null;
      v = null;
      layout = null;
    } else {
      m = state.get(0).toArray();
      v = state.get(1).toArray();
      layout = state.get(0).layout();
    }
  }
}
