package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.Topics;
import dev.blueprint.edge.coordinator.fl.runner.RoundOffer;
import dev.blueprint.edge.coordinator.fl.runner.RoundTransport;
import dev.blueprint.edge.coordinator.fl.runner.Upload;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.fl.RoundMessage;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.fl.UploadAck;
import dev.blueprint.edge.fl.UploadChunk;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A task runner's way to real devices over MQTT (docs/mqtt-contract.md, "Federated rounds"): round
 * offers go out signed, as retained messages on each asked device's {@code fl/offer}; updates come
 * back in chunks on {@code fl/upload}, are put together per device, acknowledged with what is still
 * missing on {@code fl/ack}, and handed to the runner once whole and matching their SHA-256. The
 * device is the one the topic names (the broker's ACL ties a device to its own topics). A device
 * that sends the same update again (after a reconnect or a restart on either side) is told it is
 * complete; the runner sees it once.
 */
public final class FederatedRounds implements RoundTransport {
  private static final System.Logger LOG = System.getLogger(FederatedRounds.class.getName());

  private final Coordinator coordinator;

  private final FederatedTask task;
  private final Network network;
  private final List<String> classes;
  private final Ed25519.SigningKey signer;
  private final int maxUpdateBytes;
  private final Map<String, Assembly> assemblies = new HashMap<>();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong offersSent = new AtomicLong();
  private final Map<String, Reported> reports = new TreeMap<>();

  /** When each device last said it may not train now (cleared when it sends an update). */
  private final Map<String, Instant> ineligibleAt = new HashMap<>();

  private static final ObjectMapper JSON = new ObjectMapper();
  private volatile Consumer<Upload> sink;

  /** The model bytes of the last global model offered, so a round encodes its model once. */
  private Weights lastGlobal;

  private byte[] lastModel;

  /**
   * @param network the task's model (its graph carries each round's weights to the devices)
   * @param classes the model's class names, by index (devices read their labels with them)
   * @param signer a key the devices' trusted keys metadata lists for {@code fl-model}
   */
  public FederatedRounds(
      Coordinator coordinator,
      FederatedTask task,
      Network network,
      List<String> classes,
      Ed25519.SigningKey signer) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.task = Objects.requireNonNull(task, "task");
    this.network = Objects.requireNonNull(network, "network");
    this.classes = List.copyOf(classes);
    this.signer = Objects.requireNonNull(signer, "signer");
    // float32 of every parameter, with room for the header and one scale per tensor: no encoding
    // is larger, so nothing bigger is held in memory for a device.
    this.maxUpdateBytes = 4 * network.layout().size() + 16 * network.layout().tensorCount() + 4096;
  }

  /** Upload messages refused as malformed, or for a task this runner does not run. */
  public long malformedMessages() {
    return malformed.get();
  }

  /** Round offers published so far. */
  public long offersSent() {
    return offersSent.get();
  }

  /**
   * The devices of the task's population that are online now, less those that said within the last
   * round deadline that they may not train (on battery, busy, metered), as long as enough are left
   * for a round: a device that declined is not asked again at once, but when too few others are
   * online every online device is asked, since conditions change.
   */
  @Override
  public List<String> available() {
    List<String> online = online();
    Instant since = Instant.now().minus(task.roundDeadline());
    List<String> eligible;
    synchronized (ineligibleAt) {
      eligible =
          online.stream()
              .filter(d -> !ineligibleAt.getOrDefault(d, Instant.MIN).isAfter(since))
              .toList();
    }
    return eligible.size() >= task.updatesNeeded() ? eligible : online;
  }

  private List<String> online() {
    FederatedTask.Population p = task.population();
    Set<String> wanted = Set.copyOf(p.values());
    List<String> out = new ArrayList<>();
    for (Registry.Device d : coordinator.registry().devices()) {
      if (!"online".equals(d.presence())) {
        continue;
      }
      boolean in =
          switch (p.by()) {
            case DEVICES -> wanted.contains(d.id());
            case HARDWARE -> wanted.contains(d.hardware()) || wanted.contains(d.kind());
            case LABELS -> d.labels().stream().anyMatch(wanted::contains);
          };
      if (in) {
        out.add(d.id());
      }
    }
    return out;
  }

  @Override
  public void start(Consumer<Upload> sink) {
    this.sink = sink;
    coordinator.onFlUpload(this::arrived);
    coordinator.onFlStatus(this::reported);
  }

  @Override
  public void offer(String deviceId, RoundOffer offer) {
    RoundMessage m = message(offer, conditions(), classes, modelBytes(offer.global()));
    Envelope signed = Envelope.sign(RoundMessage.TYPE, m.toJson(), List.of(signer));
    coordinator.sendToDevice(Topics.flOffer(deviceId), signed.toJson(), true);
    offersSent.incrementAndGet();
  }

  /** What a device is sent for {@code offer}, with the global model as {@code model} bytes. */
  static RoundMessage message(
      RoundOffer offer, TrainingConditions conditions, List<String> classes, byte[] model) {
    return new RoundMessage(
        offer.taskId(),
        offer.round(),
        offer.seed(),
        offer.deadline(),
        offer.local(),
        offer.encoding(),
        conditions,
        classes,
        model);
  }

  private TrainingConditions conditions() {
    return task.trainingConditions();
  }

  private synchronized byte[] modelBytes(Weights global) {
    if (global != lastGlobal) {
      lastModel = ModelFile.toBytes(network.toGraph(global));
      lastGlobal = global;
    }
    return lastModel;
  }

  @Override
  public void withdraw(String deviceId, String taskId, long round) {
    coordinator.sendToDevice(Topics.flOffer(deviceId), new byte[0], true);
    synchronized (this) {
      assemblies.remove(deviceId);
    }
  }

  /**
   * Why devices sent nothing, as they reported it ({@code fl/status}): counts by event ({@code
   * ineligible}, {@code stopped}, {@code failed}) with the latest reason of each.
   */
  public Map<String, Reported> reports() {
    synchronized (reports) {
      return Map.copyOf(reports);
    }
  }

  /** How often devices reported one event, and the last reason given. */
  public record Reported(int count, String lastDevice, String lastReason) {}

  void reported(String device, byte[] payload) {
    JsonNode r;
    try {
      r = JSON.readTree(payload);
    } catch (IOException e) {
      malformed.incrementAndGet();
      return;
    }
    if (r == null || !r.path("task").asText("").equals(task.id()) || !r.path("event").isTextual()) {
      malformed.incrementAndGet();
      return;
    }
    String event = r.path("event").asText();
    String reason = r.path("reason").asText("");
    LOG.log(
        Level.INFO,
        "{0} round {1}: {2} sends nothing: {3} ({4})",
        task.id(),
        r.path("round").asLong(),
        device,
        event,
        reason);
    if (event.equals("ineligible")) {
      synchronized (ineligibleAt) {
        ineligibleAt.put(device, Instant.now());
      }
    }
    synchronized (reports) {
      reports.merge(
          event,
          new Reported(1, device, reason),
          (a, b) -> new Reported(a.count() + 1, device, reason));
    }
  }

  /** One upload message from {@code device}. */
  void arrived(String device, byte[] payload) {
    UploadChunk c;
    try {
      c = UploadChunk.decode(payload);
    } catch (IllegalArgumentException e) {
      malformed.incrementAndGet();
      LOG.log(
          Level.WARNING, "malformed upload chunk from {0} ignored: {1}", device, e.getMessage());
      return;
    }
    if (!c.taskId().equals(task.id()) || c.size() > maxUpdateBytes) {
      malformed.incrementAndGet();
      LOG.log(
          Level.WARNING,
          "upload chunk from {0} for task {1} ({2} bytes) is not for task {3} (at most {4} bytes):"
              + " ignored",
          device,
          c.taskId(),
          c.size(),
          task.id(),
          maxUpdateBytes);
      return;
    }
    Upload whole = null;
    UploadAck ack;
    synchronized (this) {
      Assembly a = assemblies.get(device);
      if (a == null || !a.matches(c)) {
        a = new Assembly(c);
        assemblies.put(device, a);
      }
      boolean justCompleted = a.add(c);
      if (justCompleted) {
        byte[] bytes = a.bytes();
        if (UploadChunk.sha256(bytes).equals(c.sha256())) {
          whole = new Upload(device, c.samples(), bytes);
        } else {
          LOG.log(Level.WARNING, "update from {0} does not match its SHA-256: asked again", device);
          a = new Assembly(c);
          assemblies.put(device, a);
        }
      }
      ack = new UploadAck(c.taskId(), c.round(), c.sha256(), a.missing());
    }
    coordinator.sendToDevice(Topics.flAck(device), ack.toJson(), false);
    if (whole != null) {
      // The device is done with this round: its retained offer would only bring it back.
      coordinator.sendToDevice(Topics.flOffer(device), new byte[0], true);
      synchronized (ineligibleAt) {
        ineligibleAt.remove(device);
      }
      sink.accept(whole);
    }
  }

  /** One device's update, as its chunks arrive; held until the next update replaces it. */
  private static final class Assembly {
    private final long round;
    private final String sha256;
    private final byte[][] chunks;
    private boolean delivered;

    Assembly(UploadChunk first) {
      this.round = first.round();
      this.sha256 = first.sha256();
      this.chunks = new byte[first.chunks()][];
    }

    boolean matches(UploadChunk c) {
      return c.round() == round && c.sha256().equals(sha256) && c.chunks() == chunks.length;
    }

    /** Keeps a chunk; true if it was the last one missing (once per update). */
    boolean add(UploadChunk c) {
      if (chunks[c.chunk()] == null) {
        chunks[c.chunk()] = c.data();
      }
      if (!delivered && missing().isEmpty()) {
        delivered = true;
        return true;
      }
      return false;
    }

    List<Integer> missing() {
      List<Integer> m = new ArrayList<>();
      for (int i = 0; i < chunks.length; i++) {
        if (chunks[i] == null) {
          m.add(i);
        }
      }
      return m;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] c : chunks) {
        out.writeBytes(c);
      }
      return out.toByteArray();
    }
  }
}
