package dev.blueprint.edge.coordinator.fl.simulation;

import dev.blueprint.edge.coordinator.fl.Aggregation;
import dev.blueprint.edge.coordinator.fl.ClientUpdate;
import dev.blueprint.edge.coordinator.fl.Seeds;
import dev.blueprint.edge.coordinator.fl.ServerOptimizer;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.ErrorFeedback;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Evaluation;
import dev.blueprint.edge.fl.train.LocalTrainer;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Federated training with virtual clients in one JVM: each round draws clients, trains each on its
 * own slice with the device's {@link LocalTrainer}, encodes its update as a device would ({@link
 * UpdateCodec}, with error feedback for top-k), decodes it as the coordinator does, aggregates and
 * steps the server optimizer, then evaluates the new global model on the test set.
 *
 * <p>Every random choice derives from the run's seed and the round and client it concerns, and
 * updates are aggregated in client-id order, so a run repeats bit for bit whatever the number of
 * threads.
 */
public final class FederatedSimulation {
  private static final System.Logger LOG = System.getLogger(FederatedSimulation.class.getName());

  private static final String TASK_ID = "simulation";

  private final Graph initial;
  private final FederatedDataset data;
  private final Partition partition;
  private final SimulationSettings settings;
  private final UpdateEncoding encoding;
  private final Aggregation aggregation;

  public FederatedSimulation(
      Graph initial, FederatedDataset data, Partition partition, SimulationSettings settings) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.data = Objects.requireNonNull(data, "data");
    this.partition = Objects.requireNonNull(partition, "partition");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.encoding = UpdateEncoding.parse(settings.encoding());
    this.aggregation = Aggregation.parse(settings.aggregation());
    ServerOptimizer.parse(settings.strategy()); // refuse a bad word before any work
    if (settings.clientsPerRound() > partition.clientCount()) {
      throw new IllegalArgumentException(
          settings.clientsPerRound()
              + " clients per round, but the partition has "
              + partition.clientCount()
              + " clients");
    }
  }

  /** A client's id: zero-padded so that text order is number order. */
  static String clientId(int client) {
    return String.format("client-%05d", client);
  }

  public SimulationResult run(Consumer<RoundMetrics> progress) {
    return run(Optional.empty(), c -> {}, progress);
  }

  /**
   * What must match for a checkpoint to be continued by this run: everything that decides the bits,
   * which leaves out the thread count, the round count (a run may be extended) and the centralized
   * baseline.
   */
  public String fingerprint() {
    TrainingSettings l = settings.local();
    return String.format(
        "model=%s weights=%08x data=%s train=%d partition=%s clients=%d per-round=%d strategy=%s"
            + " aggregation=%s encoding=%s seed=%d local=%d/%d/%s/%s/%s",
        initial.name(),
        Arrays.hashCode(Network.of(initial, 1).weights().toArray()),
        data.name(),
        data.train().size(),
        partition.scheme(),
        partition.clientCount(),
        settings.clientsPerRound(),
        settings.strategy(),
        settings.aggregation(),
        settings.encoding(),
        settings.seed(),
        l.epochs(),
        l.batchSize(),
        l.learningRate(),
        l.momentum(),
        l.weightDecay(),
        settings.maliciousShare());
  }

  /**
   * Runs, continuing from {@code resume} when given (the rounds it holds are not run again), and
   * hands {@code afterRound} a checkpoint after every round.
   */
  public SimulationResult run(
      Optional<SimulationCheckpoint> resume,
      Consumer<SimulationCheckpoint> afterRound,
      Consumer<RoundMetrics> progress) {
    ServerOptimizer server = ServerOptimizer.parse(settings.strategy());
    String fingerprint = fingerprint();
    TrainingSettings local = settings.local().withProximalMu(server.proximalMu());
    int batch = local.batchSize();
    Network evaluator = Network.of(initial, Math.max(batch, 256));
    Weights global = evaluator.weights();
    long modelBytes = 4L * global.size();
    Map<Integer, ErrorFeedback> feedback = new HashMap<>();
    List<RoundMetrics> rounds = new ArrayList<>();
    long sampleGradients = 0;
    int firstRound = 1;
    if (resume.isPresent()) {
      SimulationCheckpoint c = resume.get();
      if (!c.settings().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "the checkpoint is of another run (" + c.settings() + "); this run is " + fingerprint);
      }
      if (c.rounds().size() > settings.rounds()) {
        throw new IllegalArgumentException(
            "the checkpoint holds "
                + c.rounds().size()
                + " rounds, more than the "
                + settings.rounds()
                + " asked for");
      }
      global = c.global();
      server.restore(c.optimizerState());
      c.feedback()
          .forEach((client, residual) -> feedback.put(client, ErrorFeedback.restore(residual)));
      rounds.addAll(c.rounds());
      sampleGradients = c.sampleGradients();
      firstRound = c.rounds().size() + 1;
      c.rounds().forEach(progress);
    }
    BlockingQueue<LocalTrainer> trainers = new ArrayBlockingQueue<>(settings.threads());
    for (int t = 0; t < settings.threads(); t++) {
      trainers.add(new LocalTrainer(Network.of(initial, batch)));
    }
    long started = System.nanoTime();
    int ranRounds = 0;
    Set<Integer> malicious = malicious();
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
    try {
      for (int round = firstRound; round <= settings.rounds(); round++) {
        long roundStart = System.nanoTime();
        int[] chosen = choose(round);
        List<Future<LocalTrainer.Result>> futures = new ArrayList<>();
        for (int client : chosen) {
          Weights start = global;
          long seed = mix(settings.seed(), round, client);
          LabeledData slice = data.train().select(partition.samples(client));
          futures.add(
              pool.submit(
                  () -> {
                    LocalTrainer trainer = trainers.take();
                    try {
                      return trainer.train(start, slice, local, seed, () -> true);
                    } finally {
                      trainers.add(trainer);
                    }
                  }));
        }
        List<ClientUpdate> updates = new ArrayList<>();
        long bytesUp = 0;
        for (int i = 0; i < chosen.length; i++) {
          int client = chosen[i];
          LocalTrainer.Result result = await(futures.get(i));
          sampleGradients += result.sampleGradients();
          Weights honest = result.weights().minus(global);
          Weights delta =
              malicious.contains(client)
                  ? Weights.zeros(honest.layout())
                      .plusScaled(honest, SimulationSettings.MALICIOUS_SCALE)
                  : honest;
          if (delta.firstNonFinite() >= 0) {
            // A client whose training diverged (a poisoned global model does that) has nothing
            // it can send, as a device would not: it drops out of the round.
            continue;
          }
          SplittableRandom rounding = new SplittableRandom(mix(settings.seed() ^ 1, round, client));
          UpdateCodec.EncodedUpdate encoded =
              encoding instanceof UpdateEncoding.TopK
                  ? feedback
                      .computeIfAbsent(client, c -> new ErrorFeedback(delta.layout()))
                      .encode(delta, encoding, round, TASK_ID, rounding)
                  : UpdateCodec.encode(delta, encoding, round, TASK_ID, rounding);
          bytesUp += encoded.sizeBytes();
          Weights received =
              UpdateCodec.decode(encoded.bytes(), global.layout(), round, TASK_ID).delta();
          updates.add(new ClientUpdate(clientId(client), received, result.samples()));
        }
        if (!updates.isEmpty()) {
          Weights aggregated = aggregation.aggregate(updates);
          if (aggregated.firstNonFinite() < 0) {
            try {
              global = server.step(global, aggregated);
            } catch (IllegalArgumentException e) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "round {0}: the server step was refused ({1}); the model stays as it was",
                  round,
                  e.getMessage());
            }
          } else {
            LOG.log(
                System.Logger.Level.WARNING,
                "round {0}: the aggregate is not finite; the model stays as it was",
                round);
          }
        }
        Evaluation eval = Evaluation.of(evaluator, global, data.test());
        RoundMetrics metrics =
            new RoundMetrics(
                round,
                eval.accuracy(),
                eval.loss(),
                updates.size(),
                bytesUp,
                modelBytes * chosen.length,
                (System.nanoTime() - roundStart) / 1e9);
        rounds.add(metrics);
        ranRounds++;
        progress.accept(metrics);
        Map<Integer, Weights> residuals = new HashMap<>();
        feedback.forEach((client, f) -> residuals.put(client, f.residual()));
        afterRound.accept(
            new SimulationCheckpoint(
                fingerprint, rounds, sampleGradients, global, server.state(), residuals));
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Evaluation last = Evaluation.of(evaluator, global, data.test());
    OptionalDouble centralized =
        settings.centralized()
            ? OptionalDouble.of(centralizedAccuracy(sampleGradients))
            : OptionalDouble.empty();
    return new SimulationResult(
        rounds,
        last.accuracy(),
        last.macroF1(),
        centralized,
        data.testSet(),
        ranRounds == 0
            ? rounds.stream().mapToDouble(RoundMetrics::seconds).average().orElse(0)
            : seconds / ranRounds,
        sampleGradients,
        global);
  }

  /**
   * The same model trained on the union of every client's samples with the same optimizer and
   * exactly as many sample-gradient steps as the federation took, on the same test set.
   */
  private double centralizedAccuracy(long sampleGradients) {
    int[] all = partition.clients().stream().flatMapToInt(Arrays::stream).sorted().toArray();
    LabeledData union = data.train().select(all);
    Network net = Network.of(initial, settings.local().batchSize());
    LocalTrainer.Result r =
        new LocalTrainer(net)
            .train(
                net.weights(),
                union,
                settings.local(),
                settings.seed(),
                sampleGradients,
                () -> true);
    return Evaluation.of(net, r.weights(), data.test()).accuracy();
  }

  /** The clients that attack, drawn once from the seed: {@code floor(share × clients)} of them. */
  Set<Integer> malicious() {
    int n = partition.clientCount();
    int count = (int) Math.floor(settings.maliciousShare() * n);
    Set<Integer> chosen = new TreeSet<>();
    for (int c : Seeds.draw(n, count, mix(settings.seed() ^ 3, 0, -1))) {
      chosen.add(c);
    }
    return chosen;
  }

  /** The round's clients: a seeded draw without replacement, in ascending order. */
  int[] choose(int round) {
    return Seeds.draw(
        partition.clientCount(), settings.clientsPerRound(), mix(settings.seed() ^ 2, round, -1));
  }

  static long mix(long seed, int round, int client) {
    return Seeds.mix(seed, round, client);
  }

  private static LocalTrainer.Result await(Future<LocalTrainer.Result> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("a client failed: " + cause, cause);
    }
  }
}
