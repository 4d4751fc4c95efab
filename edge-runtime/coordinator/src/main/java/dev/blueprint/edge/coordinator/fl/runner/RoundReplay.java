package dev.blueprint.edge.coordinator.fl.runner;

import dev.blueprint.edge.coordinator.fl.ClientUpdate;
import dev.blueprint.edge.coordinator.fl.ServerOptimizer;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Replays a task from round 0 with exactly the participants each committed round records, asking
 * each again for its update, and checks every round's model against the stored one bit for bit:
 * what "identical to uninterrupted" means for a task whose coordinator was killed and resumed
 * (which devices answer first is up to the network; given the same participants, nothing else may
 * differ).
 */
public final class RoundReplay {
  private RoundReplay() {}

  /**
   * @param answer what a device uploads for an offer (deterministic in the offer's seed)
   * @return the first round whose replayed model differs from the stored one, or -1 if none does
   */
  public static long firstDifference(
      RoundStore store,
      FederatedTask task,
      TrainingSettings local,
      BiFunction<String, RoundOffer, Upload> answer) {
    CommittedRound start =
        store
            .round(task.id(), 0)
            .orElseThrow(
                () -> new IllegalArgumentException("task " + task.id() + " has no round 0"));
    Weights global = start.global();
    ServerOptimizer server = task.newOptimizer();
    long last = store.lastCommitted(task.id()).map(CommittedRound::round).orElse(0L);
    for (long r = 1; r <= last; r++) {
      CommittedRound stored = store.round(task.id(), r).orElseThrow();
      List<ClientUpdate> updates = new ArrayList<>();
      for (CommittedRound.Participant p : stored.participants()) {
        RoundOffer offer =
            new RoundOffer(
                task.id(),
                r,
                global,
                local,
                task.encoding(),
                TaskRunner.deviceSeed(task.seed(), r, p.clientId()),
                Instant.MAX);
        Upload u = answer.apply(p.clientId(), offer);
        Weights delta = UpdateCodec.decode(u.bytes(), global.layout(), r, task.id()).delta();
        updates.add(new ClientUpdate(p.clientId(), delta, u.samples()));
      }
      global = server.step(global, task.aggregation().aggregate(updates));
      if (!global.bitEquals(stored.global())) {
        return r;
      }
    }
    return -1;
  }
}
