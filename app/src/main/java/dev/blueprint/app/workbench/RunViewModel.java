package dev.blueprint.app.workbench;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunKind;
import dev.blueprint.app.history.RunRecords;
import dev.blueprint.app.report.SimulationReports;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.validate.Confidence;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The workbench's main run: the requests typed (checked as they are typed), a loaded design run in
 * the background through a {@link TaskRunner}, recorded in the run history as {@code blueprint
 * simulate} records it, with progress, cancel and the outcome. Touches no control: {@link
 * Workbench} binds.
 */
final class RunViewModel {
  /**
   * How a run ended.
   *
   * @param result the result, empty when the run failed or was cancelled
   * @param message a line for the status bar
   * @param ran the document that was run (another may be open by the time it ends)
   */
  /**
   * @param trust how far the result's figures can be trusted: the validation of each device class
   *     the design runs on
   */
  record Outcome(
      Optional<SimulationResult> result,
      String message,
      DesignDocument ran,
      List<Confidence> trust) {}

  private final TaskRunner tasks;
  private final StringProperty requestsText;
  private final ReadOnlyStringWrapper requestsProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
  private BackgroundJob<SimulationResult> job;
  private List<Confidence> trust = List.of();

  RunViewModel(TaskRunner tasks, long defaultRequests) {
    this.tasks = tasks;
    this.requestsText = new SimpleStringProperty(String.valueOf(defaultRequests));
    requestsText.addListener(
        (o, was, now) ->
            requestsProblem.set(
                parseRequests(now).isPresent()
                    ? ""
                    : "requests: a positive whole number, got '" + now + "'"));
  }

  /** A count as people type it: digits, with {@code ,} or {@code _} between groups. */
  static OptionalLong parseRequests(String text) {
    try {
      long count = Long.parseLong(text.replace(",", "").replace("_", "").trim());
      return count > 0 ? OptionalLong.of(count) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  StringProperty requestsTextProperty() {
    return requestsText;
  }

  /** Why the requests typed cannot run, or empty. */
  ReadOnlyStringProperty requestsProblemProperty() {
    return requestsProblem.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  boolean isRunning() {
    return running.get();
  }

  /** 0 to 1; negative while a run's share done is not known yet. */
  ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** The last run's outcome; set once per run, when it ends. */
  ReadOnlyObjectProperty<Outcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  /**
   * Starts a run of the document's design in the background.
   *
   * @return the line for the status bar now: {@code running…}, or why nothing started
   */
  String run(DesignDocument document) {
    if (running.get()) {
      return "running…";
    }
    Optional<Design> design = document.design();
    if (design.isEmpty()) {
      return "the design does not load: "
          + (document.problems().isEmpty() ? "" : document.problems().get(0));
    }
    OptionalLong parsed = parseRequests(requestsText.get());
    if (parsed.isEmpty()) {
      return "requests: a positive whole number, got '" + requestsText.get() + "'";
    }
    long count = parsed.getAsLong();
    Design d = design.get();
    trust = SimulationReports.confidence(d);
    String ranText = document.text();
    double[] cpuSeconds = {0};
    BackgroundJob<SimulationResult> started =
        BackgroundJob.of(
            "simulation",
            context -> {
              ThreadMXBean threads = ManagementFactory.getThreadMXBean();
              long before = threads.getCurrentThreadCpuTime();
              SimulationResult r =
                  Simulation.run(d, RunOptions.defaults().withRequests(count), context::progress);
              cpuSeconds[0] = Math.max(0, threads.getCurrentThreadCpuTime() - before) / 1e9;
              return r;
            });
    started
        .onProgress(progress::set)
        .onSucceeded(
            result -> {
              Optional<String> notRecorded = record(result, ranText, count, cpuSeconds[0]);
              end(
                  document,
                  Optional.of(result),
                  "simulated "
                      + String.format("%,d", count)
                      + " requests in "
                      + String.format("%.2f s", result.wallSeconds())
                      + notRecorded
                          .map(why -> " — not recorded in the run history: " + why)
                          .orElse(""));
            })
        .onFailed(
            e ->
                end(
                    document,
                    Optional.empty(),
                    "run failed: " + firstLine(String.valueOf(e.getMessage()))))
        .onCancelled(() -> end(document, Optional.empty(), "cancelled"));
    job = started;
    running.set(true);
    progress.set(-1);
    tasks.start(started);
    return "running…";
  }

  /** Asks a running simulation to stop; its outcome says cancelled. */
  void cancel() {
    if (job != null) {
      job.cancel();
    }
  }

  private void end(DesignDocument ran, Optional<SimulationResult> result, String message) {
    job = null;
    running.set(false);
    progress.set(result.isPresent() ? 1 : 0);
    // Cleared first: two runs may end alike (cancelled twice), and each must be seen.
    outcome.set(null);
    outcome.set(new Outcome(result, message, ran, result.isPresent() ? trust : List.of()));
  }

  /**
   * Keeps the run in the run history, as {@code blueprint simulate} does; says why not when it
   * cannot.
   */
  private static Optional<String> record(
      SimulationResult result, String ranText, long count, double cpuSeconds) {
    try (RunHistory h = RunHistory.open(RunHistory.defaultFile())) {
      h.record(
          RunRecords.simulation(
              RunKind.SIMULATE,
              result,
              ranText,
              Map.of(),
              TrafficWhatIf.NONE,
              RunOptions.defaults().withRequests(count),
              cpuSeconds,
              Optional.empty(),
              Optional.empty()));
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
