package dev.blueprint.edge.coordinator.fl.task;

import dev.blueprint.edge.coordinator.fl.Aggregation;
import dev.blueprint.edge.coordinator.fl.ServerOptimizer;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.train.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One federated task as its file states it (docs/federated.md, "Task files"). Built by {@link
 * FederatedTaskParser}, which has checked every value; the compact constructor re-checks the
 * invariants a caller building one by hand could break.
 *
 * @param id the task id (lower case letters, digits, '.' and '-'; the file name without .yaml)
 * @param model a shipped model name, {@code niid-cnn}, or a float {@code .bpm} file (resolved
 *     against the task file's folder)
 * @param population which registered devices may take part
 * @param rounds the most rounds run (the stop rule's round budget)
 * @param clientsPerRound updates a round aggregates when every selected client answers
 * @param overSelection the share of extra devices asked, 0.3 = 30 % more than {@code
 *     clientsPerRound}, so dropouts do not starve the round
 * @param minCompletion the share of {@code clientsPerRound} whose updates must be in before the
 *     round may aggregate, in (0, 1]
 * @param roundDeadline when a round aggregates what it has (late updates are dropped and counted)
 * @param local the clients' local-training overrides; the model's defaults fill the rest
 * @param strategy the server optimizer's word ({@link ServerOptimizer#parse})
 * @param aggregation how a round's updates are combined
 * @param encoding how clients encode their uploads
 * @param evaluation the held-out set the coordinator evaluates each round on, if any
 * @param targetAccuracy stop early once the evaluation reaches this accuracy (a fraction)
 * @param seed the task's master seed (client selection, initialisation, stochastic rounding)
 * @param trainingConditions when a device may train
 */
public record FederatedTask(
    String id,
    String model,
    Population population,
    int rounds,
    int clientsPerRound,
    double overSelection,
    double minCompletion,
    Duration roundDeadline,
    LocalTraining local,
    String strategy,
    Aggregation aggregation,
    UpdateEncoding encoding,
    Optional<Evaluation> evaluation,
    OptionalDouble targetAccuracy,
    long seed,
    TrainingConditions trainingConditions) {

  public FederatedTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(population, "population");
    Objects.requireNonNull(roundDeadline, "roundDeadline");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(targetAccuracy, "targetAccuracy");
    Objects.requireNonNull(trainingConditions, "trainingConditions");
    ServerOptimizer.parse(strategy);
    if (rounds < 1 || clientsPerRound < 1) {
      throw new IllegalArgumentException(
          "rounds and clients per round must be at least 1, got "
              + rounds
              + ", "
              + clientsPerRound);
    }
    if (!(overSelection >= 0 && Double.isFinite(overSelection))) {
      throw new IllegalArgumentException("over-selection must be 0 or more, got " + overSelection);
    }
    if (!(minCompletion > 0 && minCompletion <= 1)) {
      throw new IllegalArgumentException(
          "minimum completion must be above 0 and at most 1, got " + minCompletion);
    }
    if (roundDeadline.isNegative() || roundDeadline.isZero()) {
      throw new IllegalArgumentException("the round deadline must be positive");
    }
    if (targetAccuracy.isPresent() && evaluation.isEmpty()) {
      throw new IllegalArgumentException("a target accuracy needs an evaluation set");
    }
  }

  /** The devices asked each round: {@code ceil(clientsPerRound × (1 + overSelection))}. */
  public int clientsAsked() {
    return (int) Math.ceil(clientsPerRound * (1 + overSelection) - 1e-9);
  }

  /** The updates a round needs before it may aggregate: {@code ceil(clientsPerRound × share)}. */
  public int updatesNeeded() {
    return Math.max(1, (int) Math.ceil(clientsPerRound * minCompletion - 1e-9));
  }

  /** A fresh server optimizer for this task (no state: restore it from the round store). */
  public ServerOptimizer newOptimizer() {
    return ServerOptimizer.parse(strategy);
  }

  /**
   * The clients' local training: the task's overrides over the model's {@code defaults}, with the
   * strategy's proximal term μ (FedProx; 0 for the others).
   *
   * @throws IllegalArgumentException if the combination is not a valid {@link TrainingSettings}
   */
  public TrainingSettings training(TrainingSettings defaults) {
    return local.over(defaults).withProximalMu(newOptimizer().proximalMu());
  }

  /** Which registered devices a task may select, by one of three keys. */
  public record Population(By by, List<String> values) {
    /** The registry field a population selects on. */
    public enum By {
      /** Device ids. */
      DEVICES,
      /** Labels given to devices. */
      LABELS,
      /** Hardware ids ({@code raspberry-pi-5}). */
      HARDWARE;

      /** The task-file key: {@code devices}, {@code labels}, {@code hardware}. */
      public String key() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    public Population {
      Objects.requireNonNull(by, "by");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a population names at least one " + by.key());
      }
    }
  }

  /** The local-training settings a task sets; absent ones come from the model's defaults. */
  public record LocalTraining(
      OptionalInt epochs,
      OptionalInt batch,
      OptionalDouble learningRate,
      OptionalDouble momentum,
      OptionalDouble weightDecay) {

    /** No overrides: the model's defaults. */
    public static final LocalTraining DEFAULTS =
        new LocalTraining(
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty());

    /**
     * These settings over {@code defaults}.
     *
     * @throws IllegalArgumentException from {@link TrainingSettings} if a value is out of range
     */
    public TrainingSettings over(TrainingSettings defaults) {
      return new TrainingSettings(
          epochs.orElse(defaults.epochs()),
          batch.orElse(defaults.batchSize()),
          learningRate.orElse(defaults.learningRate()),
          momentum.orElse(defaults.momentum()),
          weightDecay.orElse(defaults.weightDecay()),
          defaults.proximalMu());
    }
  }

  /**
   * The held-out set the coordinator evaluates the global model on after each round.
   *
   * @param data the folder (resolved against the task file's folder)
   * @param kind its format
   */
  public record Evaluation(Path data, Kind kind) {
    /** The data-set formats the coordinator reads ({@code FederatedDataset}). */
    public enum Kind {
      WISDM,
      FASHION_MNIST;

      /** The task-file word: {@code wisdm}, {@code fashion-mnist}. */
      public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
      }
    }

    public Evaluation {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(kind, "kind");
    }
  }
}
