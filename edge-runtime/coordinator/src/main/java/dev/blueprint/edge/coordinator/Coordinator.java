package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.ChunkMessage;
import dev.blueprint.edge.agent.Topics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The fleet side over MQTT: keeps the registry from devices' presence, registrations and status
 * reports, serves the chunks devices ask for, and drives rollouts wave by wave, halting one when
 * its failure share passes the threshold. Chunk requests are served on their own threads so the
 * MQTT callback thread never blocks on a publish.
 */
public final class Coordinator implements AutoCloseable {
  /** Transport faults a drill injects into the chunks the coordinator sends. */
  public record ChunkFaults(double drop, double corrupt, double duplicate, long seed) {
    public static final ChunkFaults NONE = new ChunkFaults(0, 0, 0, 1);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;
  private final MqttClient mqtt;
  private final MqttConnectOptions options;
  private final ExecutorService servers =
      Executors.newFixedThreadPool(2, r -> daemon(r, "coordinator-chunks"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "coordinator-rollouts"));
  private final Map<String, PublishedBundle> bundles = new ConcurrentHashMap<>();
  private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
  private final Map<String, PublishedBundle> rolloutBundles = new ConcurrentHashMap<>();
  private final AtomicLong chunkBytesSent = new AtomicLong();

  /**
   * Chunks queued for a device and not yet sent: a repeated request for them is not served twice.
   */
  private final Map<String, java.util.Set<String>> pending = new ConcurrentHashMap<>();

  private final AtomicLong messageBytesSent = new AtomicLong();
  private volatile ChunkFaults faults = ChunkFaults.NONE;
  private final Random random = new Random(1);
  private volatile Consumer<Registry.Event> listener = e -> {};

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public Coordinator(String broker, Registry registry, String user, String password)
      throws MqttException {
    this(broker, registry, user, password, null);
  }

  /**
   * @param tls socket factory for an {@code ssl://} broker (null: plain TCP or the JVM's defaults)
   */
  public Coordinator(
      String broker,
      Registry registry,
      String user,
      String password,
      javax.net.ssl.SSLSocketFactory tls)
      throws MqttException {
    this.registry = registry;
    this.mqtt = new MqttClient(broker, "coordinator", new MemoryPersistence());
    this.options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setMaxInflight(1000);
    options.setKeepAliveInterval(10);
    if (user != null) {
      options.setUserName(user);
    }
    if (password != null) {
      options.setPassword(password.toCharArray());
    }
    if (tls != null) {
      options.setSocketFactory(tls);
    }
    mqtt.setCallback(new Callback());
    // A publish in flight when the broker goes away would otherwise wait forever.
    mqtt.setTimeToWait(5_000);
    mqtt.connect(options);
    subscribeOnceConnected(System.nanoTime() + STARTUP_PATIENCE.toNanos());
    timer.scheduleWithFixedDelay(this::advanceRollouts, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Reasons a subscribe fails that a reconnect cures. */
  private static final java.util.Set<Integer> CONNECTION_TROUBLE =
      java.util.Set.of(
          (int) MqttException.REASON_CODE_CONNECTION_LOST,
              (int) MqttException.REASON_CODE_CLIENT_NOT_CONNECTED,
          (int) MqttException.REASON_CODE_CLIENT_DISCONNECTING,
              (int) MqttException.REASON_CODE_CLIENT_TIMEOUT);

  /**
   * How long a starting coordinator waits for a connection the broker dropped right after accepting
   * it.
   */
  static final java.time.Duration STARTUP_PATIENCE = java.time.Duration.ofSeconds(15);

  /**
   * Subscribes, riding out a connection the broker drops just after accepting it (a broker still
   * settling, or restarting): automatic reconnect brings the connection back, and the subscriptions
   * are made again on it. A broker that is not there at all still fails the constructor at {@code
   * connect}.
   */
  private void subscribeOnceConnected(long deadline) throws MqttException {
    while (true) {
      try {
        subscribe();
        return;
      } catch (MqttException e) {
        if (!CONNECTION_TROUBLE.contains(e.getReasonCode())) {
          throw e;
        }
        while (!mqtt.isConnected()) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private void resubscribe() {
    try {
      subscribe();
    } catch (MqttException e) {
      // Lost again meanwhile: the next reconnect runs this again.
    }
  }

  private void subscribe() throws MqttException {
    for (String kind : List.of("presence", "register", "status", "telemetry", "fetch")) {
      mqtt.subscribe(Topics.ROOT + "+/" + kind, 1);
    }
  }

  public Registry registry() {
    return registry;
  }

  public void faults(ChunkFaults f) {
    synchronized (random) {
      random.setSeed(f.seed());
    }
    this.faults = f;
  }

  /** Called for every status event (after it is recorded). */
  public void onEvent(Consumer<Registry.Event> l) {
    this.listener = l;
  }

  /**
   * Payload bytes of chunks sent, and every byte the coordinator published (chunks, offers,
   * headers).
   */
  public long chunkBytesSent() {
    return chunkBytesSent.get();
  }

  public long bytesSent() {
    return messageBytesSent.get();
  }

  public void publish(PublishedBundle b) {
    bundles.put(key(b.name(), b.counter()), b);
  }

  private static String key(String name, long counter) {
    return name + "@" + counter;
  }

  /** Starts a rollout of {@code bundle} over {@code devices} (canaries first). */
  public Rollout startRollout(
      String id, PublishedBundle bundle, List<String> devices, Rollout.Plan plan) {
    publish(bundle);
    Rollout r = new Rollout(id, devices, plan);
    rolloutBundles.put(id, bundle);
    rollouts.put(id, r);
    advanceRollouts();
    return r;
  }

  public Rollout rollout(String id) {
    return rollouts.get(id);
  }

  private synchronized void advanceRollouts() {
    for (Rollout r : rollouts.values()) {
      for (String device : r.due(System.nanoTime())) {
        send(Topics.offer(device), rolloutBundles.get(r.id()).offer(r.id()), true);
      }
    }
  }

  /** Clears a device's retained offer. */
  public void withdraw(String device) {
    send(Topics.offer(device), new byte[0], true);
  }

  private void send(String topic, byte[] payload, boolean retained) {
    if (!sendOnce(topic, payload, retained)) {
      // Offline: an offer or a withdrawal must still get there.
      timer.schedule(() -> send(topic, payload, retained), 1, TimeUnit.SECONDS);
    }
  }

  /** One attempt; chunks are not retried here, the device asks again for what it lacks. */
  private boolean sendOnce(String topic, byte[] payload, boolean retained) {
    try {
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      m.setRetained(retained);
      mqtt.publish(topic, m);
      messageBytesSent.addAndGet(payload.length);
      return true;
    } catch (MqttException | RuntimeException e) {
      return false;
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectionLost(Throwable cause) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      String device = Topics.deviceOf(topic);
      if (device == null) {
        return;
      }
      byte[] payload = message.getPayload();
      switch (Topics.kindOf(topic)) {
        case "fetch" -> claimAndServe(device, payload);
        case "status" -> servers.submit(() -> status(device, payload));
        case "register" -> registered(device, payload);
        case "presence" -> presence(device, payload);
        default -> {}
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        // Off Paho's callback thread: a subscribe waits for an acknowledgement that this very
        // thread would have to deliver (it deadlocked until the publish timeout, and the
        // subscriptions after the first were never made).
        timer.execute(Coordinator.this::resubscribe);
      }
    }
  }

  /**
   * Claims the requested chunks that are not already queued for this device, on the MQTT thread,
   * and queues their sending: a device that timed out and asks again for chunks still waiting here
   * gets them once.
   */
  private void claimAndServe(String device, byte[] payload) {
    java.util.Set<String> queued =
        pending.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet());
    try {
      JsonNode req = JSON.readTree(payload);
      PublishedBundle b =
          bundles.get(key(req.path("bundle").asText(), req.path("counter").asLong()));
      int file = req.path("file").asInt(-1);
      if (b == null || file < 0 || file >= b.manifest().files().size()) {
        return;
      }
      int chunks = b.manifest().files().get(file).chunks().size();
      List<Integer> wanted = new java.util.ArrayList<>();
      for (JsonNode c : req.path("chunks")) {
        int chunk = c.asInt(-1);
        if (chunk >= 0 && chunk < chunks && queued.add(chunkId(b, file, chunk))) {
          wanted.add(chunk);
        }
      }
      if (!wanted.isEmpty()) {
        servers.submit(() -> serve(device, b, file, wanted, queued));
      }
    } catch (IOException | RuntimeException e) {
      // A malformed request is ignored; the device asks again.
    }
  }

  private static String chunkId(PublishedBundle b, int file, int chunk) {
    return b.name() + "@" + b.counter() + "/" + file + "/" + chunk;
  }

  private void serve(
      String device,
      PublishedBundle b,
      int file,
      List<Integer> chunks,
      java.util.Set<String> queued) {
    for (int chunk : chunks) {
      try {
        byte[] data = b.chunk(file, chunk);
        ChunkFaults f = faults;
        double roll;
        synchronized (random) {
          roll = random.nextDouble();
        }
        if (roll >= f.drop()) {
          byte[] wire = data;
          if (roll < f.drop() + f.corrupt() && data.length > 0) {
            wire = data.clone();
            wire[wire.length / 2] ^= 0x5A;
          }
          byte[] message = new ChunkMessage(b.name(), b.counter(), file, chunk, wire).encode();
          if (sendOnce(Topics.chunk(device), message, false)) {
            chunkBytesSent.addAndGet(data.length);
          }
          if (roll < f.drop() + f.corrupt() + f.duplicate()) {
            sendOnce(Topics.chunk(device), message, false);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Not sent: the device asks again.
      } finally {
        queued.remove(chunkId(b, file, chunk));
      }
    }
  }

  private void status(String device, byte[] payload) {
    try {
      JsonNode s = JSON.readTree(payload);
      Registry.Event e =
          new Registry.Event(
              device,
              s.path("rollout").asText(null),
              s.path("event").asText(),
              s.path("bundle").asText(null),
              s.path("version").asText(null),
              s.path("counter").asLong(),
              s.path("reason").asText(null),
              s.path("detail").asText(null));
      registry.event(e);
      Rollout r = e.rollout() == null ? null : rollouts.get(e.rollout());
      if (r != null) {
        List<String> withdraw =
            switch (e.event()) {
              case "healthy" -> r.result(device, true, null);
              case "rolled-back" -> r.result(device, false, e.reason() + ": " + e.detail());
              case "refused" ->
                  "stalled".equals(e.reason())
                      ? List.of()
                      : r.result(device, false, e.reason() + ": " + e.detail());
              default -> List.of();
            };
        withdraw.forEach(this::withdraw);
        if (r.state() == Rollout.State.HALTED) {
          // A device whose result halted the rollout keeps its retained offer otherwise.
          withdraw(device);
        }
      }
      listener.accept(e);
    } catch (IOException | RuntimeException ex) {
      // A malformed status is ignored.
    }
  }

  private void registered(String device, byte[] payload) {
    try {
      JsonNode r = JSON.readTree(payload);
      registry.registered(
          device,
          r.path("hardware").asText(null),
          r.path("kind").asText(null),
          r.path("runtime").asText(null),
          r.path("installed").toString(),
          r.path("hardware_profile").asText(null));
    } catch (IOException | RuntimeException e) {
      // Ignored: the device registers again on its next connect.
    }
  }

  private void presence(String device, byte[] payload) {
    try {
      String state =
          payload.length == 0 ? "unknown" : JSON.readTree(payload).path("state").asText();
      registry.presence(device, state);
      if (state.equals("online")) {
        // A device back online gets its open offer again: a broker restart may have lost the
        // retained copy while it was away.
        for (Rollout r : rollouts.values()) {
          if (r.state() == Rollout.State.RUNNING
              && r.devices().get(device) == Rollout.DeviceState.OFFERED) {
            servers.submit(
                () -> send(Topics.offer(device), rolloutBundles.get(r.id()).offer(r.id()), true));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Ignored.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    servers.shutdownNow();
    try {
      if (mqtt.isConnected()) {
        mqtt.disconnect();
      }
    } catch (MqttException e) {
      // Going away regardless.
    } finally {
      closeQuietly(mqtt);
    }
  }

  /**
   * Closes a client whatever state it is in: a client left open keeps reconnecting with its id and
   * would push out the next client of that id on the same broker.
   */
  static void closeQuietly(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 1000, false);
      }
      client.close(true);
    } catch (MqttException e) {
      // Already closed.
    }
  }
}
