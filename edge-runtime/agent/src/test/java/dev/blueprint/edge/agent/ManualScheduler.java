package dev.blueprint.edge.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} on a virtual clock that runs nothing until the test says so: {@link
 * #runReady} runs what is due now, {@link #advance} moves time on and runs what falls due. Retry
 * and resubscribe paths become plain sequential code in a test.
 */
public final class ManualScheduler implements Scheduler {
  private record Task(long dueMillis, long seq, Runnable run) {}

  private final List<Task> tasks = new ArrayList<>();
  private long nowMillis;
  private long seq;

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(new Task(nowMillis, seq++, task));
  }

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    tasks.add(new Task(nowMillis + delay.toMillis(), seq++, task));
  }

  /** Tasks waiting, due or not. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** The delay until the next task falls due, if any is waiting. */
  public synchronized Duration nextDelay() {
    return tasks.stream()
        .min(Comparator.comparingLong(Task::dueMillis))
        .map(t -> Duration.ofMillis(t.dueMillis() - nowMillis))
        .orElseThrow(() -> new AssertionError("nothing scheduled"));
  }

  /** Runs every task due now, including those they schedule for now. */
  public void runReady() {
    advance(Duration.ZERO);
  }

  /** Moves the clock on, running each task as it falls due, in order. */
  public void advance(Duration d) {
    long until;
    synchronized (this) {
      until = nowMillis + d.toMillis();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.dueMillis() <= until)
                .min(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::seq))
                .orElse(null);
        if (next == null) {
          nowMillis = until;
          return;
        }
        tasks.remove(next);
        nowMillis = Math.max(nowMillis, next.dueMillis());
      }
      next.run().run();
    }
  }
}
