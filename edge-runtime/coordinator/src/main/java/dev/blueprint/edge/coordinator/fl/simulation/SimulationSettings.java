package dev.blueprint.edge.coordinator.fl.simulation;

import dev.blueprint.edge.fl.train.TrainingSettings;
import java.util.Objects;

/**
 * One simulated federated run.
 *
 * @param rounds rounds to run
 * @param clientsPerRound clients drawn (uniformly, without replacement) each round
 * @param local how each client trains
 * @param strategy the server strategy, as a task file writes it (e.g. {@code fedavg}, {@code
 *     fedprox:0.01})
 * @param aggregation how updates are combined (e.g. {@code mean}, {@code trimmed-mean:0.1})
 * @param encoding how clients encode updates ({@code float32}, {@code int8}, {@code top-k:0.1})
 * @param seed the seed every random choice of the run derives from
 * @param centralized whether to train the centralized baseline too
 * @param threads clients trained at once (at least 1)
 * @param maliciousShare the share of clients, drawn once with the seed, that send their update
 *     sign-flipped and scaled by {@link #MALICIOUS_SCALE} (a model-poisoning attack)
 */
public record SimulationSettings(
    int rounds,
    int clientsPerRound,
    TrainingSettings local,
    String strategy,
    String aggregation,
    String encoding,
    long seed,
    boolean centralized,
    int threads,
    double maliciousShare) {
  /** A malicious client sends −10 × its honest update. */
  public static final double MALICIOUS_SCALE = -10;

  /** Settings without malicious clients. */
  public SimulationSettings(
      int rounds,
      int clientsPerRound,
      TrainingSettings local,
      String strategy,
      String aggregation,
      String encoding,
      long seed,
      boolean centralized,
      int threads) {
    this(
        rounds,
        clientsPerRound,
        local,
        strategy,
        aggregation,
        encoding,
        seed,
        centralized,
        threads,
        0);
  }

  public SimulationSettings {
    if (!(maliciousShare >= 0 && maliciousShare < 1)) {
      throw new IllegalArgumentException(
          "the malicious share must be in [0, 1), got " + maliciousShare);
    }
    Objects.requireNonNull(local, "local");
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    if (clientsPerRound < 1) {
      throw new IllegalArgumentException(
          "clients per round must be at least 1, got " + clientsPerRound);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }
}
