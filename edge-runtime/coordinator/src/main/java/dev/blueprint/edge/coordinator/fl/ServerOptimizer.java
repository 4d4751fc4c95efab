package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.Weights;
import java.util.List;

/**
 * How the server moves the global model by a round's aggregated update (docs/federated.md,
 * "Strategies and aggregation"): FedAvg adds it, FedAvgM adds a momentum of it, FedAdam, FedYogi
 * and FedAdagrad (Reddi et al. 2021, "Adaptive Federated Optimization") scale it per coordinate by
 * a running second moment. FedProx is FedAvg on the server; its proximal term μ is the clients',
 * and {@link #proximalMu()} carries it to them.
 *
 * <p>An optimizer holds state across rounds (momentum, first and second moments) as float32
 * vectors; {@link #state()} exports it and {@link #restore} brings it back, so a coordinator killed
 * after committing a round resumes bit for bit. Not thread-safe: one task steps it, one round at a
 * time.
 */
public interface ServerOptimizer {

  /** The task-file word, every parameter included, that {@link #parse} reads back. */
  String word();

  /**
   * The next global model.
   *
   * @param global the model the round's clients started from
   * @param delta the aggregated update (client models − global), finite
   * @throws IllegalArgumentException if the layouts differ, {@code delta} is not finite or the step
   *     would make the model non-finite; the state is then unchanged
   */
  Weights step(Weights global, Weights delta);

  /** The state to commit with the round: empty before the first step. */
  List<Weights> state();

  /**
   * Puts back a state from {@link #state()}, of an optimizer of the same word.
   *
   * @throws IllegalArgumentException if the number of vectors is not this optimizer's, or they are
   *     not finite or differ in layout
   */
  void restore(List<Weights> state);

  /** The proximal term μ clients add to their loss (FedProx); 0 for the others. */
  default double proximalMu() {
    return 0;
  }

  /** The names {@link #parse} knows, for messages and help. */
  String KNOWN = "fedavg, fedavgm, fedprox, fedadam, fedyogi, fedadagrad";

  /**
   * Reads a task-file word, parameters after a colon as {@code key=value} (the first may leave its
   * key out): {@code fedavg}; {@code fedavgm[:momentum=0.9,eta=1]}; {@code fedprox:mu=0.01} (μ
   * required); {@code fedadam}, {@code fedyogi} {@code [:eta=..,beta1=..,beta2=..,tau=..]}; {@code
   * fedadagrad[:eta=..,beta1=..,tau=..]}. Defaults in docs/federated.md.
   *
   * @return a fresh optimizer with no state
   * @throws IllegalArgumentException naming the word, the bad value and what is accepted
   */
  static ServerOptimizer parse(String word) {
    String name = word.strip();
    int colon = name.indexOf(':');
    name = colon < 0 ? name : name.substring(0, colon);
    switch (name) {
      case "fedavg":
        Words.split("strategy", word, null, List.of());
        return new FedAvg(0);
      case "fedprox":
        {
          Words w = Words.split("strategy", word, "mu", List.of("mu"));
          if (!w.has("mu")) {
            throw w.problem("fedprox needs its proximal term, e.g. fedprox:mu=0.01");
          }
          return new FedAvg(w.nonNegative("mu", 0));
        }
      case "fedavgm":
        {
          Words w = Words.split("strategy", word, "momentum", List.of("momentum", "eta"));
          return new FedAvgM(
              w.positive("eta", FedAvgM.DEFAULT_ETA),
              w.number("momentum", FedAvgM.DEFAULT_MOMENTUM, 0, 1, false));
        }
      case "fedadam":
      case "fedyogi":
      case "fedadagrad":
        {
          AdaptiveOptimizer.Rule rule = AdaptiveOptimizer.Rule.named(name);
          List<String> keys =
              rule == AdaptiveOptimizer.Rule.ADAGRAD
                  ? List.of("eta", "beta1", "tau")
                  : List.of("eta", "beta1", "beta2", "tau");
          Words w = Words.split("strategy", word, "eta", keys);
          return new AdaptiveOptimizer(
              rule,
              w.positive("eta", rule.eta),
              w.number("beta1", rule.beta1, 0, 1, false),
              w.number("beta2", rule.beta2, 0, 1, false),
              w.positive("tau", rule.tau));
        }
      default:
        throw new IllegalArgumentException("unknown strategy '" + word + "'; known: " + KNOWN);
    }
  }
}
