package dev.blueprint.app.whatif;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunKind;
import dev.blueprint.app.history.RunRecord;
import dev.blueprint.app.history.RunRecords;
import dev.blueprint.app.report.BlueprintVersion;
import dev.blueprint.simulator.design.DesignParser;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.Optimizer;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.SweepPoint;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs sweeps and optimisations and records them in the run history, for {@code blueprint sweep},
 * {@code blueprint optimize} and the workbench's What-if tab alike: a batch is started (or, for a
 * sweep asked again after an interruption, resumed), every simulated point is recorded as it
 * arrives, and the batch is finished with its summary and its wall and CPU time.
 *
 * <p>Without a history ({@code --no-record}) the same calls run the same simulations and record
 * nothing; run ids are then 0. The caller owns the history and closes it.
 */
public final class WhatIfRuns {
  /** Hears of each simulated point on the thread that runs the batch, after it was recorded. */
  @FunctionalInterface
  public interface PointListener {
    /**
     * @param result the point's outcome
     * @param runId its run in the history, 0 when not recorded
     */
    void simulated(PointResult result, long runId);
  }

  private final Optional<RunHistory> history;

  /**
   * @param history where to record, or empty to record nothing
   */
  public WhatIfRuns(Optional<RunHistory> history) {
    this.history = history;
  }

  /** The history file recorded in, if any. */
  public Optional<Path> file() {
    return history.map(RunHistory::file);
  }

  /**
   * Starts a sweep of every point of {@code sweep}, or resumes the latest unfinished run of the
   * same sweep (its failed points are tried again) unless {@code fresh}.
   *
   * @param runOptions the run options in words, part of what makes two sweeps the same question
   */
  public Batch sweep(Sweep sweep, String runOptions, boolean fresh) {
    String key = resumeKey(sweep.source(), sweep.variations(), sweep.whatIf(), runOptions);
    String name = sweep.source().parse().name();
    if (history.isEmpty()) {
      return new Batch(RunKind.SWEEP, sweep, name, 0, false, Set.of(), List.of());
    }
    RunHistory h = history.get();
    Optional<RunHistory.Batch> unfinished = fresh ? Optional.empty() : h.unfinished(key);
    if (unfinished.isPresent()) {
      long id = unfinished.get().id();
      h.forgetFailures(id);
      return new Batch(RunKind.SWEEP, sweep, name, id, true, h.finishedPoints(id), h.batchRuns(id));
    }
    long id = start(h, RunKind.SWEEP, key, sweep, name);
    return new Batch(RunKind.SWEEP, sweep, name, id, false, Set.of(), List.of());
  }

  /**
   * Starts an optimisation over the points of {@code space}; optimisations always start afresh.
   *
   * @param constraints the constraints as the user wrote them, part of the batch's key
   * @param objective the metric optimised, part of the batch's key
   */
  public Batch optimization(Sweep space, List<String> constraints, Metric objective) {
    String key =
        resumeKey(
            space.source(),
            space.variations(),
            space.whatIf(),
            String.valueOf(constraints),
            objective.id());
    String name = space.source().parse().name();
    long id = history.map(h -> start(h, RunKind.OPTIMIZE, key, space, name)).orElse(0L);
    return new Batch(RunKind.OPTIMIZE, space, name, id, false, Set.of(), List.of());
  }

  private static long start(RunHistory h, RunKind kind, String key, Sweep sweep, String name) {
    DesignSource source = sweep.source();
    return h.startBatch(
        kind,
        key,
        name,
        source.origin(),
        source.sha256(),
        RunRecords.json(spec(sweep.variations(), sweep.whatIf())),
        sweep.points().size());
  }

  /**
   * What identifies the same sweep asked again: the design, the question and the Blueprint that
   * answers it; files the design names and the user's own profiles are not part of it
   * (docs/what-if.md says so).
   */
  public static String resumeKey(
      DesignSource source, List<Variation> variations, TrafficWhatIf whatIf, String... more) {
    StringBuilder key =
        new StringBuilder(source.sha256()).append('\n').append(BlueprintVersion.current());
    variations.forEach(v -> key.append('\n').append(v.path()).append('=').append(v.values()));
    key.append('\n').append(whatIf);
    for (String m : more) {
      key.append('\n').append(m);
    }
    return DesignParser.sha256(key.toString());
  }

  /**
   * The run options in the words {@code blueprint sweep --requests N} puts in its resume key (and
   * no other option), so a sweep the workbench started with {@code requests} per point is the same
   * question as that command's.
   */
  public static String requestsOnly(long requests) {
    return "requests=" + requests + " duration=null seed=null replications=1";
  }

  /** What a batch asked, as the history stores it: the varied paths' values and the what-if. */
  public static Map<String, Object> spec(List<Variation> variations, TrafficWhatIf whatIf) {
    Map<String, Object> spec = new LinkedHashMap<>();
    Map<String, Object> vary = new LinkedHashMap<>();
    variations.forEach(v -> vary.put(v.path().toString(), v.values()));
    spec.put("vary", vary);
    spec.put("what_if", whatIf.describe());
    return spec;
  }

  /**
   * One sweep or optimisation in the history (or unrecorded, with id 0): run it once, then finish
   * it. Not for use by two threads at once.
   */
  public final class Batch {
    private final RunKind kind;
    private final Sweep sweep;
    private final long id;
    private final boolean resumed;
    private final Set<Integer> done;
    private final List<RunRecord> earlier;
    private final String designName;
    private int recorded;
    private double wallSeconds;
    private double cpuSeconds;

    private Batch(
        RunKind kind,
        Sweep sweep,
        String designName,
        long id,
        boolean resumed,
        Set<Integer> done,
        List<RunRecord> earlier) {
      this.kind = kind;
      this.sweep = sweep;
      this.id = id;
      this.resumed = resumed;
      this.done = Set.copyOf(done);
      this.earlier = List.copyOf(earlier);
      this.designName = designName;
    }

    /** Its id in the history; 0 when not recorded. */
    public long id() {
      return id;
    }

    public RunKind kind() {
      return kind;
    }

    /** Whether this continues an interrupted run of the same sweep. */
    public boolean resumed() {
      return resumed;
    }

    /** Points an interrupted run already finished. */
    public Set<Integer> alreadyDone() {
      return done;
    }

    /** The runs an interrupted run already recorded, to show with the new ones. */
    public List<RunRecord> earlierRuns() {
      return earlier;
    }

    /** The points a sweep still has to simulate, in the sweep's order. */
    public List<SweepPoint> pending() {
      return sweep.points().stream().filter(p -> !done.contains(p.index())).toList();
    }

    /** Whether every point of the sweep is done: earlier ones and those run now. */
    public boolean complete() {
      return done.size() + recorded >= sweep.points().size();
    }

    /**
     * Simulates the pending points on {@code threads} threads, recording each; stops early, with
     * the points finished so far recorded, when the calling thread is interrupted.
     */
    public void runSweep(int threads, PointListener onPoint) {
      timed(() -> sweep.run(pending(), threads, result -> simulated(result, onPoint)));
    }

    /**
     * Runs the optimiser over the sweep's points, recording each point it simulates.
     *
     * @see Optimizer
     */
    public Optimization runOptimizer(
        Metric objective,
        boolean minimize,
        List<Constraint> constraints,
        int threads,
        PointListener onPoint) {
      Optimizer optimizer = new Optimizer(sweep, objective, minimize, constraints, threads);
      Optimization[] result = new Optimization[1];
      timed(() -> result[0] = optimizer.run(point -> simulated(point, onPoint)));
      return result[0];
    }

    private void timed(Runnable run) {
      long wallStart = System.nanoTime();
      long cpuStart = CpuTime.processNanos();
      try {
        run.run();
      } finally {
        wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        cpuSeconds = (CpuTime.processNanos() - cpuStart) / 1e9;
      }
    }

    private void simulated(PointResult result, PointListener onPoint) {
      long runId =
          history
              .map(
                  h ->
                      h.record(
                          RunRecords.point(
                              kind,
                              result,
                              designName,
                              sweep.source().origin(),
                              sweep.whatIf(),
                              sweep.options(),
                              id)))
              .orElse(0L);
      recorded++;
      onPoint.simulated(result, runId);
    }

    /** Seconds the last run took on the wall clock. */
    public double wallSeconds() {
      return wallSeconds;
    }

    /** Seconds of CPU this process used during the last run, over all its threads. */
    public double cpuSeconds() {
      return cpuSeconds;
    }

    /** Marks the batch finished with its summary (JSON) and the last run's times. */
    public void finish(Map<String, Object> summary) {
      history.ifPresent(h -> h.finishBatch(id, RunRecords.json(summary), wallSeconds, cpuSeconds));
    }
  }
}
