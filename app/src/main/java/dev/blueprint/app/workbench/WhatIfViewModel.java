package dev.blueprint.app.workbench;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.Pareto;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.SweepPoint;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The What-if tab's state and actions: up to three parameters and their values, sweep or optimise,
 * the requests per point; whether that can run and, if not, why; the rows as they arrive, the
 * Pareto front of cost and p99, the heat map of a two-parameter sweep and the summary. Runs through
 * {@link WhatIfRuns} (as {@code blueprint sweep} and {@code optimize} do) on a {@link TaskRunner}.
 * Touches no control: {@link WhatIfPane} binds.
 */
final class WhatIfViewModel {
  /** Parameters the tab offers. */
  static final int PARAMETERS = 3;

  /** One finished point, as the table shows it. */
  record Row(
      SweepPoint point, String label, double p99, double cost, String verdict, boolean onFront) {
    boolean keepsUp() {
      return !verdict.equals("not keeping up");
    }
  }

  /**
   * One cell of the heat map.
   *
   * @param row the combination, empty when it has not run
   * @param shade from 0 (the lowest p99) to 1 (the highest), on a log scale; NaN without a p99
   */
  record HeatCell(Optional<Row> row, double shade) {}

  /**
   * A two-parameter sweep's p99 as a grid: the first parameter down, the second across.
   *
   * @param cells by row (down) then column (across)
   */
  record HeatMap(Variation down, Variation across, List<List<HeatCell>> cells) {}

  private final Supplier<DesignSource> design;
  private final Supplier<Optional<RunHistory>> history;
  private final TaskRunner tasks;
  private final int threads;

  private final List<StringProperty> paths = new ArrayList<>();
  private final List<StringProperty> values = new ArrayList<>();
  private final BooleanProperty optimise = new SimpleBooleanProperty(false);
  private final StringProperty objective = new SimpleStringProperty("cost_per_month");
  private final StringProperty constraints = new SimpleStringProperty("p99_ms<=10");
  private final StringProperty requests = new SimpleStringProperty("100000");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final BooleanBinding canRun;
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private Sweep lastSweep;
  private BackgroundJob<?> job;

  /**
   * @param design the design open now, as the simulator reads it
   * @param history opens the run history to record in, empty when it cannot be opened (the history
   *     is a record, not a condition of running)
   * @param tasks runs the sweep or optimisation
   * @param threads simulations at once
   */
  WhatIfViewModel(
      Supplier<DesignSource> design,
      Supplier<Optional<RunHistory>> history,
      TaskRunner tasks,
      int threads) {
    this.design = design;
    this.history = history;
    this.tasks = tasks;
    this.threads = threads;
    List<ObservableValue<?>> inputs = new ArrayList<>();
    for (int i = 0; i < PARAMETERS; i++) {
      paths.add(new SimpleStringProperty(""));
      values.add(new SimpleStringProperty(""));
      inputs.add(paths.get(i));
      inputs.add(values.get(i));
    }
    inputs.addAll(List.of(optimise, objective, constraints, requests));
    problem.bind(
        Bindings.createStringBinding(
            () -> inputProblem().orElse(""), inputs.toArray(ObservableValue[]::new)));
    canRun = running.not().and(problem.isEmpty());
  }

  StringProperty pathProperty(int i) {
    return paths.get(i);
  }

  StringProperty valuesProperty(int i) {
    return values.get(i);
  }

  /** Optimise (true) or sweep every combination (false). */
  BooleanProperty optimiseProperty() {
    return optimise;
  }

  StringProperty objectiveProperty() {
    return objective;
  }

  /** Constraints separated by semicolons, e.g. {@code p99_ms<=10; utilization_max<=0.8}. */
  StringProperty constraintsProperty() {
    return constraints;
  }

  StringProperty requestsProperty() {
    return requests;
  }

  /** What is wrong with the input, empty when it can run. */
  ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** Whether Run can start: the input is fine and nothing runs. */
  BooleanBinding canRunProperty() {
    return canRun;
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** From 0 to 1; negative while an optimisation runs (how many it simulates is not known). */
  ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  ObservableList<Row> rows() {
    return rows;
  }

  boolean isRunning() {
    return running.get();
  }

  private Optional<String> inputProblem() {
    try {
      requestCount();
    } catch (NumberFormatException e) {
      return Optional.of("requests per point: a positive whole number");
    }
    try {
      if (variations().isEmpty()) {
        return Optional.of("pick a parameter and its values");
      }
      if (optimise.get()) {
        Metric.parse(objective.get());
        bounds();
      }
    } catch (IllegalArgumentException | InvalidInputException e) {
      return Optional.of(firstLine(String.valueOf(e.getMessage())));
    }
    return Optional.empty();
  }

  private long requestCount() {
    long count = Long.parseLong(requests.get().replace(",", "").trim());
    if (count <= 0) {
      throw new NumberFormatException();
    }
    return count;
  }

  private List<Variation> variations() {
    List<Variation> out = new ArrayList<>();
    for (int i = 0; i < PARAMETERS; i++) {
      String path = paths.get(i).get().strip();
      String v = values.get(i).get().strip();
      if (!path.isEmpty() || !v.isEmpty()) {
        out.add(Variation.parse(path + "=" + v));
      }
    }
    return out;
  }

  private List<Constraint> bounds() {
    List<Constraint> out = new ArrayList<>();
    for (String c : constraints.get().split(";")) {
      if (!c.isBlank()) {
        out.add(Constraint.parse(c));
      }
    }
    return out;
  }

  /** Starts the sweep or optimisation of the open design; says in the summary why not. */
  void run() {
    if (running.get()) {
      return;
    }
    if (!problem.get().isEmpty()) {
      summary.set(problem.get());
      return;
    }
    long count = requestCount();
    boolean optimising = optimise.get();
    Sweep sweep;
    try {
      sweep =
          new Sweep(
              design.get(),
              variations(),
              TrafficWhatIf.NONE,
              RunOptions.defaults().withRequests(count));
      sweep.check();
    } catch (IllegalArgumentException | InvalidInputException e) {
      summary.set(firstLine(String.valueOf(e.getMessage())));
      return;
    }
    Metric goal = optimising ? Metric.parse(objective.get()) : null;
    List<Constraint> bounds = optimising ? bounds() : List.of();
    Optional<RunHistory> recorder = history.get();
    WhatIfRuns.Batch batch;
    try {
      WhatIfRuns runs = new WhatIfRuns(recorder);
      batch =
          optimising
              ? runs.optimization(sweep, bounds.stream().map(Constraint::expression).toList(), goal)
              : runs.sweep(sweep, WhatIfRuns.requestsOnly(count), true);
    } catch (RuntimeException e) {
      recorder.ifPresent(RunHistory::close);
      summary.set(firstLine(String.valueOf(e.getMessage())));
      return;
    }
    lastSweep = sweep;
    rows.clear();
    int total = sweep.points().size();
    BackgroundJob<Optional<Optimization>> work =
        BackgroundJob.of(
            "what-if",
            context -> {
              WhatIfRuns.PointListener onPoint =
                  (r, runId) ->
                      context.publish(
                          () -> {
                            rows.add(row(r));
                            progress.set(optimising ? -1 : rows.size() / (double) total);
                          });
              try {
                Optional<Optimization> result = Optional.empty();
                if (optimising) {
                  result = Optional.of(batch.runOptimizer(goal, true, bounds, threads, onPoint));
                } else {
                  batch.runSweep(threads, onPoint);
                }
                if (!context.isCancelled() && (optimising || batch.complete())) {
                  // A cancelled sweep stays unfinished, as an interrupted blueprint sweep does.
                  Map<String, Object> done = new LinkedHashMap<>();
                  done.put("wall_seconds", batch.wallSeconds());
                  done.put("cpu_seconds", batch.cpuSeconds());
                  done.put("threads", threads);
                  batch.finish(done);
                }
                return result;
              } finally {
                recorder.ifPresent(RunHistory::close);
              }
            });
    work.onSucceeded(
            result -> {
              finish();
              summary.set(
                  result
                      .map(WhatIfViewModel::optimum)
                      .orElse(
                          rows.size()
                              + " of "
                              + total
                              + " combinations simulated with the same seed"));
            })
        .onFailed(
            e -> {
              finish();
              summary.set("failed: " + firstLine(String.valueOf(e.getMessage())));
            })
        .onCancelled(
            () -> {
              finish();
              summary.set("cancelled after " + rows.size() + " of " + total);
            });
    job = work;
    running.set(true);
    progress.set(optimising ? -1 : 0);
    summary.set(
        (optimising ? "optimising over " : "sweeping ")
            + total
            + " combinations on "
            + threads
            + " threads…");
    tasks.start(work);
  }

  /** Stops the run; the points finished so far stay. */
  void cancel() {
    if (job != null) {
      job.cancel();
    }
  }

  private void finish() {
    job = null;
    progress.set(1);
    markFront();
    running.set(false);
  }

  /**
   * Puts the rows in the sweep's order and marks the Pareto front of cost and p99 among those that
   * kept up.
   */
  private void markFront() {
    rows.sort(Comparator.comparingInt(r -> r.point().index()));
    double[] x = rows.stream().mapToDouble(r -> r.keepsUp() ? r.cost() : Double.NaN).toArray();
    double[] y = rows.stream().mapToDouble(r -> r.keepsUp() ? r.p99() : Double.NaN).toArray();
    List<Integer> front = Pareto.front(x, false, y, false);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      rows.set(i, new Row(r.point(), r.label(), r.p99(), r.cost(), r.verdict(), front.contains(i)));
    }
  }

  /** The heat map of the last run, when it swept exactly two parameters. */
  Optional<HeatMap> heatMap() {
    if (lastSweep == null || lastSweep.variations().size() != 2) {
      return Optional.empty();
    }
    Variation down = lastSweep.variations().get(0);
    Variation across = lastSweep.variations().get(1);
    double min =
        rows.stream()
            .mapToDouble(Row::p99)
            .filter(v -> Double.isFinite(v) && v > 0)
            .min()
            .orElse(1);
    double max =
        rows.stream()
            .mapToDouble(Row::p99)
            .filter(v -> Double.isFinite(v) && v > 0)
            .max()
            .orElse(1);
    Map<Integer, Row> byIndex = new HashMap<>();
    rows.forEach(r -> byIndex.put(r.point().index(), r));
    List<List<HeatCell>> cells = new ArrayList<>();
    for (int r = 0; r < down.values().size(); r++) {
      List<HeatCell> line = new ArrayList<>();
      for (int c = 0; c < across.values().size(); c++) {
        Row row = byIndex.get(r * across.values().size() + c);
        double shade =
            row == null || !Double.isFinite(row.p99())
                ? Double.NaN
                : max <= min ? 0 : Math.log(row.p99() / min) / Math.log(max / min);
        line.add(new HeatCell(Optional.ofNullable(row), shade));
      }
      cells.add(line);
    }
    return Optional.of(new HeatMap(down, across, cells));
  }

  /** The YAML of one combination of the last run, to open as a new design. */
  Optional<String> variantText(SweepPoint point) {
    return Optional.ofNullable(lastSweep).map(s -> s.designText(point));
  }

  private static Row row(PointResult r) {
    String verdict =
        !r.ok()
            ? "failed: " + r.failure().orElse("")
            : !r.result().orElseThrow().keepsUp()
                ? "not keeping up"
                : r.result().orElseThrow().slosMet() ? "met" : "missed";
    return new Row(
        r.point(),
        r.point().label(),
        r.value(Metric.P99_MS),
        r.value(Metric.COST_PER_MONTH),
        verdict,
        false);
  }

  private static String optimum(Optimization o) {
    if (o.chosen().isEmpty()) {
      return "no candidate met every constraint ("
          + o.simulations()
          + " simulations of "
          + o.candidates()
          + ")";
    }
    StringBuilder s = new StringBuilder("chosen: ").append(o.chosen().get().point().label());
    s.append(
        String.format(
            Locale.ROOT,
            " — %s %.6g",
            o.objective().id(),
            o.objectiveValue().orElseThrow().value()));
    for (Optimization.ConstraintOutcome c : o.constraints()) {
      s.append(
          String.format(
              Locale.ROOT,
              "; %s = %.4g%s%s",
              c.constraint().expression(),
              c.value(),
              c.met() ? " met" : " BROKEN",
              c.tight() ? " (tight)" : ""));
    }
    s.append("; ")
        .append(o.simulations())
        .append(" simulations of ")
        .append(o.candidates())
        .append(" candidates");
    return s.toString();
  }

  private static String firstLine(String s) {
    int n = s.indexOf('\n');
    return n < 0 ? s : s.substring(0, n);
  }
}
