package dev.blueprint.app.workbench;

import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Work for a {@link TaskRunner} and what to do with its outcome; the callbacks run where the runner
 * delivers results (the FX thread, in the workbench).
 *
 * @param <T> what the work returns
 */
final class BackgroundJob<T> {
  /** The work itself, run off the FX thread. */
  @FunctionalInterface
  interface Work<T> {
    T call(TaskRunner.Context context) throws Exception;
  }

  private final String name;
  private final Work<T> work;
  private Consumer<? super T> onSucceeded = v -> {};
  private Consumer<Throwable> onFailed = e -> {};
  private Runnable onCancelled = () -> {};
  private DoubleConsumer onProgress = p -> {};
  private volatile TaskRunner.Running running;

  private BackgroundJob(String name, Work<T> work) {
    this.name = name;
    this.work = work;
  }

  /**
   * @param name the worker thread's name
   */
  static <T> BackgroundJob<T> of(String name, Work<T> work) {
    return new BackgroundJob<>(name, work);
  }

  BackgroundJob<T> onSucceeded(Consumer<? super T> action) {
    this.onSucceeded = action;
    return this;
  }

  BackgroundJob<T> onFailed(Consumer<Throwable> action) {
    this.onFailed = action;
    return this;
  }

  BackgroundJob<T> onCancelled(Runnable action) {
    this.onCancelled = action;
    return this;
  }

  /** Hears progress from 0 to 1 (negative: not known). */
  BackgroundJob<T> onProgress(DoubleConsumer action) {
    this.onProgress = action;
    return this;
  }

  /** Asks the job to stop, once a runner has started it; the cancelled callback follows. */
  void cancel() {
    TaskRunner.Running r = running;
    if (r != null) {
      r.cancel();
    }
  }

  /** Called by a runner before the work starts. */
  void started(TaskRunner.Running how) {
    this.running = how;
  }

  String name() {
    return name;
  }

  T call(TaskRunner.Context context) throws Exception {
    return work.call(context);
  }

  void succeeded(T value) {
    onSucceeded.accept(value);
  }

  void failed(Throwable error) {
    onFailed.accept(error);
  }

  void cancelled() {
    onCancelled.run();
  }

  void progressed(double fraction) {
    onProgress.accept(fraction);
  }
}
