package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Killed;
import dev.blueprint.edge.fl.Weights;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One agent's part in {@code drill fl}: where it fails (once, at a stage of a round), whether it is
 * a straggler or an attacker, and when a service manager would start it again.
 */
final class DrillDevice implements Faults {
  /** How an agent fails, once. */
  enum Stage {
    /** Dies before a training step and stays away 20 s. */
    DROPPED,
    /** Dies before a training step and is restarted at once. */
    KILLED_TRAINING,
    /** Dies before sending an update chunk and is restarted at once. */
    KILLED_UPLOAD,
    /** Loses its connection before a training step; reconnects by itself. */
    CUT_OFF
  }

  /** How long a dropped device stays away. */
  static final Duration AWAY = Duration.ofSeconds(20);

  private final Stage stage;
  private final long round;
  private final boolean straggler;
  private final boolean attacker;
  private final AtomicInteger kills;
  private final AtomicBoolean fired = new AtomicBoolean();
  final AtomicReference<Agent> agent = new AtomicReference<>();
  volatile long restartAfterNanos;

  /**
   * @param stage how it fails (null: it does not)
   * @param round the first round it may fail in
   * @param kills counts the agent deaths of the whole drill
   */
  DrillDevice(Stage stage, long round, boolean straggler, boolean attacker, AtomicInteger kills) {
    this.stage = stage;
    this.round = round;
    this.straggler = straggler;
    this.attacker = attacker;
    this.kills = kills;
  }

  @Override
  public void beforeTrainingStep(String task, long r) {
    if (stage == null || r < round) {
      return;
    }
    switch (stage) {
      case DROPPED, KILLED_TRAINING -> {
        if (fired.compareAndSet(false, true)) {
          kills.incrementAndGet();
          restartAfterNanos = System.nanoTime() + (stage == Stage.DROPPED ? AWAY.toNanos() : 0);
          throw new Killed(stage == Stage.DROPPED ? "dropped out" : "killed mid-training");
        }
      }
      case CUT_OFF -> {
        Agent a = agent.get();
        if (a != null && fired.compareAndSet(false, true)) {
          a.dropConnection();
        }
      }
      default -> {}
    }
  }

  @Override
  public void beforeUploadChunk(String task, long r, int chunk) {
    if (stage == Stage.KILLED_UPLOAD && r >= round && fired.compareAndSet(false, true)) {
      kills.incrementAndGet();
      restartAfterNanos = System.nanoTime();
      throw new Killed("killed mid-upload");
    }
  }

  @Override
  public double trainingSlowdown() {
    return straggler ? 3 : 1;
  }

  @Override
  public Weights poison(Weights delta) {
    return attacker ? FlDrill.poison(delta) : delta;
  }
}
