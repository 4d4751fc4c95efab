package dev.blueprint.app.workbench;

/**
 * Runs the workbench's background jobs (simulations, sweeps, optimisations, the fleet's coordinator
 * and drill): {@link FxTaskRunner} on a worker thread with results on the FX thread, {@link
 * DirectTaskRunner} on the calling thread for tests (STYLE.md 3.3). Views and ViewModels never
 * start threads of their own.
 */
interface TaskRunner {
  /** Starts {@code job}; its callbacks run where this runner delivers results. */
  <T> Running start(BackgroundJob<T> job);

  /** What a job sees while it works. */
  interface Context {
    /** Reports how far the job is, from 0 to 1; a negative fraction means "not known". */
    void progress(double fraction);

    /**
     * Runs {@code update} where results are delivered (the FX thread), in order, unless the job was
     * cancelled by then.
     */
    void publish(Runnable update);

    /** Whether the job was asked to stop. */
    boolean isCancelled();
  }

  /** A job started. */
  interface Running {
    /**
     * Asks the job to stop: its thread is interrupted (the simulator stops between events), and
     * only the cancelled callback follows.
     */
    void cancel();
  }
}
