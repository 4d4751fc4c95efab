package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Killed;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.SlotStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code drill ota}: a fleet of agents (in-process, each with its own state folder, database and
 * MQTT connection) takes a good release through a staged rollout while faults are injected — agents
 * killed during the download and around the switch, connections cut mid-transfer, chunks dropped,
 * corrupted and duplicated, the broker restarted mid-rollout — then a release whose health check
 * fails everywhere, which must roll back on the canaries and halt. The census at the end opens
 * every device's slots as a restarted agent would and runs its health check: a device without a
 * healthy committed slot counts as bricked.
 */
public final class OtaDrill {
  /**
   * @param broker "embedded" or an MQTT URL
   * @param payloadBytes filler in each release, on top of the model and its golden check
   */
  public record Options(
      int devices,
      String broker,
      String user,
      String password,
      double faultRate,
      long seed,
      long payloadBytes,
      int chunkSize,
      Path work,
      Duration timeout,
      BrokerRestart restart) {
    public Options(
        int devices,
        String broker,
        String user,
        String password,
        double faultRate,
        long seed,
        long payloadBytes,
        int chunkSize,
        Path work,
        Duration timeout) {
      this(
          devices,
          broker,
          user,
          password,
          faultRate,
          seed,
          payloadBytes,
          chunkSize,
          work,
          timeout,
          null);
    }
  }

  /** Restarts an external broker the caller controls (the embedded one restarts itself). */
  public interface BrokerRestart {
    void restart() throws Exception;
  }

  /** What the census found. */
  public record Result(
      int devices,
      int updated,
      int rolledBack,
      int oldVersion,
      int bricked,
      long bytes,
      long payloadBytes,
      double seconds,
      int kills,
      int brokerRestarts,
      String goodRollout,
      String badRollout,
      String haltReason,
      double goodRolloutSeconds,
      long goodRolloutBytes,
      int disconnects) {
    /** Bytes per second the coordinator sent while the good release rolled out. */
    public double goodRolloutThroughput() {
      return goodRolloutSeconds == 0 ? 0 : goodRolloutBytes / goodRolloutSeconds;
    }

    /** Bytes sent over the payload every updated device needed. */
    public double overhead() {
      return payloadBytes == 0 ? 0 : (double) bytes / payloadBytes - 1;
    }
  }

  private final Options o;
  private final PrintWriter log;
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();
  private final Map<String, AgentConfig> configs = new ConcurrentHashMap<>();
  private final Map<String, KillPlan> plans = new ConcurrentHashMap<>();
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();
  private double goodSeconds;
  private long goodBytes;

  private OtaDrill(Options o, PrintWriter log) {
    this.o = o;
    this.log = log;
  }

  /** When one device dies: each point fires at most once. */
  private final class KillPlan implements Faults {
    final int atChunk;
    final int dropAtChunk;
    final AtomicBoolean dropFired = new AtomicBoolean();
    final boolean beforeSwitch;
    final boolean afterSwitch;
    final AtomicBoolean chunkFired = new AtomicBoolean();
    final AtomicBoolean beforeFired = new AtomicBoolean();
    final AtomicBoolean afterFired = new AtomicBoolean();
    final AtomicInteger chunksSeen = new AtomicInteger();

    KillPlan(int atChunk, int dropAtChunk, boolean beforeSwitch, boolean afterSwitch) {
      this.atChunk = atChunk;
      this.dropAtChunk = dropAtChunk;
      this.beforeSwitch = beforeSwitch;
      this.afterSwitch = afterSwitch;
    }

    @Override
    public void beforeChunkWrite(String bundle, int file, int chunk) {
      int seen = chunksSeen.incrementAndGet();
      if (atChunk >= 0 && seen > atChunk && chunkFired.compareAndSet(false, true)) {
        kills.incrementAndGet();
        throw new Killed("during the download");
      }
    }

    @Override
    public boolean dropConnectionAfter(String bundle, int file, int chunk) {
      if (dropAtChunk >= 0
          && chunksSeen.get() >= dropAtChunk
          && dropFired.compareAndSet(false, true)) {
        disconnects.incrementAndGet();
        return true;
      }
      return false;
    }

    @Override
    public void beforeSwitch(String bundle) {
      if (beforeSwitch && beforeFired.compareAndSet(false, true)) {
        kills.incrementAndGet();
        throw new Killed("before the switch");
      }
    }

    @Override
    public void afterSwitch(String bundle) {
      if (afterSwitch && afterFired.compareAndSet(false, true)) {
        kills.incrementAndGet();
        throw new Killed("right after the switch, before the health check");
      }
    }
  }

  public static Result run(Options o, PrintWriter log) throws Exception {
    return new OtaDrill(o, log).run();
  }

  private Result run() throws Exception {
    Files.createDirectories(o.work());
    DrillFleet fleet = new DrillFleet(o.work());
    long started = System.nanoTime();
    Path v1 = fleet.bundle("classifier", 1, true, o.payloadBytes(), o.chunkSize());
    Path v2 = fleet.bundle("classifier", 2, true, o.payloadBytes(), o.chunkSize());
    Path v3 = fleet.bundle("classifier", 3, false, o.payloadBytes(), o.chunkSize());
    EmbeddedBroker broker =
        o.broker().equals("embedded") ? EmbeddedBroker.start(0, o.work().resolve("broker")) : null;
    String url = broker != null ? broker.url() : o.broker();
    Random random = new Random(o.seed());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < o.devices(); i++) {
      String id = String.format("dev-%03d", i);
      ids.add(id);
      AgentConfig c =
          AgentConfig.of(
                  id,
                  url,
                  o.work().resolve("devices").resolve(id),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withTransfer(8, Duration.ofMillis(1500), Duration.ofSeconds(60))
              .withTelemetry(Duration.ofSeconds(5));
      if (o.user() != null) {
        c = c.withCredentials(id, o.password());
      }
      configs.put(id, c);
      Agent.provision(c, v1);
      int chunks = (int) Math.max(1, (o.payloadBytes() + o.chunkSize() - 1) / o.chunkSize());
      plans.put(
          id,
          new KillPlan(
              random.nextDouble() < o.faultRate() ? random.nextInt(chunks) : -1,
              random.nextDouble() < o.faultRate() ? random.nextInt(chunks) : -1,
              random.nextDouble() < o.faultRate() / 2,
              random.nextDouble() < o.faultRate() / 2));
    }
    log.printf(
        "%d devices provisioned with %s (v1); broker %s%n", o.devices(), v1.getFileName(), url);
    int restarts = 0;
    try (Registry registry = new Registry(o.work().resolve("registry.db"));
        Coordinator coordinator =
            new Coordinator(url, registry, o.user() == null ? null : "coordinator", o.password())) {
      for (String id : ids) {
        agents.put(id, Agent.start(configs.get(id), plans.get(id)));
      }
      double chunkFault = o.faultRate() / 10;
      coordinator.faults(new Coordinator.ChunkFaults(chunkFault, chunkFault, chunkFault, o.seed()));
      Rollout.Plan plan = new Rollout.Plan(List.of(0.1, 0.5, 1.0), 0.2, 3, Duration.ofSeconds(90));
      PublishedBundle goodBundle = PublishedBundle.open(v2, o.work().resolve("served"));
      long goodStart = System.nanoTime();
      long goodBytes0 = coordinator.bytesSent();
      Rollout good = coordinator.startRollout("drill-good", goodBundle, ids, plan);
      long deadline = System.nanoTime() + o.timeout().toNanos();
      boolean restarted = false;
      while (good.state() == Rollout.State.RUNNING && System.nanoTime() < deadline) {
        supervise();
        long healthy =
            good.devices().values().stream().filter(s -> s == Rollout.DeviceState.HEALTHY).count();
        boolean canRestart = broker != null || o.restart() != null;
        if (!restarted
            && canRestart
            && o.faultRate() > 0
            && healthy >= Math.max(1, o.devices() / 3)) {
          log.printf("restarting the broker with %d of %d devices updated%n", healthy, o.devices());
          if (broker != null) {
            broker.restart();
          } else {
            o.restart().restart();
          }
          restarts++;
          restarted = true;
        }
        Thread.sleep(100);
      }
      goodSeconds = (System.nanoTime() - goodStart) / 1e9;
      goodBytes = coordinator.bytesSent() - goodBytes0;
      log.printf(
          "good rollout: %s, %s in %.1f s, %,d bytes sent%n",
          good.state(), count(good), goodSeconds, goodBytes);
      coordinator.faults(Coordinator.ChunkFaults.NONE);
      Rollout bad =
          coordinator.startRollout(
              "drill-bad", PublishedBundle.open(v3, o.work().resolve("served")), ids, plan);
      while (bad.state() == Rollout.State.RUNNING && System.nanoTime() < deadline) {
        supervise();
        Thread.sleep(100);
      }
      // Canaries offered before the halt finish their install and roll back; wait for them.
      long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < settle
          && bad.devices().values().stream().anyMatch(s -> s == Rollout.DeviceState.OFFERED)) {
        supervise();
        Thread.sleep(100);
      }
      log.printf(
          "bad rollout: %s, %s%s%n",
          bad.state(), count(bad), bad.haltReason() == null ? "" : "; halted: " + bad.haltReason());
      for (Agent a : agents.values()) {
        a.close();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      // The payload every offered device needed: the good release everywhere it was offered, the
      // bad one on the devices offered it before the halt.
      long payload =
          PublishedBundle.open(v2, o.work().resolve("census")).manifest().totalBytes()
                  * offered(good)
              + PublishedBundle.open(v3, o.work().resolve("census")).manifest().totalBytes()
                  * offered(bad);
      return census(ids, coordinator.bytesSent(), payload, seconds, restarts, good, bad);
    } finally {
      for (Agent a : agents.values()) {
        a.die();
      }
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** Restarts agents that died, as a service manager would. */
  private void supervise() throws IOException {
    for (Map.Entry<String, Agent> e : agents.entrySet()) {
      if (e.getValue().isDead()) {
        agents.put(e.getKey(), Agent.start(configs.get(e.getKey()), plans.get(e.getKey())));
      }
    }
  }

  private static long offered(Rollout r) {
    return r.devices().values().stream().filter(s -> s != Rollout.DeviceState.WAITING).count();
  }

  private static String count(Rollout r) {
    Map<Rollout.DeviceState, Long> by = new EnumMap<>(Rollout.DeviceState.class);
    r.devices().values().forEach(s -> by.merge(s, 1L, Long::sum));
    return by.toString();
  }

  private Result census(
      List<String> ids,
      long bytes,
      long payload,
      double seconds,
      int restarts,
      Rollout good,
      Rollout bad)
      throws IOException {
    int updated = 0;
    int rolledBack = 0;
    int old = 0;
    int bricked = 0;
    for (String id : ids) {
      Path slots = configs.get(id).state().resolve("slots").resolve("classifier");
      SlotStore store = new SlotStore(slots);
      Optional<SlotStore.Active> a = store.active();
      if (a.isPresent() && a.get().state() == SlotStore.State.TRIAL) {
        // What the next start would do: finish the trial.
        a = Optional.ofNullable(store.started());
      }
      boolean healthy =
          a.isPresent() && HealthCheck.run(store.activeFolder().orElseThrow()).passed();
      if (!healthy) {
        bricked++;
        log.printf("BRICKED: %s (%s)%n", id, a);
        continue;
      }
      long counter = a.get().counter();
      if (counter == 2) {
        updated++;
        if (bad.devices().get(id) == Rollout.DeviceState.FAILED) {
          rolledBack++;
        }
      } else if (counter == 1) {
        old++;
      }
    }
    return new Result(
        ids.size(),
        updated,
        rolledBack,
        old,
        bricked,
        bytes,
        payload,
        seconds,
        kills.get(),
        restarts,
        good.state().name().toLowerCase(Locale.ROOT),
        bad.state().name().toLowerCase(Locale.ROOT),
        bad.haltReason(),
        goodSeconds,
        goodBytes,
        disconnects.get());
  }
}
