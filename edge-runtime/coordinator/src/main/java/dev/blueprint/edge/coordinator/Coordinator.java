package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.Topics;
import dev.blueprint.edge.mqtt.LinkException;
import dev.blueprint.edge.mqtt.LinkOptions;
import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.PahoLink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The fleet side over MQTT: keeps the registry from devices' presence, registrations and status
 * reports, serves the chunks devices ask for, and drives rollouts wave by wave, halting one when
 * its failure share passes the threshold. Chunk requests are served on their own threads so the
 * link's callback thread never blocks on a publish. Talks MQTT through an {@link MqttLink}: Paho
 * over the network, or the in-memory broker in tests and simulated fleets.
 */
public final class Coordinator implements AutoCloseable {
  /** Transport faults a drill injects into the chunks the coordinator sends. */
  public record ChunkFaults(double drop, double corrupt, double duplicate, long seed) {
    public static final ChunkFaults NONE = new ChunkFaults(0, 0, 0, 1);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(Coordinator.class.getName());

  private final Registry registry;
  private final MqttLink link;
  private final ExecutorService servers =
      Executors.newFixedThreadPool(2, r -> daemon(r, "coordinator-chunks"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "coordinator-rollouts"));
  private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
  private final Map<String, PublishedBundle> rolloutBundles = new ConcurrentHashMap<>();

  private final AtomicLong messageBytesSent = new AtomicLong();
  private final ChunkService chunks =
      new ChunkService(servers, (topic, payload) -> sendOnce(topic, payload, false));
  private volatile Consumer<Registry.Event> listener = e -> {};
  private volatile BiConsumer<String, byte[]> flUploads = (device, payload) -> {};
  private volatile BiConsumer<String, byte[]> flStatus = (device, payload) -> {};

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public Coordinator(String broker, Registry registry, String user, String password)
      throws LinkException {
    this(broker, registry, user, password, null);
  }

  /**
   * A coordinator on the network (Paho), as client id {@code coordinator}.
   *
   * @param caFile PEM CA certificates trusted for an {@code ssl://} broker (null: plain TCP or the
   *     JVM's defaults)
   * @throws LinkException when the broker cannot be reached or refuses the coordinator
   */
  public Coordinator(String broker, Registry registry, String user, String password, Path caFile)
      throws LinkException {
    this(
        new LinkOptions(
            broker,
            "coordinator",
            Optional.ofNullable(user),
            Optional.ofNullable(password),
            Optional.ofNullable(caFile),
            Optional.empty(),
            10,
            1000),
        PahoLink::new,
        registry);
  }

  /**
   * A coordinator on any link: connects once (a broker that is not there fails here), subscribes,
   * and starts driving rollouts.
   */
  public Coordinator(LinkOptions options, MqttLink.Factory links, Registry registry)
      throws LinkException {
    this.registry = registry;
    this.link = links.open(options);
    link.connect(new Listener());
    subscribeOnceConnected(System.nanoTime() + STARTUP_PATIENCE.toNanos());
    timer.scheduleWithFixedDelay(this::advanceRollouts, 100, 100, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, "coordinator connected to {0}", options.broker());
  }

  /**
   * How long a starting coordinator waits for a connection the broker dropped right after accepting
   * it.
   */
  static final Duration STARTUP_PATIENCE = Duration.ofSeconds(15);

  /**
   * Subscribes, riding out a connection the broker drops just after accepting it (a broker still
   * settling, or restarting): the link reconnects by itself, and the subscriptions are made again
   * on it. Anything but a lost connection fails at once.
   */
  private void subscribeOnceConnected(long deadline) throws LinkException {
    while (true) {
      try {
        subscribe();
        return;
      } catch (LinkException e) {
        if (!e.kind().transientCause() || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.log(Level.INFO, "subscribing again once the connection is back: {0}", e.getMessage());
        while (!link.isConnected()) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          try {
            // Production wait for the link's own reconnect; tests use the in-memory broker.
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }
  }

  private void resubscribe() {
    try {
      subscribe();
    } catch (LinkException e) {
      if (link.isConnected()) {
        // Connected, yet the broker did not acknowledge (one still settling after a restart): no
        // reconnect would come to repeat this, so try again soon.
        LOG.log(Level.WARNING, "subscriptions not made ({0}); trying again in 1 s", e.getMessage());
        try {
          timer.schedule(this::resubscribe, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closing) {
          LOG.log(Level.DEBUG, "coordinator closing: no resubscribe");
        }
      } else {
        LOG.log(
            Level.DEBUG, () -> "lost again while subscribing; the next reconnect retries: " + e);
      }
    }
  }

  private void subscribe() throws LinkException {
    for (String kind :
        List.of("presence", "register", "status", "telemetry", "fetch", "fl/upload", "fl/status")) {
      link.subscribe(Topics.ROOT + "+/" + kind, 1);
    }
  }

  public Registry registry() {
    return registry;
  }

  public void faults(ChunkFaults f) {
    chunks.faults(f);
  }

  /**
   * Where chunks of federated updates go: called with the sending device (from the topic, which the
   * broker's ACL ties to the device's login) and the message, on a serving thread.
   */
  public void onFlUpload(BiConsumer<String, byte[]> handler) {
    this.flUploads = handler;
  }

  /** Where devices' federated round reports go ({@code fl/status}), on a serving thread. */
  public void onFlStatus(BiConsumer<String, byte[]> handler) {
    this.flStatus = handler;
  }

  /**
   * Publishes to a device's topic at QoS 1; while the broker is away it tries again every second
   * until it gets through (an offer or a withdrawal must arrive).
   */
  public void sendToDevice(String topic, byte[] payload, boolean retained) {
    send(topic, payload, retained);
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
    return chunks.chunkBytesSent();
  }

  public long bytesSent() {
    return messageBytesSent.get();
  }

  public void publish(PublishedBundle b) {
    chunks.publish(b);
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
      link.publish(topic, payload, 1, retained);
      messageBytesSent.addAndGet(payload.length);
      return true;
    } catch (LinkException e) {
      LOG.log(Level.DEBUG, () -> "not sent to " + topic + ": " + e.getMessage());
      return false;
    }
  }

  private final class Listener implements MqttLink.Listener {
    @Override
    public void connected(boolean reconnect) {
      if (reconnect) {
        LOG.log(Level.INFO, "coordinator reconnected; subscribing again");
        // Off the link's callback thread: a subscribe waits for an acknowledgement that this very
        // thread would have to deliver (it deadlocked until the publish timeout, and the
        // subscriptions after the first were never made).
        timer.execute(Coordinator.this::resubscribe);
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.log(Level.WARNING, "coordinator lost the broker: {0}", String.valueOf(cause));
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
      String device = Topics.deviceOf(topic);
      if (device == null) {
        return;
      }
      switch (Topics.kindOf(topic)) {
        case "fetch" -> chunks.request(device, payload);
        case "fl/upload" -> servers.submit(() -> flUploads.accept(device, payload));
        case "fl/status" -> servers.submit(() -> flStatus.accept(device, payload));
        case "status" -> servers.submit(() -> status(device, payload));
        case "register" -> registered(device, payload);
        case "presence" -> presence(device, payload);
        default -> {}
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
      LOG.log(Level.WARNING, "malformed status from {0} ignored: {1}", device, ex.toString());
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
          r.path("hardware_profile").asText(null),
          labels(r.path("labels")));
    } catch (IOException | RuntimeException e) {
      // The device registers again on its next connect.
      LOG.log(Level.WARNING, "malformed registration from {0} ignored: {1}", device, e.toString());
    }
  }

  /** A registration's labels: strings only, as the agent's config checked them. */
  private static List<String> labels(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (n.isTextual() && n.asText().matches("[a-z0-9._-]{1,64}")) {
        out.add(n.asText());
      }
    }
    return out;
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
      LOG.log(Level.WARNING, "malformed presence from {0} ignored: {1}", device, e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    servers.shutdownNow();
    // A clean DISCONNECT, and a client that does not keep reconnecting under this id.
    link.close();
  }
}
