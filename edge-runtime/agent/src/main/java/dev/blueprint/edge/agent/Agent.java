package dev.blueprint.edge.agent;

import dev.blueprint.edge.fl.LinuxDeviceSignals;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.SlotStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The device daemon: wires its parts together and runs their lifecycle. The parts, each with one
 * job: {@link BrokerSession} (the MQTT connection, subscriptions, presence, retries), {@link
 * OtaInstaller} with its {@link ChunkFetcher} (signed updates into A/B slots), {@link Reports} and
 * {@link Telemetry} (what the coordinator hears, through the SQLite {@link Outbox}, so nothing is
 * lost while the broker is away), and {@link InferenceServer} (local inference on loopback), and,
 * when the config has a training section, {@link FederatedParticipant} (federated rounds, on a
 * low-priority thread of its own). Offers are handled one at a time on a worker thread; the link's
 * thread only hands messages over.
 */
public final class Agent implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Agent.class.getName());
  private static final Duration FLUSH_EVERY = Duration.ofMillis(200);

  private final AgentConfig config;
  private final DeviceStore store;
  private final Outbox outbox;
  private final Reports reports;
  private final BrokerSession session;
  private final ChunkFetcher fetcher;
  private final OtaInstaller installer;
  private final Telemetry telemetry;
  private final OfferQueue offers;
  private final ExecutorService worker;

  /** Federated rounds, for an agent whose config has a training section. */
  private final Optional<FederatedParticipant> participant;

  private final Optional<ExecutorService> trainer;

  /** The periodic flush and telemetry; empty for a controlled agent. */
  private final Optional<ScheduledExecutorService> timers;

  private final AtomicBoolean dead = new AtomicBoolean();
  private volatile InferenceServer inference;

  private Agent(
      AgentConfig config,
      Faults faults,
      AgentEnvironment env,
      ExecutorService worker,
      Scheduler scheduler,
      Optional<ScheduledExecutorService> timers)
      throws IOException {
    this.config = config;
    this.worker = worker;
    this.timers = timers;
    this.store = new DeviceStore(config.state().resolve("device.db"));
    Envelope root =
        Envelope.parse(
            Files.readAllBytes(config.root()), config.root().toString(), RootMetadata.TYPE);
    this.outbox = new Outbox(store);
    this.reports =
        new Reports(
            config, env.clock(), outbox, () -> InstalledBundles.inUnchecked(config), this::flush);
    String id = config.deviceId();
    this.session =
        new BrokerSession(
            BrokerSession.optionsFor(config, reports.presence("offline")),
            env.links(),
            scheduler,
            env.backoff(),
            subscriptions(config),
            Topics.presence(id),
            () -> reports.presence("online"),
            new BrokerSession.Handler() {
              @Override
              public void onMessage(String topic, byte[] payload) {
                route(topic, payload);
              }

              @Override
              public void onEstablished() {
                reports.queueRegistration();
                flush();
              }
            });
    this.fetcher = new ChunkFetcher(config, store, session, reports, faults, dead::get);
    this.installer =
        new OtaInstaller(
            config, store, root, fetcher, reports, faults, env.clock(), n -> reloadServing());
    this.offers =
        new OfferQueue(
            worker, scheduler, installer, config.deadline(), dead::get, this::die, this::flush);
    this.telemetry =
        new Telemetry(config, reports, outbox, () -> inference, fetcher::bytesReceived);
    store.trust(root);
    if (config.training().isPresent()) {
      ExecutorService t =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread th = daemon(r, "agent-training-" + id);
                // Inference and updates come first; training takes what is left.
                th.setPriority(Thread.MIN_PRIORITY);
                return th;
              });
      this.trainer = Optional.of(t);
      this.participant =
          Optional.of(
              new FederatedParticipant(
                  config,
                  store,
                  root,
                  session,
                  faults,
                  env.clock(),
                  env.signals()
                      .orElseGet(
                          () ->
                              new LinuxDeviceSignals(
                                  () -> config.training().orElseThrow().unmeteredNetwork())),
                  t,
                  dead::get,
                  this::die));
    } else {
      this.trainer = Optional.empty();
      this.participant = Optional.empty();
    }
  }

  private static List<String> subscriptions(AgentConfig config) {
    String id = config.deviceId();
    return config.training().isPresent()
        ? List.of(Topics.offer(id), Topics.chunk(id), Topics.flOffer(id), Topics.flAck(id))
        : List.of(Topics.offer(id), Topics.chunk(id));
  }

  /** Starts an agent on the network: {@link #start(AgentConfig, Faults, AgentEnvironment)}. */
  public static Agent start(AgentConfig config, Faults faults) throws IOException {
    return start(config, faults, AgentEnvironment.real());
  }

  /**
   * Starts an agent: recovers any trial slot, connects (retrying in the background while the broker
   * cannot be reached), announces itself, and reports telemetry periodically.
   */
  public static Agent start(AgentConfig config, Faults faults, AgentEnvironment env)
      throws IOException {
    String id = config.deviceId();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "agent-" + id));
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-timer-" + id));
    Agent a = new Agent(config, faults, env, worker, Scheduler.of(timers), Optional.of(timers));
    if (config.inferPort() > 0) {
      a.inference = InferenceServer.start(config.inferPort());
    }
    a.offers.recoverSlots();
    a.offers.run(a::reloadServing);
    a.session.start();
    timers.scheduleWithFixedDelay(
        a::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    long every = config.telemetryInterval().toMillis();
    timers.scheduleWithFixedDelay(a::telemetry, every, every, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, "agent {0} started; broker {1}", id, config.broker());
    return a;
  }

  /**
   * An agent whose background work runs where the caller says: offers on {@code worker} (which may
   * run them inline), retries and resubscriptions on {@code scheduler}; no periodic flush or
   * telemetry (call {@link #flush} and {@link #telemetry}). For tests of the flow and for fleets
   * simulated in one JVM, where every step must happen when the caller decides.
   */
  public static Agent startControlled(
      AgentConfig config,
      Faults faults,
      AgentEnvironment env,
      ExecutorService worker,
      Scheduler scheduler)
      throws IOException {
    Agent a = new Agent(config, faults, env, worker, scheduler, Optional.empty());
    a.offers.recoverSlots();
    a.session.start();
    return a;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** As {@link Provisioning#install}: installs a bundle file as at the factory. */
  public static SlotStore.Active provision(AgentConfig config, Path bpb) throws IOException {
    return Provisioning.install(config, bpb, Clock.systemUTC());
  }

  public AgentConfig config() {
    return config;
  }

  /** Bytes of chunk payload this instance has received. */
  public long bytesReceived() {
    return fetcher.bytesReceived();
  }

  public boolean isDead() {
    return dead.get();
  }

  /** The local inference endpoint's port, or 0 when the config asks for none. */
  public int inferencePort() {
    InferenceServer s = inference;
    return s == null ? 0 : s.port();
  }

  /** Whether the MQTT connection is up right now. */
  public boolean isConnected() {
    return session.isConnected();
  }

  /** Why the last connection attempt failed, while not connected. */
  public Optional<String> connectionProblem() {
    return session.lastFailure();
  }

  /** The last final outcome of an offer (healthy, rolled back or refused, with why), or null. */
  public String lastOutcome() {
    return reports.lastOutcome().orElse(null);
  }

  /** The committed (or trial) version of each installed bundle, by name. */
  public Map<String, SlotStore.Active> installed() throws IOException {
    return installedIn(config);
  }

  /** As {@link #installed()}, read from a state folder without starting an agent. */
  public static Map<String, SlotStore.Active> installedIn(AgentConfig config) throws IOException {
    return InstalledBundles.in(config);
  }

  /** Messages waiting for the broker. */
  public int outboxSize() {
    return outbox.size();
  }

  /** Publishes the outbox in order while connected; each message leaves it once acknowledged. */
  public void flush() {
    if (!dead.get()) {
      outbox.flush(session);
    }
  }

  /** Queues one telemetry report now (the daemon does so every telemetry interval). */
  public void telemetry() {
    if (!dead.get()) {
      telemetry.report();
    }
  }

  private void route(String topic, byte[] payload) {
    if (dead.get()) {
      return;
    }
    switch (Topics.kindOf(topic)) {
      case "offer" -> offers.offer(payload);
      case "chunk" -> fetcher.arrived(payload);
      case "fl/offer" -> participant.ifPresent(p -> p.offered(payload));
      case "fl/ack" -> participant.ifPresent(p -> p.acknowledged(payload));
      default -> LOG.log(Level.DEBUG, () -> "message on an unexpected topic " + topic);
    }
  }

  /** Points local inference at the committed slot of the bundle being served. */
  private void reloadServing() {
    InferenceServer s = inference;
    if (s != null) {
      InstalledBundles.serve(config, store, s);
    }
  }

  /**
   * A network drop, as far as the broker can tell: the connection ends without a DISCONNECT (so the
   * last will fires) and the agent connects again a moment later.
   */
  public void dropConnection() {
    if (!dead.get()) {
      session.drop();
    }
  }

  /**
   * The simulated process death: no DISCONNECT (so the broker sends the last will), nothing
   * flushed.
   */
  public void die() {
    if (!dead.compareAndSet(false, true)) {
      return;
    }
    LOG.log(Level.INFO, "agent {0} killed", config.deviceId());
    if (inference != null) {
      inference.close();
    }
    timers.ifPresent(ScheduledExecutorService::shutdownNow);
    worker.shutdownNow();
    trainer.ifPresent(ExecutorService::shutdownNow);
    session.kill();
    outbox.close();
    participant.ifPresent(FederatedParticipant::close);
    store.close();
  }

  /** A clean stop: flushes what it can, says offline, disconnects. */
  @Override
  public void close() {
    if (dead.get()) {
      return;
    }
    worker.shutdownNow();
    trainer.ifPresent(ExecutorService::shutdownNow);
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "an update was still running after 5 s; stopping regardless");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
    dead.set(true);
    if (inference != null) {
      inference.close();
    }
    timers.ifPresent(ScheduledExecutorService::shutdownNow);
    session.stop(reports.presence("offline"));
    outbox.close();
    participant.ifPresent(FederatedParticipant::close);
    store.close();
    LOG.log(Level.INFO, "agent {0} stopped", config.deviceId());
  }
}
