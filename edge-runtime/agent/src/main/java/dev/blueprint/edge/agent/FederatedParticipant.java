package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.DeviceSignals;
import dev.blueprint.edge.fl.Eligibility;
import dev.blueprint.edge.fl.ErrorFeedback;
import dev.blueprint.edge.fl.LocalDataFolder;
import dev.blueprint.edge.fl.LocalRound;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.RoundMessage;
import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.UploadAck;
import dev.blueprint.edge.fl.UploadChunk;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.mqtt.LinkException;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.Rejection;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The agent's part in federated rounds (docs/federated.md, "Devices"): takes a signed round offer,
 * trains on the local data while the device is eligible, keeps the encoded update in its {@link
 * TrainingStore}, and uploads it in chunks until the coordinator has all of it. Runs on a thread of
 * its own at the lowest priority, apart from OTA offers and from inference, which never waits on
 * it: training holds no lock inference takes and never touches the model being served.
 *
 * <p>A withdrawn offer (an empty retained message), a lost eligibility, the round's deadline and
 * the agent's death each stop training before its next step; nothing half-trained is sent. An offer
 * seen again (a reconnect, a restarted coordinator) for a round already trained is answered from
 * the store without training again: the bytes are the same, so the coordinator can count them once.
 */
final class FederatedParticipant {
  private static final System.Logger LOG = System.getLogger(FederatedParticipant.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;
  private final AgentConfig.Training training;
  private final DeviceStore trust;
  private final Envelope root;
  private final TrainingStore store;
  private final BrokerSession session;
  private final Faults faults;
  private final Clock clock;
  private final DeviceSignals signals;
  private final BooleanSupplier dead;
  private final Runnable onKilled;
  private final ExecutorService worker;
  private final LinkedBlockingQueue<UploadAck> acks = new LinkedBlockingQueue<>();
  private final Map<String, LabeledData> dataByModel = new ConcurrentHashMap<>();

  /** The offer being worked on, cleared when it is withdrawn. */
  private volatile String activeOffer;

  FederatedParticipant(
      AgentConfig config,
      DeviceStore trust,
      Envelope root,
      BrokerSession session,
      Faults faults,
      Clock clock,
      DeviceSignals signals,
      ExecutorService worker,
      BooleanSupplier dead,
      Runnable onKilled) {
    this.config = config;
    this.training = config.training().orElseThrow();
    this.trust = trust;
    this.root = root;
    this.store = new TrainingStore(config.state().resolve("training.db"));
    this.session = session;
    this.faults = faults;
    this.clock = clock;
    this.signals = signals;
    this.worker = worker;
    this.dead = dead;
    this.onKilled = onKilled;
  }

  /** A message on {@code fl/offer}; called on the link's thread, never blocks. */
  void offered(byte[] payload) {
    if (payload.length == 0) {
      // Withdrawn: the round closed (or this device's part in it ended).
      activeOffer = null;
      return;
    }
    String key = Integer.toHexString(Arrays.hashCode(payload));
    activeOffer = key;
    try {
      worker.execute(() -> handle(payload, key));
    } catch (RejectedExecutionException stopping) {
      LOG.log(Level.DEBUG, "agent stopping: round offer not taken");
    }
  }

  /** A message on {@code fl/ack}; called on the link's thread, never blocks. */
  void acknowledged(byte[] payload) {
    try {
      acks.offer(UploadAck.parse(payload));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "malformed upload acknowledgement ignored: {0}", e.getMessage());
    }
  }

  private void handle(byte[] payload, String key) {
    RoundMessage offer = null;
    try {
      offer = verified(payload);
      if (offer == null || !key.equals(activeOffer)) {
        return;
      }
      if (!clock.instant().isBefore(offer.deadline())) {
        LOG.log(Level.INFO, "{0} round {1}: deadline passed", offer.taskId(), offer.round());
        return;
      }
      Optional<TrainingStore.Stored> kept = store.latest(offer.taskId());
      if (kept.isPresent() && kept.get().round() > offer.round()) {
        LOG.log(
            Level.INFO,
            "{0} round {1} offered after round {2}: stale, ignored",
            offer.taskId(),
            offer.round(),
            kept.get().round());
        return;
      }
      TrainingStore.Stored update;
      if (kept.isPresent()
          && kept.get().round() == offer.round()
          && kept.get().modelSha256().equals(offer.modelSha256())) {
        update = kept.get();
      } else {
        update = train(offer, key);
        if (update == null) {
          return;
        }
      }
      upload(offer, update, key);
    } catch (Killed k) {
      onKilled.run();
    } catch (RuntimeException e) {
      if (dead.getAsBoolean()) {
        return;
      }
      LOG.log(Level.WARNING, "federated round not taken: {0}", e.toString());
      if (offer != null) {
        report(offer, "failed", e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
  }

  /**
   * Tells the coordinator why this device sends nothing for a round ({@code fl/status}): it may
   * count the device out at once instead of at the deadline, and an operator sees why. Best effort:
   * a report lost while offline changes nothing (the device is then a plain dropout).
   */
  private void report(RoundMessage offer, String event, String reason) {
    ObjectNode o =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("task", offer.taskId())
            .put("round", offer.round())
            .put("event", event)
            .put("reason", reason);
    try {
      session.publish(Topics.flStatus(config.deviceId()), Reports.bytes(o), false);
    } catch (LinkException e) {
      LOG.log(Level.DEBUG, () -> "round status not sent: " + e.getMessage());
    }
  }

  /** The offer if its signature checks out under what the device trusts, else null (logged). */
  private RoundMessage verified(byte[] payload) {
    try {
      Envelope env = Envelope.parse(payload, "fl offer", RoundMessage.TYPE);
      byte[] json =
          BundleVerifier.verifyRoundOffer(
              trust.trust(root), env, RoundMessage.TYPE, clock.instant());
      return RoundMessage.parse(json, "fl offer");
    } catch (Rejection | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "round offer refused: {0}", e.getMessage());
      return null;
    }
  }

  /** Trains and keeps the update; null if training stopped or the device may not train. */
  private TrainingStore.Stored train(RoundMessage offer, String key) {
    Eligibility device = new Eligibility(training.conditions(), signals, System::nanoTime);
    Eligibility task = new Eligibility(offer.conditions(), signals, System::nanoTime);
    Optional<String> whyNot = device.whyNot().or(task::whyNot);
    if (whyNot.isPresent()) {
      LOG.log(
          Level.INFO,
          "{0} round {1}: not training now: {2}",
          offer.taskId(),
          offer.round(),
          whyNot.get());
      report(offer, "ineligible", whyNot.get());
      return null;
    }
    Network network = LocalRound.network(offer);
    LabeledData data = localData(offer, network.sampleShape());
    ParameterLayout layout = network.layout();
    ErrorFeedback feedback =
        store
            .residual(offer.taskId())
            .filter(r -> r.length == layout.size())
            .map(r -> ErrorFeedback.restore(Weights.of(layout, r)))
            .orElseGet(() -> new ErrorFeedback(layout));
    // The trainer is one thread: its own share of the load must not stop it.
    double ownLoad = 1.0 / Runtime.getRuntime().availableProcessors();
    BooleanSupplier deviceOk = device.whileEligible(ownLoad);
    BooleanSupplier taskOk = task.whileEligible(ownLoad);
    BooleanSupplier keepGoing =
        () -> {
          faults.beforeTrainingStep(offer.taskId(), offer.round());
          return !dead.getAsBoolean()
              && key.equals(activeOffer)
              && clock.instant().isBefore(offer.deadline())
              && deviceOk.getAsBoolean()
              && taskOk.getAsBoolean();
        };
    LOG.log(
        Level.INFO,
        "{0} round {1}: training on {2} local samples",
        offer.taskId(),
        offer.round(),
        data.size());
    LocalRound.Outcome outcome =
        LocalRound.run(offer, network, data, feedback, keepGoing, faults::poison);
    if (outcome.update().isEmpty()) {
      LOG.log(
          Level.INFO,
          "{0} round {1}: training stopped before its end; nothing sent",
          offer.taskId(),
          offer.round());
      if (!dead.getAsBoolean() && key.equals(activeOffer)) {
        // Not withdrawn and not dying: the device stopped being eligible, or the deadline passed.
        report(
            offer,
            "stopped",
            clock.instant().isBefore(offer.deadline())
                ? "no longer eligible: "
                    + device.whyNot().or(task::whyNot).orElse("conditions changed")
                : "the round's deadline passed");
      }
      return null;
    }
    waitAsStraggler(outcome.trainingSeconds(), offer, key);
    TrainingStore.Stored kept =
        new TrainingStore.Stored(
            offer.taskId(),
            offer.round(),
            offer.modelSha256(),
            outcome.samples(),
            outcome.update().orElseThrow());
    store.keep(
        kept,
        offer.encoding() instanceof UpdateEncoding.TopK
            ? Optional.of(feedback.residual().toArray())
            : Optional.empty());
    return kept;
  }

  private void waitAsStraggler(double trainingSeconds, RoundMessage offer, String key) {
    double extra = (faults.trainingSlowdown() - 1) * trainingSeconds;
    long until = System.nanoTime() + (long) (extra * 1e9);
    while (extra > 0 && System.nanoTime() < until) {
      if (dead.getAsBoolean() || !key.equals(activeOffer)) {
        return;
      }
      try {
        // A drill's straggler: the same work, as a device three times slower would take it.
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Killed("interrupted");
      }
    }
  }

  /** The local samples, read once per model input shape and class list. */
  private LabeledData localData(RoundMessage offer, TensorShape shape) {
    String cacheKey = shape + "|" + offer.classes();
    return dataByModel.computeIfAbsent(
        cacheKey, k -> LocalDataFolder.read(training.data(), shape, offer.classes()));
  }

  /** Sends the chunks the coordinator lacks until it has them all or the round is over. */
  private void upload(RoundMessage offer, TrainingStore.Stored update, String key) {
    List<UploadChunk> chunks =
        UploadChunk.split(update.task(), update.round(), update.samples(), update.update());
    String sha = chunks.get(0).sha256();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      missing.add(i);
    }
    acks.clear();
    while (!missing.isEmpty()) {
      if (dead.getAsBoolean() || !key.equals(activeOffer)) {
        return;
      }
      if (!clock.instant().isBefore(offer.deadline())) {
        LOG.log(
            Level.INFO, "{0} round {1}: deadline passed mid-upload", offer.taskId(), offer.round());
        return;
      }
      List<Integer> window =
          List.copyOf(missing.subList(0, Math.min(config.window(), missing.size())));
      for (int i : window) {
        faults.beforeUploadChunk(update.task(), update.round(), i);
        try {
          session.publish(Topics.flUpload(config.deviceId()), chunks.get(i).encode(), false);
        } catch (LinkException e) {
          // Offline: the acknowledgement does not come, and the window is sent again.
          LOG.log(Level.DEBUG, () -> "upload chunk not sent: " + e.getMessage());
          break;
        }
      }
      UploadAck ack = awaitAck(update, sha, window);
      if (ack != null) {
        missing = new ArrayList<>(ack.missing());
      }
    }
    LOG.log(
        Level.INFO,
        "{0} round {1}: update of {2} bytes delivered",
        offer.taskId(),
        offer.round(),
        update.update().length);
  }

  /**
   * The latest acknowledgement for this update, once it shows every chunk of {@code window} arrived
   * (or the update complete), else whatever came within the stall timeout, or null. The coordinator
   * answers each chunk: waiting for the window's last answer keeps chunks still in flight from
   * being sent again.
   */
  private UploadAck awaitAck(TrainingStore.Stored update, String sha, List<Integer> window) {
    long until = System.nanoTime() + config.stallTimeout().toNanos();
    UploadAck latest = null;
    while (System.nanoTime() < until) {
      UploadAck a;
      try {
        a = acks.poll(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Killed("interrupted");
      }
      if (a == null) {
        break;
      }
      if (a.taskId().equals(update.task())
          && a.round() == update.round()
          && a.sha256().equals(sha)) {
        latest = a;
        if (a.complete() || a.missing().stream().noneMatch(window::contains)) {
          break;
        }
      }
    }
    return latest;
  }

  void close() {
    store.close();
  }
}
