package dev.blueprint.edge.agent;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the agent's deferred work runs: connection retries and resubscriptions. In the daemon a
 * timer thread; in tests a queue the test runs by hand, so retry paths need no waiting.
 */
public interface Scheduler {
  /** Runs the task soon, never on the caller's stack. */
  void execute(Runnable task);

  /** Runs the task after the delay. */
  void schedule(Runnable task, Duration delay);

  /** A scheduler over an executor; tasks offered after its shutdown are dropped. */
  static Scheduler of(ScheduledExecutorService executor) {
    return new Scheduler() {
      @Override
      public void execute(Runnable task) {
        try {
          executor.execute(task);
        } catch (RejectedExecutionException stopped) {
          // The agent is stopping: nothing left to retry for.
        }
      }

      @Override
      public void schedule(Runnable task, Duration delay) {
        try {
          executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
          // As above.
        }
      }
    };
  }
}
