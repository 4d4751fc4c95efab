package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedDataset;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedModels;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedSimulation;
import dev.blueprint.edge.coordinator.fl.simulation.Partition;
import dev.blueprint.edge.coordinator.fl.simulation.RoundMetrics;
import dev.blueprint.edge.coordinator.fl.simulation.SimulationCheckpoint;
import dev.blueprint.edge.coordinator.fl.simulation.SimulationResult;
import dev.blueprint.edge.coordinator.fl.simulation.SimulationSettings;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code blueprint-edge fl}: federated learning from the command line. */
@Command(
    name = "fl",
    description =
        "Federated learning: simulate a task with virtual clients, or run a task file against"
            + " a fleet.",
    subcommands = {FlCommand.Simulate.class, FlRunCommand.class})
final class FlCommand {

  @Command(
      name = "simulate",
      description =
          "Runs the device trainer and the server strategies with virtual clients in this JVM (no"
              + " broker): accuracy and loss by round, bytes up and down, and the centralized"
              + " baseline trained on the union of the clients' data with as many sample-gradient"
              + " steps (docs/federated.md).")
  static final class Simulate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--model",
        required = true,
        description =
            "A shipped model (wisdm-mlp, fashion-cnn: its architecture from fresh weights),"
                + " niid-cnn (the NIID-Bench CNN), or a float .bpm file (its weights are the start).")
    String model;

    @Option(
        names = "--data",
        required = true,
        description =
            "Folder with the data set (WISDM csv or Fashion-MNIST IDX files, directly or"
                + " in wisdm-har/ or fashion-mnist/).")
    Path data;

    @Option(
        names = "--partition",
        description =
            "by-user, iid, dirichlet:ALPHA, labels:K, or label-sets:A,B/C,D/... naming each"
                + " client's labels (default: by-user for WISDM, iid otherwise).")
    String partition;

    @Option(
        names = "--clients",
        description = "Virtual clients (default: one per user with by-user, else 10).")
    Integer clients;

    @Option(
        names = "--clients-per-round",
        required = true,
        description = "Clients drawn each round.")
    int clientsPerRound;

    @Option(names = "--rounds", required = true, description = "Rounds to run.")
    int rounds;

    @Option(
        names = "--strategy",
        defaultValue = "fedavg",
        description =
            "fedavg, fedavgm, fedprox:mu=M, fedadam, fedyogi, fedadagrad (default"
                + " ${DEFAULT-VALUE}).")
    String strategy;

    @Option(
        names = "--aggregation",
        defaultValue = "mean",
        description =
            "mean, median, trimmed-mean:B, krum:F, multi-krum:F (default ${DEFAULT-VALUE}).")
    String aggregation;

    @Option(
        names = "--encoding",
        defaultValue = "float32",
        description = "float32, int8, top-k:F or int8+top-k:F (default ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--local-epochs", description = "Local epochs (default: the model's).")
    Integer localEpochs;

    @Option(names = "--batch", description = "Local batch size (default: the model's).")
    Integer batch;

    @Option(names = "--lr", description = "Local SGD learning rate (default: the model's).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--threads",
        description = "Clients trained at once (default: the processors available).")
    Integer threads;

    @Option(
        names = "--validation-users",
        description =
            "Move this many training users (drawn with the seed) out of the clients' pool and"
                + " evaluate on them instead of the test set: for choosing settings (user-split data"
                + " only).")
    Integer validationUsers;

    @Option(
        names = "--checkpoint",
        description =
            "Save the run here after every round, and continue from it if it exists (same"
                + " settings only): long benchmarks run across sessions, bit for bit.")
    Path checkpoint;

    @Option(
        names = "--malicious",
        defaultValue = "0",
        description =
            "Share of clients (drawn once with the seed) that attack by sending −10 × their update"
                + " (default ${DEFAULT-VALUE}).")
    double malicious;

    @Option(names = "--no-centralized", description = "Skip the centralized baseline.")
    boolean noCentralized;

    @Option(
        names = "--save-model",
        description =
            "Write the final global model here as a float .bpm (refuses an existing file).")
    Path saveModel;

    @Option(
        names = "--models-dir",
        description = "Folder of shipped models (default: models/edge).")
    Path modelsDir;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Override
    public Integer call() {
      if (!format.equals("text") && !format.equals("json")) {
        throw new IllegalArgumentException("--format must be text or json, got " + format);
      }
      if (saveModel != null && Files.exists(saveModel)) {
        throw new IllegalArgumentException(
            "--save-model " + saveModel + " exists; this command writes only new files");
      }
      FederatedModels chosen =
          FederatedModels.resolve(
              model,
              modelsDir != null
                  ? Optional.of(modelsDir)
                  : dev.blueprint.edge.shipped.ShippedModels.defaultFolder(),
              seed);
      FederatedDataset dataset = chosen.dataset().apply(data);
      if (validationUsers != null) {
        dataset = dataset.validationOnUsers(validationUsers, seed);
      }
      TrainingSettings d = chosen.defaults();
      TrainingSettings local =
          new TrainingSettings(
              localEpochs != null ? localEpochs : d.epochs(),
              batch != null ? batch : d.batchSize(),
              learningRate != null ? learningRate : d.learningRate(),
              d.momentum(),
              d.weightDecay(),
              0);
      String scheme = partition != null ? partition : chosen.defaultPartition();
      int clientCount = clients != null ? clients : 10;
      Partition p =
          Partition.parse(
              scheme,
              dataset.train().labels(),
              dataset.train().classNames().size(),
              dataset.users().orElse(null),
              clientCount,
              seed);
      if (clients != null && p.clientCount() != clients) {
        throw new IllegalArgumentException(
            "--clients "
                + clients
                + " with partition "
                + scheme
                + ", which makes "
                + p.clientCount());
      }
      SimulationSettings settings =
          new SimulationSettings(
              rounds,
              clientsPerRound,
              local,
              strategy,
              aggregation,
              encoding,
              seed,
              !noCentralized,
              threads != null ? threads : Runtime.getRuntime().availableProcessors(),
              malicious);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter progress = format.equals("json") ? spec.commandLine().getErr() : out;
      p.describe(dataset.train().labels(), dataset.train().classNames().size(), 20)
          .forEach(progress::println);
      progress.flush();
      FederatedSimulation sim = new FederatedSimulation(chosen.initial(), dataset, p, settings);
      Optional<SimulationCheckpoint> resume =
          checkpoint != null && Files.exists(checkpoint)
              ? Optional.of(
                  SimulationCheckpoint.read(
                      checkpoint, sim.fingerprint(), Network.of(chosen.initial(), 1).layout()))
              : Optional.empty();
      SimulationResult r =
          sim.run(
              resume,
              c -> {
                if (checkpoint != null) {
                  c.write(checkpoint);
                }
              },
              m -> {
                progress.printf(
                    "round %3d  accuracy %.4f  loss %.4f  clients %d  up %,d B  %.2f s%n",
                    m.round(), m.accuracy(), m.loss(), m.participants(), m.bytesUp(), m.seconds());
                progress.flush();
              });
      if (saveModel != null) {
        Graph trained = Network.of(chosen.initial(), 1).toGraph(r.finalWeights());
        ModelFile.write(trained, saveModel);
      }
      if (format.equals("json")) {
        out.println(json(r, settings, p, dataset).toPrettyString());
      } else {
        out.printf(
            "%s on %s (%s, %d clients, %d per round, %d rounds, %s, %s, %s)%n",
            model,
            dataset.name(),
            p.scheme(),
            p.clientCount(),
            clientsPerRound,
            rounds,
            strategy,
            aggregation,
            encoding);
        out.printf(
            "final accuracy %.4f (macro-F1 %.4f) on %s%n",
            r.finalAccuracy(), r.finalMacroF1(), r.testSet());
        r.centralizedAccuracy()
            .ifPresent(
                c ->
                    out.printf(
                        "centralized accuracy %.4f (same model, optimizer and %,d sample gradients)%n",
                        c, r.sampleGradients()));
        out.printf(
            "rounds to 95%% of final accuracy: %d; %.2f s per round%n",
            r.roundsToReach(0.95), r.secondsPerRound());
      }
      return 0;
    }

    private static ObjectNode json(
        SimulationResult r, SimulationSettings s, Partition p, FederatedDataset d) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode o = mapper.createObjectNode();
      ArrayNode rounds = o.putArray("rounds");
      for (RoundMetrics m : r.rounds()) {
        rounds
            .addObject()
            .put("round", m.round())
            .put("accuracy", m.accuracy())
            .put("loss", m.loss())
            .put("participants", m.participants())
            .put("bytes_up", m.bytesUp())
            .put("bytes_down", m.bytesDown())
            .put("seconds", m.seconds());
      }
      o.put("final_accuracy", r.finalAccuracy());
      if (r.centralizedAccuracy().isPresent()) {
        o.put("centralized_accuracy", r.centralizedAccuracy().getAsDouble());
      } else {
        o.putNull("centralized_accuracy");
      }
      o.put("test_set", r.testSet());
      o.put("seconds_per_round", r.secondsPerRound());
      o.put("final_macro_f1", r.finalMacroF1());
      o.put("rounds_to_95pct_of_final", r.roundsToReach(0.95));
      o.put("sample_gradients", r.sampleGradients());
      o.put("data_set", d.name());
      o.put("partition", p.scheme());
      o.put("clients", p.clientCount());
      o.put("clients_per_round", s.clientsPerRound());
      o.put("strategy", s.strategy());
      o.put("aggregation", s.aggregation());
      o.put("encoding", s.encoding());
      o.put("local_epochs", s.local().epochs());
      o.put("batch", s.local().batchSize());
      o.put("lr", s.local().learningRate());
      o.put("seed", s.seed());
      o.put("malicious_share", s.maliciousShare());
      return o;
    }
  }
}
