package dev.blueprint.edge.coordinator.fl.store;

import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.Weights;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One round as the coordinator commits it. Round 0 is the starting model (no participants); round r
 * is the model after aggregating round r's updates.
 *
 * @param taskId the task
 * @param round 0 for the starting model, then 1, 2, ...
 * @param global the global model after this round, finite
 * @param optimizerState the server optimizer's {@code state()} after this round, each vector in the
 *     global model's layout (empty for FedAvg and before the first step)
 * @param participants the clients whose updates were applied, with their sample counts
 * @param dropped selected clients that never answered
 * @param late updates that arrived after the round aggregated
 * @param rejected refused updates by reason
 * @param bytesUp update bytes received in the round
 * @param bytesDown model bytes sent in the round
 * @param accuracy held-out accuracy after the round (a fraction), if evaluated
 * @param loss held-out mean loss after the round, if evaluated
 * @param seconds the round's wall time
 * @param committedAt when it was committed
 */
public record CommittedRound(
    String taskId,
    long round,
    Weights global,
    List<Weights> optimizerState,
    List<Participant> participants,
    int dropped,
    int late,
    Map<UpdateRejected.Reason, Integer> rejected,
    long bytesUp,
    long bytesDown,
    OptionalDouble accuracy,
    OptionalDouble loss,
    double seconds,
    Instant committedAt) {

  /** A client whose update was applied, with the sample count it reported. */
  public record Participant(String clientId, long samples) {
    public Participant {
      Objects.requireNonNull(clientId, "clientId");
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("a client id is empty");
      }
      if (samples < 0) {
        throw new IllegalArgumentException(clientId + ": negative sample count " + samples);
      }
    }
  }

  public CommittedRound {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(global, "global");
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(committedAt, "committedAt");
    optimizerState = List.copyOf(optimizerState);
    participants = List.copyOf(participants);
    Map<UpdateRejected.Reason, Integer> r = new EnumMap<>(UpdateRejected.Reason.class);
    r.putAll(rejected);
    rejected = Map.copyOf(r);
    if (round < 0) {
      throw new IllegalArgumentException("round " + round + " is negative");
    }
    int bad = global.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "round " + round + ": the global model is not finite at parameter " + bad);
    }
    for (Weights s : optimizerState) {
      global.layout().requireSameAs(s.layout(), "round " + round + " optimizer state");
      if (s.firstNonFinite() >= 0) {
        throw new IllegalArgumentException("round " + round + ": optimizer state is not finite");
      }
    }
    Set<String> seen = new HashSet<>();
    for (Participant p : participants) {
      if (!seen.add(p.clientId())) {
        throw new IllegalArgumentException(
            "round " + round + ": client " + p.clientId() + " is listed twice");
      }
    }
    for (Map.Entry<UpdateRejected.Reason, Integer> e : rejected.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException("round " + round + ": negative count for " + e.getKey());
      }
    }
    if (dropped < 0 || late < 0 || bytesUp < 0 || bytesDown < 0 || !(seconds >= 0)) {
      throw new IllegalArgumentException(
          "round " + round + ": counts, bytes and seconds must not be negative");
    }
  }

  /** Every refused update of the round, whatever the reason. */
  public int rejectedTotal() {
    return rejected.values().stream().mapToInt(Integer::intValue).sum();
  }
}
