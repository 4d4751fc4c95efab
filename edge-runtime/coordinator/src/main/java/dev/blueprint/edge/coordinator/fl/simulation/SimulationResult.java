package dev.blueprint.edge.coordinator.fl.simulation;

import dev.blueprint.edge.fl.Weights;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A finished simulated run.
 *
 * @param rounds every round, in order
 * @param finalAccuracy the last global model's test accuracy, 0..1
 * @param finalMacroF1 its macro-F1 on the test set
 * @param centralizedAccuracy the centralized baseline's test accuracy, when it was trained
 * @param testSet what the test set is
 * @param secondsPerRound mean wall time of a round
 * @param sampleGradients sample-gradient steps all clients took (the centralized budget)
 * @param finalWeights the last global model
 */
public record SimulationResult(
    List<RoundMetrics> rounds,
    double finalAccuracy,
    double finalMacroF1,
    OptionalDouble centralizedAccuracy,
    String testSet,
    double secondsPerRound,
    long sampleGradients,
    Weights finalWeights) {
  public SimulationResult {
    rounds = List.copyOf(rounds);
  }

  /** The first round whose accuracy reached {@code share} of the final accuracy. */
  public int roundsToReach(double share) {
    for (RoundMetrics r : rounds) {
      if (r.accuracy() >= share * finalAccuracy) {
        return r.round();
      }
    }
    return rounds.size();
  }
}
