package dev.blueprint.app.workbench;

/**
 * Runs each job to its end on the calling thread, delivering progress, updates and the outcome on
 * that thread too: deterministic, for ViewModel tests (like JabRef's {@code
 * CurrentThreadTaskExecutor}). A job cancelled from one of its own updates sees its thread
 * interrupted, as on a worker, and ends with the cancelled callback.
 */
final class DirectTaskRunner implements TaskRunner {
  @Override
  public <T> Running start(BackgroundJob<T> job) {
    boolean[] cancelled = {false};
    boolean[] working = {true};
    Running running =
        () -> {
          if (working[0] && !cancelled[0]) {
            cancelled[0] = true;
            Thread.currentThread().interrupt();
          }
        };
    job.started(running);
    T value;
    try {
      value =
          job.call(
              new Context() {
                @Override
                public void progress(double fraction) {
                  job.progressed(fraction < 0 ? -1 : Math.min(1, fraction));
                }

                @Override
                public void publish(Runnable update) {
                  if (!cancelled[0]) {
                    update.run();
                  }
                }

                @Override
                public boolean isCancelled() {
                  return cancelled[0];
                }
              });
    } catch (Exception e) {
      working[0] = false;
      Thread.interrupted();
      if (cancelled[0]) {
        job.cancelled();
      } else {
        job.failed(e);
      }
      return running;
    }
    working[0] = false;
    if (cancelled[0]) {
      Thread.interrupted(); // the interrupt was for the job, not for whoever runs the test
      job.cancelled();
    } else {
      job.succeeded(value);
    }
    return running;
  }
}
