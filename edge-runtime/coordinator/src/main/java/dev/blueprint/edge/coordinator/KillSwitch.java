package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.coordinator.fl.runner.RoundOffer;
import dev.blueprint.edge.coordinator.fl.runner.RoundTransport;
import dev.blueprint.edge.coordinator.fl.runner.Upload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A drill's coordinator crash, placed in the task runner's own path so it lands where the plan says
 * however fast rounds go: while a round's offers go out, while its uploads come in, or just after
 * it commits (before the next draw). The runner's thread stops there as a killed process would; its
 * round store is what a restarted coordinator resumes from.
 */
final class KillSwitch implements RoundTransport {
  /** Where in a round the coordinator dies. */
  enum Stage {
    /** After {@code k} of the round's offers are out. */
    OFFERS,
    /** When the round's {@code k+1}-th upload arrives. */
    UPLOADS,
    /** After the round commits, before the next round's draw. */
    AFTER_COMMIT
  }

  /** One kill: in {@code round} (or the first round after it, if the task is past it). */
  record Plan(long round, Stage stage, int k) {}

  /** How the runner's thread dies when the kill lands in its own call. */
  static final class Killed extends RuntimeException {
    Killed(String message) {
      super(message);
    }
  }

  private final RoundTransport delegate;
  private final Optional<Plan> plan;
  private final AtomicBoolean fired = new AtomicBoolean();

  /** An upload-stage kill fired: the runner dies at its next call here if the interrupt missed. */
  private volatile boolean dying;

  private final AtomicInteger offersInRound = new AtomicInteger();
  private final AtomicInteger uploadsInRound = new AtomicInteger();
  private volatile long round;
  private volatile Thread runner;

  KillSwitch(RoundTransport delegate, Optional<Plan> plan) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** The thread the runner runs on (an upload-stage kill interrupts it). */
  void runner(Thread t) {
    this.runner = t;
  }

  private boolean due(Stage stage) {
    return plan.isPresent() && plan.get().stage() == stage && round >= plan.get().round();
  }

  private void kill(String where) {
    if (fired.compareAndSet(false, true)) {
      throw new Killed("coordinator killed " + where + " in round " + round);
    }
  }

  private void dieIfDying() {
    if (dying) {
      // Code that swallowed the interrupt (a database driver may) does not save the runner.
      throw new Killed("coordinator killed while uploads came in, round " + round);
    }
  }

  @Override
  public List<String> available() {
    dieIfDying();
    // Called first in every attempt: the round offered last is committed (or failed) by now.
    if (due(Stage.AFTER_COMMIT)) {
      kill("after a commit");
    }
    return delegate.available();
  }

  @Override
  public void offer(String deviceId, RoundOffer offer) {
    dieIfDying();
    if (offer.round() != round) {
      round = offer.round();
      offersInRound.set(0);
      uploadsInRound.set(0);
    }
    if (due(Stage.OFFERS) && offersInRound.getAndIncrement() >= plan.get().k()) {
      kill("while sending offers");
    }
    if (due(Stage.AFTER_COMMIT) && round > plan.get().round()) {
      kill("after a commit");
    }
    delegate.offer(deviceId, offer);
  }

  @Override
  public void withdraw(String deviceId, String taskId, long r) {
    dieIfDying();
    delegate.withdraw(deviceId, taskId, r);
  }

  @Override
  public void start(Consumer<Upload> sink) {
    delegate.start(
        u -> {
          if (due(Stage.UPLOADS)
              && uploadsInRound.getAndIncrement() >= plan.get().k()
              && fired.compareAndSet(false, true)) {
            // The upload is lost with the process; the runner's thread stops where it waits.
            dying = true;
            runner.interrupt();
            return;
          }
          sink.accept(u);
        });
  }
}
