package dev.blueprint.edge.coordinator.fl.store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RoundStoreTest}: commits rounds 0 and 1 of {@link Rounds#TASK}, then
 * starts round 2 and halts the JVM (no shutdown hooks, no rollback, no close) at the stage named by
 * the second argument, as a kill -9 would.
 */
final class CrashingCommit {
  private CrashingCommit() {}

  public static void main(String[] args) {
    RoundStore.Stage crashAt = RoundStore.Stage.valueOf(args[1]);
    int[] seen = new int[1];
    RoundStore store =
        new RoundStore(
            Path.of(args[0]),
            stage -> {
              // Rounds 0 and 1 pass the stage too; the third time is round 2.
              if (stage == crashAt && ++seen[0] == 3) {
                Runtime.getRuntime().halt(137);
              }
            });
    store.startTask(Rounds.TASK, Rounds.FILE, Rounds.T0);
    store.commit(Rounds.round(0));
    store.commit(Rounds.round(1));
    store.commit(Rounds.round(2));
    // Not reached: the probe halts during round 2.
    Runtime.getRuntime().halt(3);
  }
}
