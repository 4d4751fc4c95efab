package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.coordinator.fl.runner.RoundOffer;
import dev.blueprint.edge.coordinator.fl.runner.RoundReplay;
import dev.blueprint.edge.coordinator.fl.runner.TaskRunner;
import dev.blueprint.edge.coordinator.fl.runner.Upload;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedDataset;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedModels;
import dev.blueprint.edge.coordinator.fl.simulation.Partition;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.coordinator.fl.task.FederatedTaskParser;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.ErrorFeedback;
import dev.blueprint.edge.fl.LocalDataFolder;
import dev.blueprint.edge.fl.LocalRound;
import dev.blueprint.edge.fl.RoundMessage;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Evaluation;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code drill fl}: a federated task run by the real coordinator ({@link TaskRunner} over {@link
 * FederatedRounds}) with real agents (in-process, each with its own state folder, SQLite databases,
 * MQTT connection and local data folder, one WISDM user's recordings) while faults are injected: a
 * share of the agents fail once each at a random stage of a random round (dropped for a while,
 * killed mid-training, killed mid-upload, or cut off the network mid-training; killed agents are
 * restarted as a service manager would), stragglers train three times slower, malicious agents send
 * sign-flipped, scaled updates, and the coordinator is killed at random points and restarted on its
 * round store. Then the same task runs again without faults (the clean accuracy), and the faulty
 * run's committed rounds are replayed with the same participants to check the final model bit for
 * bit.
 */
public final class FlDrill {
  /** The factor a malicious device multiplies its honest difference by. */
  static final double MALICIOUS_SCALE = -10;

  /**
   * @param broker "embedded" or an MQTT URL
   * @param coordinatorKills times the coordinator is killed and restarted in the faulty run
   * @param dataset the devices' data (by user) and the coordinator's evaluation set
   */
  public record Options(
      int devices,
      double faultRate,
      double malicious,
      String aggregation,
      String broker,
      String user,
      String password,
      int rounds,
      int coordinatorKills,
      long seed,
      FederatedDataset dataset,
      Path work,
      Duration timeout) {}

  /** What one run of the task did. */
  record Run(
      long lastRound,
      int roundsFailed,
      int dropouts,
      int abandoned,
      int late,
      int rejected,
      int appliedTwice,
      double accuracy,
      int agentKills,
      int coordinatorRestarts,
      double maxRecoverySeconds,
      long bytesUp,
      double seconds,
      Path store) {}

  /** The drill's figures (the command prints them). */
  public record Result(
      int devices,
      int roundsCommitted,
      int roundsFailed,
      int dropouts,
      int abandoned,
      int lateUpdates,
      int rejectedUpdates,
      int kills,
      int coordinatorRestarts,
      int updatesAppliedTwice,
      double finalAccuracy,
      double cleanAccuracy,
      boolean identicalToUninterrupted,
      double maxRecoverySeconds,
      int stragglers,
      int maliciousDevices,
      long bytesUp,
      double seconds) {}

  private final Options o;
  private final PrintWriter log;
  private final FederatedDataset dataset;
  private final FederatedModels model;

  /** The model's structure, to put a round's weights into a graph. */
  private final Network structure;

  private final List<String> ids = new ArrayList<>();
  private final Map<String, Path> dataFolders = new TreeMap<>();
  private final Set<String> malicious = new HashSet<>();
  private final Set<String> stragglers = new HashSet<>();

  private FlDrill(Options o, PrintWriter log) {
    if (o.coordinatorKills() > 0 && o.rounds() < 3) {
      throw new IllegalArgumentException(
          "coordinator kills land in rounds 2 to rounds-1: the task needs 3 rounds or more, not "
              + o.rounds());
    }
    this.o = o;
    this.log = log;
    this.dataset = o.dataset();
    this.model = FederatedModels.resolve("wisdm-mlp", Optional.empty(), o.seed());
    this.structure = Network.of(model.initial(), 1);
  }

  public static Result run(Options o, PrintWriter log) throws Exception {
    return new FlDrill(o, log).run();
  }

  private Result run() throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(o.work());
    writeLocalData();
    Random r = new Random(o.seed());
    for (String id : ids) {
      if (r.nextDouble() < o.malicious()) {
        malicious.add(id);
      }
      if (o.faultRate() > 0 && r.nextDouble() < 0.2) {
        stragglers.add(id);
      }
    }
    log.printf(
        "%d devices with one WISDM user's data each; %d malicious, %d stragglers%n",
        ids.size(), malicious.size(), stragglers.size());
    boolean faulty = o.faultRate() > 0 || !malicious.isEmpty() || o.coordinatorKills() > 0;
    Run run = runTask("faulty", o.faultRate(), o.coordinatorKills(), malicious);
    FederatedTask task = task(o.work().resolve("faulty"));
    boolean identical;
    try (RoundStore store = new RoundStore(run.store())) {
      long diff =
          RoundReplay.firstDifference(
              store, task, task.training(model.defaults()), (d, offer) -> answer(task, d, offer));
      identical = diff < 0;
      if (!identical) {
        log.printf("replay differs from the committed model at round %d%n", diff);
      }
    }
    double clean = run.accuracy();
    if (faulty) {
      Run c = runTask("clean", 0, 0, Set.of());
      clean = c.accuracy();
    }
    return new Result(
        ids.size(),
        (int) run.lastRound(),
        run.roundsFailed(),
        run.dropouts(),
        run.abandoned(),
        run.late(),
        run.rejected(),
        run.agentKills(),
        run.coordinatorRestarts(),
        run.appliedTwice(),
        run.accuracy(),
        clean,
        identical,
        run.maxRecoverySeconds(),
        stragglers.size(),
        malicious.size(),
        run.bytesUp(),
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Each device's local data folder: with up to 29 devices, one training user each; with more, each
   * user's recordings are dealt round-robin to the devices that share the user.
   */
  private void writeLocalData() throws IOException {
    Partition users = Partition.byUser(dataset.users().orElseThrow());
    int userCount = users.clientCount();
    LabeledData train = dataset.train();
    for (int i = 0; i < o.devices(); i++) {
      ids.add(String.format("dev-%03d", i));
    }
    for (int i = 0; i < o.devices(); i++) {
      int user = i % userCount;
      int share = i / userCount;
      int shares = (o.devices() - user + userCount - 1) / userCount;
      int[] all = users.samples(user);
      List<Integer> mine = new ArrayList<>();
      for (int k = share; k < all.length; k += shares) {
        mine.add(all[k]);
      }
      Path folder = o.work().resolve("data").resolve(ids.get(i));
      Files.createDirectories(folder);
      writeCsv(
          train.select(mine.stream().mapToInt(Integer::intValue).toArray()),
          folder.resolve("local.csv"));
      dataFolders.put(ids.get(i), folder);
    }
  }

  /** A local data CSV ({@link LocalDataFolder}'s tabular layout): features, then the label. */
  static void writeCsv(LabeledData d, Path file) throws IOException {
    int features = d.sampleShape().size();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int f = 0; f < features; f++) {
        w.write("x" + f + ",");
      }
      w.write("label\n");
      float[] x = d.features(0, d.size());
      for (int s = 0; s < d.size(); s++) {
        StringBuilder line = new StringBuilder();
        for (int f = 0; f < features; f++) {
          line.append(Float.toString(x[s * features + f])).append(',');
        }
        line.append(d.label(s)).append('\n');
        w.write(line.toString());
      }
    }
  }

  private String taskText(Path folder) {
    int perRound = Math.max(1, Math.min(10, ids.size() / 2));
    return String.join(
        "\n",
        "# Written by drill fl (docs/federated.md, \"Drill\").",
        "id: drill-fl",
        "model: wisdm-mlp",
        "population:",
        "  devices: [" + String.join(", ", ids) + "]",
        "rounds: " + o.rounds(),
        "clients_per_round: " + perRound,
        "over_selection: 0.5",
        "min_completion: 0.7",
        "round_deadline: 30s",
        "aggregation: " + o.aggregation(),
        "encoding: float32",
        "seed: " + o.seed(),
        "training_conditions:",
        "  power: false",
        "  unmetered: false",
        "  idle: false",
        "");
  }

  private FederatedTask task(Path folder) {
    return FederatedTaskParser.parse(taskText(folder), "drill-fl.yaml", folder);
  }

  /** What a device uploads for an offer: the agent's own code, on its own data folder. */
  private Upload answer(FederatedTask task, String device, RoundOffer offer) {
    RoundMessage m =
        FederatedRounds.message(
            offer,
            task.trainingConditions(),
            dataset.train().classNames(),
            ModelFile.toBytes(structure.toGraph(offer.global())));
    Network network = LocalRound.network(m);
    LabeledData local =
        LocalDataFolder.read(
            dataFolders.get(device), network.sampleShape(), dataset.train().classNames());
    LocalRound.Outcome out =
        LocalRound.run(
            m,
            network,
            local,
            new ErrorFeedback(network.layout()),
            () -> true,
            malicious.contains(device) ? FlDrill::poison : w -> w);
    return new Upload(device, out.samples(), out.update().orElseThrow());
  }

  static Weights poison(Weights honest) {
    return Weights.zeros(honest.layout()).plusScaled(honest, MALICIOUS_SCALE);
  }

  private Run runTask(String name, double faultRate, int coordinatorKills, Set<String> attackers)
      throws Exception {
    long started = System.nanoTime();
    Path work = o.work().resolve(name);
    Files.createDirectories(work);
    FederatedTask task = task(work);
    String text = taskText(work);
    TrainingSettings local = task.training(model.defaults());
    DrillFleet fleet = new DrillFleet(work);
    Path v1 = fleet.bundle("classifier", 1, true, 0, 64 << 10);
    EmbeddedBroker broker =
        o.broker().equals("embedded") ? EmbeddedBroker.start(0, work.resolve("broker")) : null;
    String url = broker != null ? broker.url() : o.broker();
    Random random = new Random(o.seed() ^ name.hashCode());
    AtomicInteger kills = new AtomicInteger();
    Map<String, AgentConfig> configs = new TreeMap<>();
    Map<String, DrillDevice> plans = new TreeMap<>();
    Map<String, Agent> agents = new ConcurrentHashMap<>();
    for (String id : ids) {
      AgentConfig c =
          AgentConfig.of(
                  id,
                  url,
                  work.resolve("devices").resolve(id),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withTransfer(8, Duration.ofMillis(1500), Duration.ofSeconds(60))
              .withTelemetry(Duration.ofSeconds(30))
              .withTraining(
                  new AgentConfig.Training(dataFolders.get(id), TrainingConditions.ALWAYS, true));
      if (o.user() != null) {
        c = c.withCredentials(id, o.password());
      }
      configs.put(id, c);
      Agent.provision(c, v1);
      DrillDevice.Stage stage =
          random.nextDouble() < faultRate
              ? DrillDevice.Stage.values()[random.nextInt(DrillDevice.Stage.values().length)]
              : null;
      long round = 1 + random.nextInt(Math.max(1, o.rounds() * 2 / 3));
      plans.put(
          id,
          new DrillDevice(
              stage,
              round,
              faultRate > 0 && stragglers.contains(id),
              attackers.contains(id),
              kills));
    }
    long storeBytesUp = 0;
    Path storeFile = work.resolve("rounds.db");
    Map<UpdateRejected.Reason, Integer> rejected = new EnumMap<>(UpdateRejected.Reason.class);
    int failed = 0;
    int dropouts = 0;
    int late = 0;
    int restarts = 0;
    int abandoned = 0;
    double maxRecovery = 0;
    LabeledData test = dataset.test();
    try (Registry registry = new Registry(work.resolve("registry.db"))) {
      for (String id : ids) {
        Agent a = Agent.start(configs.get(id), plans.get(id));
        plans.get(id).agent.set(a);
        agents.put(id, a);
      }
      // Kill points: a random round of the task, at a random stage of it.
      List<KillSwitch.Plan> killPlans = new ArrayList<>();
      for (int k = 0; k < coordinatorKills; k++) {
        killPlans.add(
            new KillSwitch.Plan(
                2 + random.nextInt(Math.max(1, o.rounds() - 2)),
                KillSwitch.Stage.values()[random.nextInt(KillSwitch.Stage.values().length)],
                random.nextInt(task.updatesNeeded())));
      }
      killPlans.sort(Comparator.comparingLong(KillSwitch.Plan::round));
      long deadline = System.nanoTime() + o.timeout().toNanos();
      boolean done = false;
      while (!done) {
        long restartBegan = System.nanoTime();
        Coordinator coordinator =
            new Coordinator(url, registry, o.user() == null ? null : "coordinator", o.password());
        if (restarts == 0) {
          // Presence is retained: the coordinator learns of every agent once it subscribes.
          awaitOnline(registry, ids.size(), Duration.ofSeconds(60));
        }
        RoundStore store = new RoundStore(storeFile);
        FederatedRounds rounds =
            new FederatedRounds(
                coordinator,
                task,
                Network.of(model.initial(), local.batchSize()),
                dataset.train().classNames(),
                fleet.signer());
        KillSwitch transport =
            new KillSwitch(
                rounds, killPlans.isEmpty() ? Optional.empty() : Optional.of(killPlans.get(0)));
        TaskRunner runner =
            new TaskRunner(
                task,
                text,
                model.initial(),
                local,
                store,
                transport,
                Optional.of(test),
                Clock.systemUTC());
        AtomicReference<TaskRunner.Result> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    result.set(runner.run());
                  } catch (InterruptedException | KillSwitch.Killed e) {
                    // The coordinator process dies here: nothing after this line of it runs.
                  } catch (Throwable e) {
                    error.set(e);
                  }
                },
                "drill-coordinator");
        transport.runner(t);
        t.setDaemon(true);
        t.start();
        boolean recoveryMeasured = restarts == 0;
        while (t.isAlive() && System.nanoTime() < deadline) {
          supervise(agents, configs, plans);
          if (!recoveryMeasured && rounds.offersSent() > 0) {
            maxRecovery = Math.max(maxRecovery, (System.nanoTime() - restartBegan) / 1e9);
            recoveryMeasured = true;
          }
          Thread.sleep(20);
        }
        if (t.isAlive()) {
          t.interrupt();
          t.join(10_000);
          coordinator.close();
          store.close();
          throw new IllegalStateException(
              "drill fl (" + name + "): the task did not finish within " + o.timeout());
        }
        coordinator.close();
        if (error.get() != null) {
          store.close();
          throw new IllegalStateException(
              "drill fl (" + name + "): the task failed: " + error.get(), error.get());
        }
        if (result.get() == null) {
          KillSwitch.Plan fired = killPlans.remove(0);
          restarts++;
          log.printf(
              "%s: coordinator killed in round %d (%s); restarting%n",
              name, fired.round(), fired.stage().name().toLowerCase(Locale.ROOT));
          store.close();
          continue;
        }
        failed += result.get().roundsFailed();
        store.close();
        done = true;
      }
    } finally {
      for (Agent a : agents.values()) {
        a.die();
      }
      if (broker != null) {
        broker.close();
      }
    }
    long lastRound;
    int twice = 0;
    double accuracy;
    try (RoundStore store = new RoundStore(storeFile)) {
      CommittedRound last = store.lastCommitted(task.id()).orElseThrow();
      lastRound = last.round();
      for (long r = 1; r <= lastRound; r++) {
        CommittedRound c = store.round(task.id(), r).orElseThrow();
        Set<String> seen = new HashSet<>();
        for (CommittedRound.Participant p : c.participants()) {
          if (!seen.add(p.clientId())) {
            twice++;
          }
        }
        // Counted from the store: a killed coordinator's counts live on only there.
        storeBytesUp += c.bytesUp();
        dropouts += c.dropped();
        // A round that closed early asked clientsAsked devices and waited for none of the rest.
        abandoned += Math.max(0, task.clientsAsked() - c.participants().size() - c.dropped());
        late += c.late();
        c.rejected().forEach((k, v) -> rejected.merge(k, v, Integer::sum));
      }
      Network network = Network.of(model.initial(), 64);
      accuracy = Evaluation.of(network, last.global(), test).accuracy();
    }
    int rejectedTotal = rejected.values().stream().mapToInt(Integer::intValue).sum();
    log.printf(
        "%s: %d rounds committed, accuracy %.4f, %d agent kills, %d coordinator restarts%n",
        name, lastRound, accuracy, kills.get(), restarts);
    return new Run(
        lastRound,
        failed,
        dropouts,
        abandoned,
        late,
        rejectedTotal,
        twice,
        accuracy,
        kills.get(),
        restarts,
        maxRecovery,
        storeBytesUp,
        (System.nanoTime() - started) / 1e9,
        storeFile);
  }

  /** Restarts agents that died, when their plan says (a dropped device comes back later). */
  private static void supervise(
      Map<String, Agent> agents, Map<String, AgentConfig> configs, Map<String, DrillDevice> plans)
      throws IOException {
    for (Map.Entry<String, Agent> e : agents.entrySet()) {
      DrillDevice plan = plans.get(e.getKey());
      if (e.getValue().isDead() && System.nanoTime() >= plan.restartAfterNanos) {
        Agent a = Agent.start(configs.get(e.getKey()), plan);
        plan.agent.set(a);
        agents.put(e.getKey(), a);
      }
    }
  }

  private static void awaitOnline(Registry registry, int count, Duration patience)
      throws InterruptedException {
    long until = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < until) {
      long online = registry.devices().stream().filter(d -> "online".equals(d.presence())).count();
      if (online >= count) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "only some of the " + count + " agents came online within " + patience);
  }
}
