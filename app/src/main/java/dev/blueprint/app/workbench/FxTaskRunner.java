package dev.blueprint.app.workbench;

import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Runs each job as a JavaFX {@link Task} on a daemon worker thread; progress, published updates and
 * the outcome arrive on the FX thread. Cancelling interrupts the worker and drops its later
 * updates. The only place in the workbench that starts a thread (AppArchitectureTest).
 */
final class FxTaskRunner implements TaskRunner {
  @Override
  public <T> Running start(BackgroundJob<T> job) {
    JobTask<T> task = new JobTask<>(job);
    task.progressProperty().addListener((o, was, now) -> job.progressed(now.doubleValue()));
    task.setOnSucceeded(e -> job.succeeded(task.getValue()));
    task.setOnFailed(e -> job.failed(task.getException()));
    task.setOnCancelled(e -> job.cancelled());
    Running running = () -> task.cancel(true);
    job.started(running);
    Thread worker = new Thread(task, job.name());
    worker.setDaemon(true);
    worker.start();
    return running;
  }

  /** A job as a JavaFX task, and the context the job sees. */
  private static final class JobTask<T> extends Task<T> implements Context {
    private final BackgroundJob<T> job;

    JobTask(BackgroundJob<T> job) {
      this.job = job;
    }

    @Override
    protected T call() throws Exception {
      return job.call(this);
    }

    @Override
    public void progress(double fraction) {
      updateProgress(fraction < 0 ? -1 : Math.min(1, fraction), 1);
    }

    @Override
    public void publish(Runnable update) {
      Platform.runLater(
          () -> {
            if (!isCancelled()) {
              update.run();
            }
          });
    }
  }
}
