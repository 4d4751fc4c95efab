package dev.blueprint.edge.agent;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Offers handled one at a time, in arrival order, on the agent's worker: never on the link's
 * thread, which must stay free to deliver the chunks an install waits for. A stalled transfer is
 * offered again after the deadline (its chunks are kept); a drill's kill ends the agent.
 */
final class OfferQueue {
  private static final System.Logger LOG = System.getLogger(OfferQueue.class.getName());

  private final Executor worker;
  private final Scheduler scheduler;
  private final OtaInstaller installer;
  private final Duration retryAfter;
  private final BooleanSupplier dead;
  private final Runnable onKilled;
  private final Runnable onDone;

  /**
   * @param retryAfter how long after a stall the same offer is tried again
   * @param onKilled run when a drill's fault hook killed the agent during an offer
   * @param onDone run after every offer that reached an outcome (the agent flushes its reports)
   */
  OfferQueue(
      Executor worker,
      Scheduler scheduler,
      OtaInstaller installer,
      Duration retryAfter,
      BooleanSupplier dead,
      Runnable onKilled,
      Runnable onDone) {
    this.worker = worker;
    this.scheduler = scheduler;
    this.installer = installer;
    this.retryAfter = retryAfter;
    this.dead = dead;
    this.onKilled = onKilled;
    this.onDone = onDone;
  }

  /** Queues an offer's payload; an empty one (a withdrawn retained offer) is ignored. */
  void offer(byte[] payload) {
    run(() -> handle(payload));
  }

  /**
   * On start, before any offer: finishes or rolls back a trial slot a crash interrupted; a drill's
   * kill during it ends the agent.
   */
  void recoverSlots() {
    run(
        () -> {
          if (!installer.recoverSlots()) {
            onKilled.run();
          }
        });
  }

  /** Runs other work on the same worker, after what is queued. */
  void run(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException stopping) {
      LOG.log(Level.DEBUG, "agent stopping: task dropped");
    }
  }

  private void handle(byte[] payload) {
    if (dead.getAsBoolean() || payload.length == 0) {
      return;
    }
    switch (installer.handle(payload)) {
      case KILLED -> onKilled.run();
      case RETRY_LATER -> {
        if (!dead.getAsBoolean()) {
          // Slow retrieval: give up for now, keep the chunks, and try the same offer later.
          scheduler.schedule(() -> offer(payload), retryAfter);
        }
      }
      case DONE -> onDone.run();
    }
  }
}
