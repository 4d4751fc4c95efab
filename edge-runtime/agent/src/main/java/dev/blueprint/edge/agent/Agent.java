package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.PayloadWriter;
import dev.blueprint.edge.ota.Rejection;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.SlotStore;
import dev.blueprint.edge.ota.TrustState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The device daemon's update side: registers with the coordinator, announces presence (with a last
 * will), pulls offered bundles chunk by chunk into its state folder, installs them into A/B slots,
 * runs the bundle's health check and commits or rolls back, and reports every step. All outgoing
 * reports go through the SQLite outbox, so nothing is lost while the broker is away. Offers are
 * handled one at a time on a worker thread; the MQTT callback thread only hands messages over.
 */
public final class Agent implements AutoCloseable {
  /**
   * Points where a drill can make the agent die: a hook throws {@link Killed} and the agent stops
   * there as abruptly as an in-process instance can (no DISCONNECT, no cleanup).
   */
  public interface Faults {
    default void beforeChunkWrite(String bundle, int file, int chunk) {}

    default void beforeSwitch(String bundle) {}

    default void afterSwitch(String bundle) {}

    /** True to cut the network after this chunk is written (the agent reconnects by itself). */
    default boolean dropConnectionAfter(String bundle, int file, int chunk) {
      return false;
    }

    Faults NONE = new Faults() {};
  }

  /** Thrown by a {@link Faults} hook: the simulated process death. */
  public static final class Killed extends RuntimeException {
    public Killed(String where) {
      super("killed " + where);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;
  private final Faults faults;
  private final DeviceStore store;
  private final Envelope provisionedRoot;
  private final ExecutorService worker;
  private final ScheduledExecutorService timers;
  private final BlockingQueue<ChunkMessage> arrivals;
  private final AtomicBoolean dead = new AtomicBoolean();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final Object flushLock = new Object();
  private volatile MqttClient mqtt;
  private volatile InferenceServer inference;
  private volatile String lastOutcome;

  private Agent(AgentConfig config, Faults faults) throws IOException {
    this.config = config;
    this.faults = faults;
    this.store = new DeviceStore(config.state().resolve("device.db"));
    this.provisionedRoot =
        Envelope.parse(
            Files.readAllBytes(config.root()), config.root().toString(), RootMetadata.TYPE);
    this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "agent-" + config.deviceId()));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "agent-timer-" + config.deviceId()));
    this.arrivals = new ArrayBlockingQueue<>(Math.max(4, config.window() * 2));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts an agent: recovers any trial slot, connects, announces itself. */
  public static Agent start(AgentConfig config, Faults faults) throws IOException {
    Agent a = new Agent(config, faults);
    a.store.trust(a.provisionedRoot);
    if (config.inferPort() > 0) {
      a.inference = InferenceServer.start(config.inferPort());
    }
    a.worker.submit(a::recoverSlots);
    a.worker.submit(a::reloadServing);
    a.connect();
    a.timers.scheduleWithFixedDelay(a::flushQuietly, 200, 200, TimeUnit.MILLISECONDS);
    a.timers.scheduleWithFixedDelay(
        a::telemetry,
        config.telemetryInterval().toMillis(),
        config.telemetryInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    return a;
  }

  /**
   * Factory provisioning: installs a bundle file straight into its slots, with the same checks as
   * an update (signatures, versions, target, hashes, health check), before the agent first runs.
   *
   * @return the committed slot
   */
  public static SlotStore.Active provision(AgentConfig config, Path bpb) throws IOException {
    try (DeviceStore store = new DeviceStore(config.state().resolve("device.db"))) {
      Envelope root =
          Envelope.parse(
              Files.readAllBytes(config.root()), config.root().toString(), RootMetadata.TYPE);
      TrustState trust = store.trust(root);
      BundleVerifier.Accepted[] accepted = {null};
      dev.blueprint.edge.ota.BundleArchive.Metadata md =
          dev.blueprint.edge.ota.BundleArchive.readMetadata(bpb);
      Manifest peek = Manifest.parse(md.manifest().payload(), bpb + ": manifest");
      SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(peek.name()));
      dev.blueprint.edge.ota.BundleArchive.extract(
          bpb,
          meta -> {
            accepted[0] =
                BundleVerifier.verify(
                    trust,
                    meta.roots(),
                    meta.keys(),
                    meta.manifest(),
                    new BundleVerifier.Device(
                        config.hardwareId(), config.hardwareKind(), RuntimeVersion.CURRENT),
                    Instant.now());
            return accepted[0].manifest();
          },
          slots.staging());
      Manifest m = accepted[0].manifest();
      slots.switchTo(m.version(), m.counter());
      HealthCheck.Result health = HealthCheck.run(slots.activeFolder().orElseThrow());
      if (!health.passed()) {
        slots.rollback();
        throw new IllegalStateException(bpb + " fails its health check: " + health.reason());
      }
      SlotStore.Active done = slots.commit();
      store.saveTrust(accepted[0].state().installed(m.name(), m.counter()));
      store.fact("serving", m.name());
      return done;
    }
  }

  public AgentConfig config() {
    return config;
  }

  /** Bytes of chunk payload this instance has received. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  public boolean isDead() {
    return dead.get();
  }

  /** The local inference endpoint's port, or 0 when the config asks for none. */
  public int inferencePort() {
    InferenceServer s = inference;
    return s == null ? 0 : s.port();
  }

  /** Points local inference at the committed slot of the bundle being served. */
  private void reloadServing() {
    InferenceServer s = inference;
    String name = store.fact("serving");
    if (s == null || name == null) {
      return;
    }
    try {
      SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(name), false);
      Optional<SlotStore.Active> a = slots.active();
      if (a.isPresent()) {
        s.load(name, a.get().version(), slots.activeFolder().orElseThrow());
      }
    } catch (IOException | RuntimeException e) {
      // Nothing served until the next install; requests get 503.
    }
  }

  /** Whether the MQTT connection is up right now. */
  public boolean isConnected() {
    MqttClient c = mqtt;
    return c != null && c.isConnected();
  }

  /** The last final outcome of an offer (healthy, rolled back or refused, with why), or null. */
  public String lastOutcome() {
    return lastOutcome;
  }

  /** The committed (or trial) version of each installed bundle, by name. */
  public Map<String, SlotStore.Active> installed() throws IOException {
    return installedIn(config);
  }

  /** As {@link #installed()}, read from a state folder without starting an agent. */
  public static Map<String, SlotStore.Active> installedIn(AgentConfig config) throws IOException {
    Map<String, SlotStore.Active> out = new TreeMap<>();
    Path slots = config.state().resolve("slots");
    if (!Files.isDirectory(slots)) {
      return out;
    }
    try (var names = Files.list(slots)) {
      for (Path p : names.toList()) {
        new SlotStore(p, false).active().ifPresent(a -> out.put(p.getFileName().toString(), a));
      }
    }
    return out;
  }

  private void connect() {
    try {
      MqttClient client =
          new MqttClient(config.broker(), config.deviceId(), new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setAutomaticReconnect(true);
      o.setMaxReconnectDelay(5_000);
      o.setConnectionTimeout(10);
      o.setKeepAliveInterval(10);
      if (config.username() != null) {
        o.setUserName(config.username());
      }
      if (config.password() != null) {
        o.setPassword(config.password().toCharArray());
      }
      o.setWill(Topics.presence(config.deviceId()), presence("offline"), 1, true);
      if (config.caFile() != null) {
        o.setSocketFactory(Tls.trusting(config.caFile()));
      }
      o.setMaxInflight(Math.max(10, config.window() * 2));
      client.setCallback(new Callback());
      // A publish in flight when the broker goes away would otherwise wait forever.
      client.setTimeToWait(5_000);
      mqtt = client;
      client.connect(o);
      onConnected();
    } catch (MqttException | IOException e) {
      // The broker may be down at boot: automatic reconnect needs one successful connect, so
      // keep trying in the background.
      timers.schedule(this::connect, 1, TimeUnit.SECONDS);
    }
  }

  private void onConnected() {
    try {
      MqttClient c = mqtt;
      c.subscribe(Topics.offer(config.deviceId()), 1);
      c.subscribe(Topics.chunk(config.deviceId()), 1);
      MqttMessage online = new MqttMessage(presence("online"));
      online.setQos(1);
      online.setRetained(true);
      c.publish(Topics.presence(config.deviceId()), online);
      store.enqueue(Topics.register(config.deviceId()), registration(), true);
    } catch (MqttException | IOException | RuntimeException e) {
      // A drop right after connecting: the next connectComplete repeats this.
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectionLost(Throwable cause) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (dead.get()) {
        return;
      }
      String kind = Topics.kindOf(topic);
      if (kind.equals("offer")) {
        byte[] payload = message.getPayload();
        worker.submit(() -> handleOffer(payload));
      } else if (kind.equals("chunk")) {
        try {
          // A full queue drops the chunk: it is asked for again, memory stays bounded.
          arrivals.offer(ChunkMessage.decode(message.getPayload()));
        } catch (IllegalArgumentException e) {
          // Malformed chunk: ignored, and asked for again when its window stalls.
        }
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect && !dead.get()) {
        // Never block Paho's callback thread: a subscribe waits for an acknowledgement that
        // this very thread would have to deliver.
        timers.execute(Agent.this::onConnected);
      }
    }
  }

  // ---- offers ----

  private void handleOffer(byte[] payload) {
    if (dead.get() || payload.length == 0) {
      return;
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    JsonNode offer;
    Envelope manifestEnv;
    Envelope keysEnv;
    List<Envelope> roots = new ArrayList<>();
    String rollout;
    try {
      offer = JSON.readTree(text);
      rollout = offer.path("rollout").asText("");
      manifestEnv =
          Envelope.parse(
              Base64.getDecoder().decode(offer.path("manifest").asText()),
              "offer: manifest",
              Manifest.TYPE);
      keysEnv =
          offer.hasNonNull("keys")
              ? Envelope.parse(
                  Base64.getDecoder().decode(offer.get("keys").asText()),
                  "offer: keys",
                  KeysMetadata.TYPE)
              : null;
      for (JsonNode r : offer.path("roots")) {
        roots.add(
            Envelope.parse(
                Base64.getDecoder().decode(r.asText()), "offer: root", RootMetadata.TYPE));
      }
    } catch (IOException | IllegalArgumentException e) {
      report("refused", null, null, 0, "malformed", "offer is not valid: " + e.getMessage(), null);
      return;
    } catch (Rejection r) {
      report(
          "refused",
          null,
          null,
          0,
          r.reason().name().toLowerCase(java.util.Locale.ROOT),
          r.getMessage(),
          null);
      return;
    }
    try {
      install(rollout, roots, keysEnv, manifestEnv);
    } catch (Killed k) {
      die();
    } catch (Rejection r) {
      report(
          "refused",
          rollout,
          null,
          0,
          r.reason().name().toLowerCase(java.util.Locale.ROOT),
          r.getMessage(),
          null);
      if (r.reason() == Rejection.Reason.STALLED && !dead.get()) {
        // Slow retrieval: give up for now, keep the chunks, and try the same offer again later.
        timers.schedule(
            () -> worker.submit(() -> handleOffer(payload)),
            config.deadline().toMillis(),
            TimeUnit.MILLISECONDS);
      }
    } catch (IOException | RuntimeException e) {
      if (!dead.get()) {
        report("refused", rollout, null, 0, "error", String.valueOf(e.getMessage()), null);
      }
    }
  }

  private void install(String rollout, List<Envelope> roots, Envelope keysEnv, Envelope manifestEnv)
      throws IOException {
    TrustState trust = store.trust(provisionedRoot);
    BundleVerifier.Accepted ok;
    try {
      ok =
          BundleVerifier.verify(
              trust,
              roots,
              keysEnv,
              manifestEnv,
              new BundleVerifier.Device(
                  config.hardwareId(), config.hardwareKind(), RuntimeVersion.CURRENT),
              Instant.now());
    } catch (Rejection r) {
      if (r.reason() == Rejection.Reason.ROLLBACK && alreadyInstalled(manifestEnv, rollout)) {
        return;
      }
      throw r;
    }
    Manifest m = ok.manifest();
    String failedBefore = store.fact("failed:" + m.name() + ":" + m.counter());
    if (failedBefore != null) {
      // This release already failed its health check here: do not install it again.
      report("rolled-back", rollout, m, 0, "health", failedBefore, null);
      return;
    }
    // New roots and keys are trusted from here on, whatever becomes of this bundle.
    store.saveTrust(ok.state().installed(m.name(), trust.counter(m.name())));
    SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(m.name()));
    long usable = Files.getFileStore(config.state()).getUsableSpace();
    long needed = m.totalBytes() + config.diskReserveBytes();
    if (usable < needed) {
      throw new Rejection(
          Rejection.Reason.NO_SPACE,
          m.name()
              + " "
              + m.version()
              + " needs "
              + needed
              + " bytes with the reserve, "
              + usable
              + " are free");
    }
    Path transfer = config.state().resolve("transfer").resolve(m.name() + "-" + m.counter());
    store.forgetTransfers(m.name(), m.counter());
    fetchAll(rollout, m, transfer);
    faults.beforeSwitch(m.name());
    Path staging = slots.staging();
    Files.createDirectories(staging);
    for (int i = 0; i < m.files().size(); i++) {
      Manifest.FileEntry f = m.files().get(i);
      Path part = transfer.resolve(i + ".part");
      try {
        PayloadWriter.verify(m, f, part);
      } catch (Rejection r) {
        // The disk lost or changed what was checked on arrival: fetch this file again next time.
        Files.deleteIfExists(part);
        throw r;
      }
      // Moved, not copied: the bundle is on disk once, and the slot switch syncs it.
      Path target = staging.resolve(f.path());
      Files.createDirectories(target.getParent());
      Files.move(part, target);
    }
    SlotStore.Active trial = slots.switchTo(m.version(), m.counter());
    report("installed", rollout, m, 0, null, "slot " + trial.slot() + " on trial", null);
    faults.afterSwitch(m.name());
    finishTrial(rollout, m.name(), slots);
    dev.blueprint.edge.ota.AtomicFiles.deleteTree(transfer);
    store.forgetTransfers(null, 0);
  }

  /**
   * An offer repeated after the release was installed (a retained offer seen again on reconnect) is
   * answered with the installed state rather than refused as a rollback. The manifest is read here
   * only to compare it with what is installed; the answer is a report, never an install.
   */
  private boolean alreadyInstalled(Envelope manifestEnv, String rollout) throws IOException {
    Manifest m = Manifest.parse(manifestEnv.payload(), "offer: manifest");
    SlotStore.Active a = installed().get(m.name());
    if (a == null || a.counter() != m.counter() || a.state() != SlotStore.State.COMMITTED) {
      return false;
    }
    reportRaw("healthy", rollout, m.name(), a.version(), a.counter(), null, "already installed");
    return true;
  }

  /** Health check of a trial slot, then commit (and record the counter) or roll back. */
  private void finishTrial(String rollout, String name, SlotStore slots) throws IOException {
    SlotStore.Active a = slots.active().orElseThrow();
    if (a.state() != SlotStore.State.TRIAL) {
      return;
    }
    HealthCheck.Result health = HealthCheck.run(slots.activeFolder().orElseThrow());
    if (health.passed()) {
      slots.commit();
      store.saveTrust(store.trust(provisionedRoot).installed(name, a.counter()));
      store.fact("serving", name);
      reloadServing();
      reportRaw(
          "healthy",
          rollout,
          name,
          a.version(),
          a.counter(),
          null,
          String.format(
              java.util.Locale.ROOT, "%d golden runs, p99 %.3f ms", health.runs(), health.p99Ms()));
    } else {
      SlotStore.Active back = slots.rollback();
      store.fact("failed:" + name + ":" + a.counter(), health.reason());
      reloadServing();
      reportRaw(
          "rolled-back",
          rollout,
          name,
          a.version(),
          a.counter(),
          "health",
          health.reason()
              + (back == null ? "; no previous version" : "; back on " + back.version()));
    }
    flushQuietly();
  }

  /**
   * On start: a trial slot counts one more start (crash loops roll back), then is checked again.
   */
  private void recoverSlots() {
    try {
      Path root = config.state().resolve("slots");
      if (!Files.isDirectory(root)) {
        return;
      }
      try (var names = Files.list(root)) {
        for (Path p : names.toList()) {
          SlotStore slots = new SlotStore(p);
          Optional<SlotStore.Active> before = slots.active();
          if (before.isEmpty() || before.get().state() != SlotStore.State.TRIAL) {
            continue;
          }
          SlotStore.Active after = slots.started();
          String name = p.getFileName().toString();
          if (after == null || after.state() == SlotStore.State.COMMITTED) {
            store.fact(
                "failed:" + name + ":" + before.get().counter(),
                "crashed repeatedly after the switch");
            reportRaw(
                "rolled-back",
                store.fact("rollout"),
                name,
                before.get().version(),
                before.get().counter(),
                "crash-loop",
                "the agent started "
                    + SlotStore.MAX_TRIAL_STARTS
                    + " times without committing"
                    + (after == null ? "" : "; back on " + after.version()));
          } else {
            finishTrial(store.fact("rollout"), name, slots);
          }
        }
      }
    } catch (Killed k) {
      die();
    } catch (IOException | RuntimeException e) {
      reportRaw("refused", null, "", "", 0, "error", "recovering slots: " + e.getMessage());
    }
  }

  private void fetchAll(String rollout, Manifest m, Path transfer) throws IOException {
    Files.createDirectories(transfer);
    store.fact("rollout", rollout);
    int totalChunks = m.files().stream().mapToInt(f -> f.chunks().size()).sum();
    BitSet[] done = new BitSet[m.files().size()];
    int have = 0;
    for (int i = 0; i < done.length; i++) {
      done[i] = store.chunksDone(m.name(), m.counter(), i);
      have += done[i].cardinality();
      Path part = transfer.resolve(i + ".part");
      if (!Files.exists(part)) {
        // A part file lost (or never made) means its chunks must come again.
        done[i].clear();
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
          f.setLength(m.files().get(i).size());
        }
      }
    }
    report(
        "downloading",
        rollout,
        m,
        have,
        null,
        have + " of " + totalChunks + " chunks already here",
        totalChunks);
    long lastProgress = System.nanoTime();
    int emptyWindows = 0;
    arrivals.clear();
    for (int i = 0; i < done.length; i++) {
      Manifest.FileEntry f = m.files().get(i);
      int chunks = f.chunks().size();
      try (RandomAccessFile part =
          new RandomAccessFile(transfer.resolve(i + ".part").toFile(), "rw")) {
        while (done[i].cardinality() < chunks) {
          if (dead.get()) {
            throw new Killed("while stopping");
          }
          List<Integer> window = new ArrayList<>();
          for (int c = done[i].nextClearBit(0);
              c < chunks && window.size() < config.window();
              c = done[i].nextClearBit(c + 1)) {
            window.add(c);
          }
          requestChunks(m, i, window);
          long windowDeadline = System.nanoTime() + config.stallTimeout().toNanos();
          int got = 0;
          while (got < window.size() && System.nanoTime() < windowDeadline) {
            ChunkMessage c;
            try {
              c =
                  arrivals.poll(
                      Math.max(1, (windowDeadline - System.nanoTime()) / 1_000_000),
                      TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new Killed("interrupted");
            }
            if (c == null
                || !c.bundle().equals(m.name())
                || c.counter() != m.counter()
                || c.file() != i
                || c.chunk() < 0
                || c.chunk() >= chunks
                || done[i].get(c.chunk())) {
              continue; // stale, foreign or duplicated
            }
            try {
              PayloadWriter.checkChunk(m, f, c.chunk(), c.data(), c.data().length);
            } catch (Rejection bad) {
              continue; // corrupted in transit: asked for again
            }
            faults.beforeChunkWrite(m.name(), i, c.chunk());
            part.seek((long) c.chunk() * m.chunkSize());
            part.write(c.data());
            part.getFD().sync();
            store.chunkDone(m.name(), m.counter(), i, c.chunk());
            done[i].set(c.chunk());
            if (faults.dropConnectionAfter(m.name(), i, c.chunk())) {
              dropConnection();
            }
            bytesReceived.addAndGet(c.data().length);
            got++;
            lastProgress = System.nanoTime();
          }
          emptyWindows = got == 0 ? emptyWindows + 1 : 0;
          if (emptyWindows == 3 && isConnected()) {
            // Connected yet nothing arrives: the subscriptions may be gone (a broker that lost
            // its session state); making them again costs one round trip.
            timers.execute(this::onConnected);
          }
          if (System.nanoTime() - lastProgress > config.deadline().toNanos()) {
            throw new Rejection(
                Rejection.Reason.STALLED,
                m.name()
                    + " "
                    + m.version()
                    + ": no chunk for "
                    + config.deadline().toSeconds()
                    + " s; the "
                    + totalDone(done)
                    + " chunks here are kept for a retry");
          }
        }
      }
    }
  }

  private static int totalDone(BitSet[] done) {
    int n = 0;
    for (BitSet b : done) {
      n += b.cardinality();
    }
    return n;
  }

  private void requestChunks(Manifest m, int file, List<Integer> chunks) {
    ObjectNode req =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("bundle", m.name())
            .put("counter", m.counter())
            .put("file", file);
    ArrayNode list = req.putArray("chunks");
    chunks.forEach(list::add);
    try {
      MqttMessage msg = new MqttMessage(req.toString().getBytes(StandardCharsets.UTF_8));
      msg.setQos(1);
      mqtt.publish(Topics.fetch(config.deviceId()), msg);
    } catch (MqttException | RuntimeException e) {
      // Offline: the window times out and is asked for again once the broker is back.
    }
  }

  // ---- reports ----

  private void report(
      String event,
      String rollout,
      Manifest m,
      int chunksDone,
      String reason,
      String detail,
      Integer chunksTotal) {
    ObjectNode o =
        statusNode(
            event,
            rollout,
            m == null ? null : m.name(),
            m == null ? null : m.version(),
            m == null ? 0 : m.counter(),
            reason,
            detail);
    if (chunksTotal != null) {
      o.put("chunks_done", chunksDone).put("chunks_total", chunksTotal);
    }
    enqueueStatus(o);
  }

  private void reportRaw(
      String event,
      String rollout,
      String name,
      String version,
      long counter,
      String reason,
      String detail) {
    enqueueStatus(statusNode(event, rollout, name, version, counter, reason, detail));
  }

  private ObjectNode statusNode(
      String event,
      String rollout,
      String name,
      String version,
      long counter,
      String reason,
      String detail) {
    ObjectNode o =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("device", config.deviceId())
            .put("event", event)
            .put("at", Instant.now().toString());
    if (rollout != null && !rollout.isEmpty()) {
      o.put("rollout", rollout);
    }
    if (name != null) {
      o.put("bundle", name).put("version", version).put("counter", counter);
    }
    if (reason != null) {
      o.put("reason", reason);
    }
    if (detail != null) {
      o.put("detail", detail);
    }
    return o;
  }

  private void enqueueStatus(ObjectNode o) {
    if (dead.get()) {
      return;
    }
    String event = o.path("event").asText();
    if (event.equals("healthy") || event.equals("rolled-back") || event.equals("refused")) {
      lastOutcome =
          event
              + ": "
              + o.path("bundle").asText("?")
              + " "
              + o.path("version").asText("")
              + (o.has("reason") ? " (" + o.get("reason").asText() + ")" : "")
              + " "
              + o.path("detail").asText("");
    }
    store.enqueue(
        Topics.status(config.deviceId()), o.toString().getBytes(StandardCharsets.UTF_8), true);
    try {
      store.enqueue(Topics.register(config.deviceId()), registration(), true);
    } catch (IOException e) {
      // The registration is refreshed at the next connect.
    }
    flushQuietly();
  }

  private byte[] registration() throws IOException {
    ObjectNode o =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("device", config.deviceId())
            .put("hardware", config.hardwareId())
            .put("kind", config.hardwareKind())
            .put("runtime", RuntimeVersion.CURRENT)
            .put("disk_free", Files.getFileStore(config.state()).getUsableSpace());
    if (config.hardwareProfile() != null && Files.isRegularFile(config.hardwareProfile())) {
      // The measured profile, so the coordinator (and the workbench) can simulate against the
      // device.
      o.put("hardware_profile", Files.readString(config.hardwareProfile()));
    }
    ObjectNode slots = o.putObject("installed");
    for (Map.Entry<String, SlotStore.Active> e : installed().entrySet()) {
      slots
          .putObject(e.getKey())
          .put("version", e.getValue().version())
          .put("counter", e.getValue().counter())
          .put("state", e.getValue().state().name().toLowerCase(java.util.Locale.ROOT));
    }
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] presence(String state) {
    return JSON.createObjectNode()
        .put("contract", Topics.CONTRACT)
        .put("state", state)
        .put("at", Instant.now().toString())
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private void telemetry() {
    if (dead.get()) {
      return;
    }
    Runtime rt = Runtime.getRuntime();
    ObjectNode o =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("device", config.deviceId())
            .put("at", Instant.now().toString())
            .put("heap_used", rt.totalMemory() - rt.freeMemory())
            .put("bytes_received", bytesReceived.get())
            .put("outbox", store.outboxSize());
    InferenceServer s = inference;
    if (s != null) {
      InferenceServer.Window w = s.drain();
      o.put("inferences", w.served())
          .put("inference_errors", w.errors())
          .put("window_requests", w.latencyMicros().getTotalCount());
      if (w.latencyMicros().getTotalCount() > 0) {
        o.put("p50_ms", w.latencyMicros().getValueAtPercentile(50) / 1000.0)
            .put("p99_ms", w.latencyMicros().getValueAtPercentile(99) / 1000.0)
            .put("p999_ms", w.latencyMicros().getValueAtPercentile(99.9) / 1000.0);
      }
    }
    try {
      o.put("disk_free", Files.getFileStore(config.state()).getUsableSpace());
    } catch (IOException e) {
      // Left out this time.
    }
    store.enqueue(
        Topics.telemetry(config.deviceId()), o.toString().getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * Publishes the outbox in order while connected; each message leaves it only once acknowledged.
   */
  public void flushQuietly() {
    synchronized (flushLock) {
      MqttClient c = mqtt;
      if (dead.get() || c == null || !c.isConnected()) {
        return;
      }
      for (DeviceStore.Outgoing out : store.outbox(64)) {
        try {
          MqttMessage msg = new MqttMessage(out.payload());
          msg.setQos(1);
          msg.setRetained(out.retained());
          c.publish(out.topic(), msg);
          store.sent(out.seq());
        } catch (MqttException | RuntimeException e) {
          return;
        }
      }
    }
  }

  /** Messages waiting for the broker. */
  public int outboxSize() {
    return store.outboxSize();
  }

  // ---- lifecycle ----

  /**
   * A network drop, as far as the broker can tell: the connection ends without a DISCONNECT (so the
   * last will fires) and the agent connects again a moment later.
   */
  public void dropConnection() {
    MqttClient c = mqtt;
    if (c == null || dead.get()) {
      return;
    }
    try {
      c.disconnectForcibly(0, 0, false);
      c.close(true);
    } catch (MqttException | RuntimeException e) {
      // Already down.
    }
    timers.schedule(this::connect, 500, TimeUnit.MILLISECONDS);
  }

  /**
   * The simulated process death: no DISCONNECT (so the broker sends the last will), nothing
   * flushed.
   */
  public void die() {
    if (!dead.compareAndSet(false, true)) {
      return;
    }
    if (inference != null) {
      inference.close();
    }
    timers.shutdownNow();
    worker.shutdownNow();
    MqttClient c = mqtt;
    if (c != null) {
      try {
        c.disconnectForcibly(0, 0, false);
      } catch (MqttException | RuntimeException e) {
        // Already gone.
      }
      try {
        c.close(true);
      } catch (MqttException | RuntimeException e) {
        // Already closed.
      }
    }
    store.close();
  }

  /** A clean stop: flushes what it can, says offline, disconnects. */
  @Override
  public void close() {
    if (dead.get()) {
      return;
    }
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
    dead.set(true);
    if (inference != null) {
      inference.close();
    }
    timers.shutdownNow();
    MqttClient c = mqtt;
    if (c != null) {
      try {
        if (c.isConnected()) {
          MqttMessage off = new MqttMessage(presence("offline"));
          off.setQos(1);
          off.setRetained(true);
          c.publish(Topics.presence(config.deviceId()), off);
          c.disconnect();
        }
      } catch (MqttException | RuntimeException e) {
        // Going away regardless.
      } finally {
        // A client left open would keep reconnecting with this device's id.
        try {
          if (c.isConnected()) {
            c.disconnectForcibly(0, 1000, false);
          }
          c.close(true);
        } catch (MqttException | RuntimeException e) {
          // Already closed.
        }
      }
    }
    store.close();
  }
}
