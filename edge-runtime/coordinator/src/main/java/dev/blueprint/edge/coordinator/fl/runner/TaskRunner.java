package dev.blueprint.edge.coordinator.fl.runner;

import dev.blueprint.edge.coordinator.fl.ClientUpdate;
import dev.blueprint.edge.coordinator.fl.Seeds;
import dev.blueprint.edge.coordinator.fl.ServerOptimizer;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Evaluation;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one federated task to its stop rule, one round at a time, and resumes it from the round
 * store after a crash: a round is applied once, in one transaction, or not at all.
 *
 * <p>A round asks {@link FederatedTask#clientsAsked()} devices drawn (seeded by task, round and
 * attempt) from those available and aggregates as soon as the minimum completion share ({@link
 * FederatedTask#updatesNeeded()} valid updates) is in; if the deadline passes first, the round
 * fails and is asked again of a new draw. The devices still working are told the round is over.
 * Every upload is checked before it counts: decoded against the task, the round and the model's
 * layout, from a device that was asked, once. Updates for a round already closed are late and
 * dropped. Aggregation takes the updates in device-id order, so a resumed task that commits the
 * same participants reaches the same model bit for bit.
 */
public final class TaskRunner {
  private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());

  /** How often a round that found too few devices is tried again before the task gives up. */
  static final int MAX_FAILED_ATTEMPTS = 20;

  private final FederatedTask task;
  private final String taskFileText;
  private final Graph initial;
  private final TrainingSettings local;
  private final RoundStore store;
  private final RoundTransport transport;
  private final Optional<LabeledData> evaluation;
  private final Clock clock;
  private final LinkedBlockingQueue<Upload> inbox = new LinkedBlockingQueue<>();
  private volatile Consumer<CommittedRound> onCommit = c -> {};
  private volatile boolean stopping;

  /** Put in the inbox by {@link #stop} to wake a round that waits for uploads. */
  private static final Upload STOP = new Upload("", 0, new byte[0]);

  /**
   * @param local the clients' training settings (the task's overrides over the model's defaults)
   * @param evaluation the held-out set each committed round is evaluated on, if any
   */
  public TaskRunner(
      FederatedTask task,
      String taskFileText,
      Graph initial,
      TrainingSettings local,
      RoundStore store,
      RoundTransport transport,
      Optional<LabeledData> evaluation,
      Clock clock) {
    this.task = Objects.requireNonNull(task, "task");
    this.taskFileText = Objects.requireNonNull(taskFileText, "taskFileText");
    this.initial = Objects.requireNonNull(initial, "initial");
    this.local = Objects.requireNonNull(local, "local");
    this.store = Objects.requireNonNull(store, "store");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Called with every round this runner commits, after the commit, on the runner's thread (a front
   * end shows rounds as they commit; it must hand the work to its own thread).
   */
  public void onCommit(Consumer<CommittedRound> listener) {
    this.onCommit = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Ends the run from another thread: a round still collecting closes now, uncommitted, and its
   * devices are told it is over; a round that already had its updates commits first. {@link #run}
   * then returns with {@code stopped}; the task resumes after its last committed round when run
   * again. (A front end cannot interrupt the runner's thread instead: the MQTT client's publish
   * turns an interrupt into an ordinary error and carries on.)
   */
  public void stop() {
    stopping = true;
    inbox.add(STOP);
  }

  /**
   * What a run did (this process's part of it, for the counts; the model is the task's).
   *
   * @param dropouts devices asked that had sent no valid update when a round's deadline passed
   * @param abandoned devices asked that were still working when a round closed early, its updates
   *     in (over-selection's extras)
   * @param late updates that came after their round closed
   * @param stopped whether {@link #stop} ended it before its stop rule
   */
  public record Result(
      long lastRound,
      int roundsCommitted,
      int roundsFailed,
      int dropouts,
      int abandoned,
      int late,
      Map<UpdateRejected.Reason, Integer> rejected,
      boolean resumed,
      Weights global,
      OptionalDouble accuracy,
      boolean stopped) {}

  /** Runs until the task's round budget or target accuracy; resumes from the store if started. */
  public Result run() throws InterruptedException {
    transport.start(inbox::add);
    Network network = Network.of(initial, Math.max(local.batchSize(), 64));
    ServerOptimizer server = task.newOptimizer();
    boolean resumed = store.task(task.id()).isPresent();
    if (!resumed) {
      store.startTask(task.id(), taskFileText, clock.instant());
    }
    Optional<CommittedRound> last = store.lastCommitted(task.id());
    Weights global;
    long round;
    if (last.isEmpty()) {
      global = network.weights();
      store.commit(
          new CommittedRound(
              task.id(),
              0,
              global,
              List.of(),
              List.of(),
              0,
              0,
              Map.of(),
              0,
              0,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              0,
              clock.instant()));
      round = 0;
    } else {
      global = last.get().global();
      network.layout().requireSameAs(global.layout(), "the stored model of task " + task.id());
      if (!last.get().optimizerState().isEmpty()) {
        server.restore(last.get().optimizerState());
      }
      round = last.get().round();
      LOG.log(System.Logger.Level.INFO, "task {0}: resuming after round {1}", task.id(), round);
    }
    int committed = 0;
    int failed = 0;
    int dropoutsTotal = 0;
    int abandonedTotal = 0;
    int lateTotal = 0;
    Map<UpdateRejected.Reason, Integer> rejectedTotal = new EnumMap<>(UpdateRejected.Reason.class);
    OptionalDouble accuracy = OptionalDouble.empty();
    while (round < task.rounds() && !stopping) {
      long r = round + 1;
      RoundOutcome outcome = null;
      for (int attempt = 0; outcome == null && !stopping; attempt++) {
        if (attempt >= MAX_FAILED_ATTEMPTS) {
          throw new IllegalStateException(
              "task " + task.id() + ": round " + r + " failed " + attempt + " times in a row");
        }
        outcome = attempt(global, r, attempt, network.layout());
        if (outcome.updates().size() < task.updatesNeeded() && stopping) {
          LOG.log(
              System.Logger.Level.INFO,
              "task {0}: stopped while round {1} collected updates; it is not committed",
              task.id(),
              r);
          outcome = null;
        } else if (outcome.updates().size() < task.updatesNeeded()) {
          LOG.log(
              System.Logger.Level.WARNING,
              "task {0}: round {1} attempt {2} got {3} of the {4} updates it needs (asked {5};"
                  + " updates from {6})",
              task.id(),
              r,
              attempt,
              outcome.updates().size(),
              task.updatesNeeded(),
              outcome.asked(),
              outcome.updates().stream().map(ClientUpdate::clientId).toList());
          failed++;
          dropoutsTotal += outcome.dropouts();
          lateTotal += outcome.late();
          outcome.rejected().forEach((k, v) -> rejectedTotal.merge(k, v, Integer::sum));
          outcome = null;
        }
      }
      if (outcome == null) {
        break;
      }
      long start = System.nanoTime();
      Weights aggregated = task.aggregation().aggregate(outcome.updates());
      global = server.step(global, aggregated);
      OptionalDouble loss = OptionalDouble.empty();
      accuracy = OptionalDouble.empty();
      if (evaluation.isPresent()) {
        Evaluation e = Evaluation.of(network, global, evaluation.get());
        accuracy = OptionalDouble.of(e.accuracy());
        loss = OptionalDouble.of(e.loss());
      }
      List<CommittedRound.Participant> participants = new ArrayList<>();
      for (ClientUpdate u : outcome.updates()) {
        participants.add(new CommittedRound.Participant(u.clientId(), u.samples()));
      }
      CommittedRound done =
          new CommittedRound(
              task.id(),
              r,
              global,
              server.state(),
              participants,
              outcome.dropouts(),
              outcome.late(),
              outcome.rejected(),
              outcome.bytesUp(),
              outcome.bytesDown(),
              accuracy,
              loss,
              outcome.seconds() + (System.nanoTime() - start) / 1e9,
              clock.instant());
      store.commit(done);
      onCommit.accept(done);
      committed++;
      dropoutsTotal += outcome.dropouts();
      abandonedTotal += outcome.abandoned();
      lateTotal += outcome.late();
      outcome.rejected().forEach((k, v) -> rejectedTotal.merge(k, v, Integer::sum));
      round = r;
      if (task.targetAccuracy().isPresent()
          && accuracy.isPresent()
          && accuracy.getAsDouble() >= task.targetAccuracy().getAsDouble()) {
        break;
      }
    }
    return new Result(
        round,
        committed,
        failed,
        dropoutsTotal,
        abandonedTotal,
        lateTotal,
        rejectedTotal,
        resumed,
        global,
        accuracy,
        stopping && round < task.rounds());
  }

  private record RoundOutcome(
      List<String> asked,
      List<ClientUpdate> updates,
      int dropouts,
      int abandoned,
      int late,
      Map<UpdateRejected.Reason, Integer> rejected,
      long bytesUp,
      long bytesDown,
      double seconds) {}

  private RoundOutcome attempt(Weights global, long r, int attempt, ParameterLayout layout)
      throws InterruptedException {
    long started = System.nanoTime();
    Map<UpdateRejected.Reason, Integer> rejected = new EnumMap<>(UpdateRejected.Reason.class);
    int late = 0;
    // What is waiting now answers rounds already closed.
    for (Upload waiting = inbox.poll(); waiting != null; waiting = inbox.poll()) {
      if (waiting != STOP) {
        late++;
      }
    }
    if (stopping) {
      return new RoundOutcome(List.of(), List.of(), 0, 0, late, Map.of(), 0, 0, 0);
    }
    List<String> available = transport.available().stream().distinct().sorted().toList();
    List<String> asked = draw(available, task.clientsAsked(), r, attempt);
    Instant deadline = clock.instant().plus(task.roundDeadline());
    long bytesDown = 0;
    for (String device : asked) {
      long seed = deviceSeed(task.seed(), r, device);
      transport.offer(
          device, new RoundOffer(task.id(), r, global, local, task.encoding(), seed, deadline));
      bytesDown += 4L * global.size();
    }
    Set<String> askedSet = new HashSet<>(asked);
    Map<String, ClientUpdate> valid = new TreeMap<>();
    long bytesUp = 0;
    while (valid.size() < task.updatesNeeded()) {
      long waitMs = Duration.between(clock.instant(), deadline).toMillis();
      if (waitMs <= 0) {
        break;
      }
      Upload u = inbox.poll(waitMs, TimeUnit.MILLISECONDS);
      if (u == null || u == STOP) {
        break;
      }
      bytesUp += u.size();
      if (!askedSet.contains(u.deviceId())) {
        rejected.merge(UpdateRejected.Reason.NOT_SELECTED, 1, Integer::sum);
        continue;
      }
      if (valid.containsKey(u.deviceId())) {
        rejected.merge(UpdateRejected.Reason.DUPLICATE, 1, Integer::sum);
        continue;
      }
      try {
        Weights delta = UpdateCodec.decode(u.bytes(), layout, r, task.id()).delta();
        valid.put(u.deviceId(), new ClientUpdate(u.deviceId(), delta, u.samples()));
      } catch (UpdateRejected e) {
        if (e.reason() == UpdateRejected.Reason.LATE) {
          late++;
          continue;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "task {0} round {1}: update from {2} refused: {3}",
            task.id(),
            r,
            u.deviceId(),
            e.getMessage());
        rejected.merge(e.reason(), 1, Integer::sum);
      }
    }
    for (String device : asked) {
      if (!valid.containsKey(device)) {
        transport.withdraw(device, task.id(), r);
      }
    }
    // A round that had its updates before its deadline did not wait for the rest: they are
    // abandoned, not dropouts (they may well have answered); only a deadline makes dropouts.
    int missing = (int) asked.stream().filter(d -> !valid.containsKey(d)).count();
    boolean closedEarly = valid.size() >= task.updatesNeeded();
    int dropouts = closedEarly ? 0 : missing;
    int abandoned = closedEarly ? missing : 0;
    return new RoundOutcome(
        asked,
        new ArrayList<>(valid.values()),
        dropouts,
        abandoned,
        late,
        rejected,
        bytesUp,
        bytesDown,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * {@code count} of the devices (sorted), drawn with the task's seed for this round and attempt.
   */
  List<String> draw(List<String> sortedDevices, int count, long r, int attempt) {
    List<String> chosen = new ArrayList<>();
    for (int i : Seeds.draw(sortedDevices.size(), count, Seeds.mix(task.seed(), r, attempt))) {
      chosen.add(sortedDevices.get(i));
    }
    return chosen;
  }

  /**
   * A device's seed for a round: the same on every attempt of the round, so a replay of the
   * committed participants (which does not know the attempt) asks each device for the same update.
   */
  public static long deviceSeed(long taskSeed, long round, String device) {
    return Seeds.mix(taskSeed ^ device.hashCode(), round, -1);
  }
}
