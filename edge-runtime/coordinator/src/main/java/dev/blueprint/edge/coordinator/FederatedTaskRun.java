package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.coordinator.fl.runner.TaskRunner;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedDataset;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedModels;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.coordinator.fl.task.FederatedTaskParser;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.QuantizationReport;
import dev.blueprint.edge.quant.Quantizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One federated task file made ready to run against a fleet: its task, the model it starts from,
 * the clients' training settings, the coordinator's evaluation set and the class names devices read
 * their labels with. {@code fl run} and the workbench's Fleet tab both run tasks through this, on a
 * coordinator they already hold, and export the final model with it.
 */
public final class FederatedTaskRun {
  private final FederatedTask task;
  private final Path taskFile;
  private final String text;
  private final Graph initial;
  private final TrainingSettings local;
  private final Optional<LabeledData> evaluation;
  private final List<String> classes;
  private final Network network;
  private volatile FederatedRounds lastRounds;
  private volatile TaskRunner active;
  private volatile boolean stopRequested;

  private FederatedTaskRun(
      FederatedTask task,
      Path taskFile,
      String text,
      Graph initial,
      TrainingSettings local,
      Optional<LabeledData> evaluation,
      List<String> classes) {
    this.task = task;
    this.taskFile = taskFile;
    this.text = text;
    this.initial = initial;
    this.local = local;
    this.evaluation = evaluation;
    this.classes = List.copyOf(classes);
    this.network = Network.of(initial, Math.max(64, local.batchSize()));
  }

  /**
   * Reads a task file and what it names (the model, the evaluation set).
   *
   * @throws dev.blueprint.simulator.io.InvalidInputException for a task file with a mistake, with
   *     its line and column
   */
  public static FederatedTaskRun prepare(Path taskFile, Optional<Path> modelsDir)
      throws IOException {
    FederatedTask task = FederatedTaskParser.read(taskFile);
    String text = Files.readString(taskFile, StandardCharsets.UTF_8);
    Path base = taskFile.toAbsolutePath().getParent();
    String modelWord =
        task.model().endsWith(".bpm") ? base.resolve(task.model()).toString() : task.model();
    FederatedModels model = FederatedModels.resolve(modelWord, modelsDir, task.seed());
    TrainingSettings local = task.training(model.defaults());
    Optional<LabeledData> evaluation =
        task.evaluation()
            .map(
                e -> {
                  Path dir = base.resolve(e.data());
                  return switch (e.kind()) {
                    case WISDM -> FederatedDataset.wisdm(dir).test();
                    case FASHION_MNIST -> FederatedDataset.fashionMnist(dir).test();
                  };
                });
    int classCount = Network.of(model.initial(), 1).classes();
    List<String> classes =
        evaluation
            .map(LabeledData::classNames)
            .orElseGet(() -> IntStream.range(0, classCount).mapToObj(Integer::toString).toList());
    return new FederatedTaskRun(
        task, taskFile.toAbsolutePath(), text, model.initial(), local, evaluation, classes);
  }

  public FederatedTask task() {
    return task;
  }

  public TrainingSettings local() {
    return local;
  }

  public Optional<LabeledData> evaluation() {
    return evaluation;
  }

  /** The folder the task file is in: where the round store and the exported model go by default. */
  public Path folder() {
    return taskFile.getParent();
  }

  /**
   * The task's round store beside its task file, TASK-ID.rounds.db: a task started again on it
   * resumes after its last committed round.
   */
  public Path roundStoreFile() {
    return folder().resolve(task.id() + ".rounds.db");
  }

  /**
   * The rounds of this task that {@code store} already holds, 1 to the last committed, in order
   * (round 0, the starting model, is left out): what a resumed task's view shows before the next
   * round commits. Empty for a task the store has not seen.
   */
  public List<CommittedRound> committed(RoundStore store) {
    long last = store.lastCommitted(task.id()).map(CommittedRound::round).orElse(0L);
    List<CommittedRound> rounds = new ArrayList<>();
    for (long r = 1; r <= last; r++) {
      store.round(task.id(), r).ifPresent(rounds::add);
    }
    return rounds;
  }

  /** The devices of the task's population that are online on {@code coordinator} now. */
  public List<String> available(Coordinator coordinator, Ed25519.SigningKey signer) {
    return transport(coordinator, signer).available();
  }

  private FederatedRounds transport(Coordinator coordinator, Ed25519.SigningKey signer) {
    return new FederatedRounds(coordinator, task, network, classes, signer);
  }

  /**
   * Runs the task to its stop rule on {@code coordinator}'s devices, resuming from {@code store}.
   *
   * @param onCommit called with each round as it commits (on the runner's thread)
   */
  public TaskRunner.Result run(
      Coordinator coordinator,
      RoundStore store,
      Ed25519.SigningKey signer,
      Consumer<CommittedRound> onCommit)
      throws InterruptedException {
    FederatedRounds rounds = transport(coordinator, signer);
    lastRounds = rounds;
    TaskRunner runner =
        new TaskRunner(task, text, initial, local, store, rounds, evaluation, Clock.systemUTC());
    runner.onCommit(Objects.requireNonNull(onCommit, "onCommit"));
    active = runner;
    if (stopRequested) {
      runner.stop();
    }
    try {
      return runner.run();
    } finally {
      active = null;
    }
  }

  /**
   * Stops the {@link #run} in progress, if any, from another thread ({@link TaskRunner#stop}): the
   * open round closes uncommitted and the run returns; running the task again resumes it. Asked
   * before {@link #run} starts, that run stops before its first round.
   */
  public void stop() {
    stopRequested = true;
    TaskRunner runner = active;
    if (runner != null) {
      runner.stop();
    }
  }

  /**
   * Why devices sent nothing in the latest {@link #run}, as they reported it (event → count and the
   * last reason); empty before a run.
   */
  public Map<String, FederatedRounds.Reported> deviceReports() {
    FederatedRounds r = lastRounds;
    return r == null ? Map.of() : r.reports();
  }

  /** What {@link #export} wrote. */
  public record Export(
      Path floatModel, Optional<Path> int8Model, Optional<QuantizationReport> report) {}

  /** The files {@link #export} writes into {@code folder}: TASK-ID.bpm and TASK-ID-int8.bpm. */
  public List<Path> exportFiles(Path folder) {
    return List.of(folder.resolve(task.id() + ".bpm"), folder.resolve(task.id() + "-int8.bpm"));
  }

  /**
   * Writes the global model as a float {@code .bpm} and, when the task has an evaluation set, as
   * int8 through the quantizer (calibrated on half the set, checked on the other half).
   *
   * @throws IllegalArgumentException if either file exists: nothing is replaced
   */
  public Export export(Weights global, Path folder) throws IOException {
    List<Path> files = exportFiles(folder);
    for (Path p : files) {
      if (Files.exists(p)) {
        throw new IllegalArgumentException(p + " exists; an export does not replace files");
      }
    }
    Files.createDirectories(folder);
    Graph trained = network.toGraph(global);
    AtomicFiles.write(files.get(0), ModelFile.toBytes(trained));
    if (evaluation.isEmpty() || evaluation.get().size() < 2) {
      return new Export(files.get(0), Optional.empty(), Optional.empty());
    }
    LabeledData e = evaluation.get();
    int half = e.size() / 2;
    Quantizer.Result q =
        Quantizer.quantize(
            trained,
            e.slice(0, Math.min(half, 1000)).batches(100),
            e.slice(half, e.size()).batches(100),
            CalibrationMethod.minMax());
    AtomicFiles.write(files.get(1), ModelFile.toBytes(q.graph()));
    return new Export(files.get(0), Optional.of(files.get(1)), Optional.of(q.report()));
  }
}
