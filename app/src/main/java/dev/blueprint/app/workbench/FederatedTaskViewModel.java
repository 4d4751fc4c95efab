package dev.blueprint.app.workbench;

import dev.blueprint.edge.coordinator.Coordinator;
import dev.blueprint.edge.coordinator.FederatedTaskRun;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.ota.Ed25519;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Fleet tab's federated task: a task file and the key its round offers are signed with, run on
 * the tab's coordinator through {@link FederatedTaskRun} (the API {@code blueprint-edge fl run}
 * uses), its rounds as they commit, and the export of the final model. The round store is the task
 * file's TASK-ID.rounds.db, so a task started again resumes. Touches no control: {@link
 * FederatedTaskPane} binds.
 */
final class FederatedTaskViewModel {
  /**
   * One committed round as the tab shows it; accuracy and loss are absent without evaluation.
   *
   * @param rejected the refused updates: their count, then each reason's, as "3: duplicate 1,
   *     not-finite 2"; "0" when none was refused
   */
  record Round(
      long round,
      int participants,
      int dropouts,
      int late,
      String rejected,
      long bytesUp,
      double seconds,
      OptionalDouble accuracy,
      OptionalDouble loss) {
    static Round of(CommittedRound c) {
      StringBuilder rejected = new StringBuilder(Integer.toString(c.rejectedTotal()));
      String sep = ": ";
      for (var e : new TreeMap<>(c.rejected()).entrySet()) {
        if (e.getValue() > 0) {
          rejected.append(sep).append(e.getKey().word()).append(' ').append(e.getValue());
          sep = ", ";
        }
      }
      return new Round(
          c.round(),
          c.participants().size(),
          c.dropped(),
          c.late(),
          rejected.toString(),
          c.bytesUp(),
          c.seconds(),
          c.accuracy(),
          c.loss());
    }
  }

  /** A task that ran to its stop rule, and what the runner counted. */
  record Finished(
      FederatedTaskRun run, dev.blueprint.edge.coordinator.fl.runner.TaskRunner.Result result) {}

  private final TaskRunner tasks;
  private final Supplier<Optional<Coordinator>> coordinator;
  private final StringProperty taskFile = new SimpleStringProperty("");
  private final StringProperty keyFile = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper stopping = new ReadOnlyBooleanWrapper(false);

  /** The task in progress, once its file is read: what Stop stops. */
  private volatile FederatedTaskRun active;

  /** Stop was pressed while the task file was still being read. */
  private volatile boolean stopBeforeRun;

  private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper exported = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyObjectWrapper<FederatedReleaseViewModel.Exported> exportedFiles =
      new ReadOnlyObjectWrapper<>();
  private final FederatedReleaseViewModel release;
  private final ReadOnlyObjectWrapper<Finished> finished = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper(
          "Choose a task file (docs/federated.md, \"Task files\") and the key its round offers are"
              + " signed with, then Start. Rounds commit to TASK-ID.rounds.db beside the task file,"
              + " so a task started again resumes; the final model is exported beside it and"
              + " packaged as a signed bundle for the rollout.");
  private final ReadOnlyStringWrapper exportReport = new ReadOnlyStringWrapper("");
  private final ObservableList<Round> rounds = FXCollections.observableArrayList();
  private final BooleanBinding canStart;
  private final BooleanBinding canStop;
  private final BooleanBinding canExport;

  /**
   * @param connected whether the tab's coordinator runs
   * @param coordinator the tab's coordinator, while one runs
   * @param offerForRollout takes a packaged bundle's path: the tab's rollout offers it next
   */
  FederatedTaskViewModel(
      TaskRunner tasks,
      ObservableBooleanValue connected,
      Supplier<Optional<Coordinator>> coordinator,
      Consumer<String> offerForRollout) {
    this.tasks = tasks;
    this.coordinator = coordinator;
    this.release =
        new FederatedReleaseViewModel(
            tasks, exportedFiles.getReadOnlyProperty(), running, offerForRollout);
    canStart =
        running
            .not()
            .and(exporting.not())
            .and(connected)
            .and(taskFile.isNotEmpty())
            .and(keyFile.isNotEmpty());
    canStop = running.and(stopping.not());
    canExport = finished.isNotNull().and(running.not()).and(exporting.not()).and(exported.not());
  }

  /** The task file (YAML), as a path. */
  StringProperty taskFileProperty() {
    return taskFile;
  }

  /** The private key round offers are signed with (the devices must list it for fl-model). */
  StringProperty keyFileProperty() {
    return keyFile;
  }

  /** Whether Start can be pressed: a coordinator runs, no task runs, a task file and a key. */
  BooleanBinding canStartProperty() {
    return canStart;
  }

  /** Whether Stop can be pressed: a task runs and was not asked to stop yet. */
  BooleanBinding canStopProperty() {
    return canStop;
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** Whether Export model can be pressed: a task finished and its model is not exported yet. */
  BooleanBinding canExportProperty() {
    return canExport;
  }

  /** The release the exported model is packaged as, for the rollout. */
  FederatedReleaseViewModel release() {
    return release;
  }

  /** The last task that finished here, if any. */
  ReadOnlyObjectProperty<Finished> finishedProperty() {
    return finished.getReadOnlyProperty();
  }

  /** One line: what the task is doing, how it ended, or why it could not start. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The files the export wrote, the quantizer's per-layer report and how to roll it out. */
  ReadOnlyStringProperty exportReportProperty() {
    return exportReport.getReadOnlyProperty();
  }

  /** The task's committed rounds, 1 onwards, those of an earlier run on the same store first. */
  ObservableList<Round> rounds() {
    return rounds;
  }

  boolean isRunning() {
    return running.get();
  }

  boolean isExporting() {
    return exporting.get();
  }

  /** Runs the task to its stop rule on the tab's coordinator, resuming from its round store. */
  void start() {
    Optional<Coordinator> on = coordinator.get();
    if (!canStart.get() || on.isEmpty()) {
      return;
    }
    Coordinator c = on.get();
    Path file = Path.of(taskFile.get().trim());
    Path key = Path.of(keyFile.get().trim());
    running.set(true);
    stopping.set(false);
    stopBeforeRun = false;
    finished.set(null);
    exported.set(false);
    exportedFiles.set(null);
    release.clear();
    exportReport.set("");
    rounds.clear();
    status.set("Reading " + file + " ...");
    tasks.start(
        BackgroundJob.of(
                "fl-task",
                context -> {
                  FederatedTaskRun run = FederatedTaskRun.prepare(file, Optional.empty());
                  Ed25519.SigningKey signer = Ed25519.readPrivate(key);
                  active = run;
                  if (stopBeforeRun) {
                    run.stop();
                  }
                  try (RoundStore store = new RoundStore(run.roundStoreFile())) {
                    List<CommittedRound> before = run.committed(store);
                    String opening = opening(run, run.available(c, signer).size(), before.size());
                    context.publish(
                        () -> {
                          before.forEach(r -> rounds.add(Round.of(r)));
                          status.set(opening);
                        });
                    var result =
                        run.run(
                            c,
                            store,
                            signer,
                            round -> context.publish(() -> committed(run, round)));
                    return new Finished(run, result);
                  }
                })
            .onSucceeded(
                done -> {
                  active = null;
                  running.set(false);
                  finished.set(done);
                  status.set(ending(done));
                })
            .onFailed(
                ex -> {
                  active = null;
                  running.set(false);
                  status.set(
                      rounds.isEmpty()
                          ? "The task did not run: " + describe(ex)
                          : "The task failed after round "
                              + rounds.get(rounds.size() - 1).round()
                              + " (the round store keeps it; Start resumes): "
                              + describe(ex));
                }));
  }

  /**
   * Stops the running task: the round collecting updates closes uncommitted and its devices are
   * told so; what is committed stays in the round store, and Start resumes after it.
   */
  void stop() {
    FederatedTaskRun run = active;
    if (!canStop.get()) {
      return;
    }
    stopping.set(true);
    status.set("Stopping: the open round closes without committing; Start resumes the task.");
    if (run != null) {
      run.stop();
    } else {
      stopBeforeRun = true;
    }
  }

  /**
   * Writes the finished task's model beside its task file, float and int8 (never replacing a file),
   * and reports the files and the quantizer's per-layer report.
   */
  void export() {
    Finished done = finished.get();
    if (!canExport.get() || done == null) {
      return;
    }
    exporting.set(true);
    exportReport.set("Exporting ...");
    tasks.start(
        BackgroundJob.of(
                "fl-export",
                context -> done.run().export(done.result().global(), done.run().folder()))
            .onSucceeded(
                files -> {
                  exporting.set(false);
                  exported.set(true);
                  exportedFiles.set(
                      new FederatedReleaseViewModel.Exported(done.run().task().id(), files));
                  StringBuilder s = new StringBuilder("Wrote " + files.floatModel() + "\n");
                  if (files.int8Model().isPresent()) {
                    s.append(files.report().orElseThrow().toText());
                    s.append("Wrote ")
                        .append(files.int8Model().get())
                        .append(" (int8, calibrated on half the evaluation set, checked on the")
                        .append(" rest)\n")
                        .append("To roll it out: describe the release below and Package; the")
                        .append(" signed bundle becomes the Bundle under Devices and OTA.");
                  } else {
                    s.append(
                        "No evaluation set in the task: no int8 model (the quantizer needs"
                            + " calibration samples).");
                  }
                  exportReport.set(s.toString());
                })
            .onFailed(
                ex -> {
                  exporting.set(false);
                  exportReport.set("Export refused: " + describe(ex));
                }));
  }

  private void committed(FederatedTaskRun run, CommittedRound c) {
    rounds.add(Round.of(c));
    status.set(
        String.format(
            Locale.ROOT,
            "%s: round %d of %d committed: %d participants, %d dropouts, %d late, %d rejected;"
                + " accuracy %s; %.1f s",
            run.task().id(),
            c.round(),
            run.task().rounds(),
            c.participants().size(),
            c.dropped(),
            c.late(),
            c.rejectedTotal(),
            percent(c.accuracy()),
            c.seconds()));
  }

  private static String opening(FederatedTaskRun run, int available, int before) {
    var t = run.task();
    return String.format(
        Locale.ROOT,
        "%s: %s, %d rounds of %d clients (%d asked), %s, %s, %s updates; %d devices available"
            + " now; round store %s%s",
        t.id(),
        before == 0 ? "started" : "resuming after round " + before,
        t.rounds(),
        t.clientsPerRound(),
        t.clientsAsked(),
        t.strategy(),
        t.aggregation().word(),
        t.encoding().word(),
        available,
        run.roundStoreFile(),
        available < t.updatesNeeded()
            ? "; waiting: a round needs " + t.updatesNeeded() + " updates"
            : "");
  }

  private static String ending(Finished done) {
    var r = done.result();
    String id = done.run().task().id();
    if (r.stopped()) {
      return String.format(
          Locale.ROOT,
          "%s stopped after round %d of %d (%d committed here); the round store keeps them and"
              + " Start resumes; accuracy %s",
          id,
          r.lastRound(),
          done.run().task().rounds(),
          r.roundsCommitted(),
          percent(r.accuracy()));
    }
    String rounds =
        r.roundsCommitted() == 0
            ? "nothing left to run, the round store already holds round " + r.lastRound()
            : "rounds "
                + (r.lastRound() - r.roundsCommitted() + 1)
                + " to "
                + r.lastRound()
                + " committed here ("
                + (r.resumed() ? "resumed" : "started")
                + ")";
    return String.format(
        Locale.ROOT,
        "%s finished: %s; %d failed attempts, %d dropouts, %d abandoned, %d late, %d rejected;"
            + " final accuracy %s",
        id,
        rounds,
        r.roundsFailed(),
        r.dropouts(),
        r.abandoned(),
        r.late(),
        r.rejected().values().stream().mapToInt(Integer::intValue).sum(),
        percent(r.accuracy()));
  }

  /** A fraction as a percentage with two decimals, or "-" when it was not measured. */
  static String percent(OptionalDouble fraction) {
    return fraction.isPresent()
        ? String.format(Locale.ROOT, "%.2f %%", 100 * fraction.getAsDouble())
        : "-";
  }

  /** The failure as the user reads it: the parser's lines as they are, a missing file by name. */
  static String describe(Throwable ex) {
    if (ex instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
  }
}
