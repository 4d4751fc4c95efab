package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.AgentEnvironment;
import dev.blueprint.edge.agent.ChunkMessage;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Killed;
import dev.blueprint.edge.agent.ManualScheduler;
import dev.blueprint.edge.agent.Topics;
import dev.blueprint.edge.mqtt.InMemoryBroker;
import dev.blueprint.edge.mqtt.LinkException;
import dev.blueprint.edge.mqtt.LinkOptions;
import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.RecordingListener;
import dev.blueprint.edge.ota.SlotStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's update flow on the in-memory broker, with every part of it run on the test's thread:
 * an offer published by the test is verified, fetched, installed, health-checked and reported
 * before the publish returns. A real agent (all its parts), a test-side chunk server in place of
 * the coordinator, no sockets and no sleeps.
 */
class AgentFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final InMemoryBroker broker = new InMemoryBroker();
  private final List<Agent> agents = new ArrayList<>();

  @AfterEach
  void stopAgents() {
    agents.forEach(Agent::close);
  }

  /** Runs each task on the caller's thread. */
  static final class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      if (!shutdown) {
        command.run();
      }
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** The coordinator's chunk service, reduced to what the agent needs: answer every request. */
  static final class ChunkServer implements MqttLink.Listener {
    final MqttLink link;
    final PublishedBundle bundle;
    final AtomicInteger chunksSent = new AtomicInteger();
    final List<String> statuses = new ArrayList<>();

    ChunkServer(InMemoryBroker broker, PublishedBundle bundle) throws LinkException {
      this.bundle = bundle;
      link = broker.open(plain("coordinator"));
      link.connect(this);
      link.subscribe(Topics.ROOT + "+/fetch", 1);
      link.subscribe(Topics.ROOT + "+/status", 1);
    }

    void offer(String device, PublishedBundle b, String rollout) throws LinkException {
      link.publish(Topics.offer(device), b.offer(rollout), 1, true);
    }

    @Override
    public void connected(boolean reconnect) {}

    @Override
    public void connectionLost(Throwable cause) {}

    @Override
    public void messageArrived(String topic, byte[] payload) {
      try {
        JsonNode req = JSON.readTree(payload);
        if (Topics.kindOf(topic).equals("status")) {
          statuses.add(req.path("event").asText() + " " + req.path("counter").asText(""));
          return;
        }
        int file = req.path("file").asInt();
        for (JsonNode c : req.path("chunks")) {
          byte[] data = bundle.chunk(file, c.asInt());
          byte[] msg =
              new ChunkMessage(bundle.name(), bundle.counter(), file, c.asInt(), data).encode();
          link.publish(Topics.chunk(Topics.deviceOf(topic)), msg, 1, false);
          chunksSent.incrementAndGet();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  static LinkOptions plain(String id) {
    return LinkOptions.anonymous("memory://", id);
  }

  private AgentConfig device(String id, DrillFleet fleet) {
    return AgentConfig.of(
            id,
            "tcp://in-memory.test:1883",
            dir.resolve("devices").resolve(id),
            fleet.rootFile(),
            DrillFleet.HARDWARE_ID,
            DrillFleet.HARDWARE_KIND)
        .withTransfer(4, Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  private Agent start(AgentConfig c, Faults faults, ManualScheduler scheduler) throws Exception {
    Agent a =
        Agent.startControlled(
            c,
            faults,
            AgentEnvironment.real().withLinks(broker::open),
            new DirectExecutor(),
            scheduler);
    agents.add(a);
    return a;
  }

  private String retained(String topic) {
    return broker.retained(topic).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
  }

  @Test
  void anOfferIsFetchedInstalledCheckedAndCommittedBeforeThePublishReturns() throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    AgentConfig c = device("d1", fleet);
    Agent.provision(c, fleet.bundle("classifier", 1, true, 0, 4096));
    Agent agent = start(c, Faults.NONE, new ManualScheduler());
    assertThat(agent.isConnected()).isTrue();
    assertThat(retained(Topics.presence("d1"))).contains("\"state\":\"online\"");

    PublishedBundle v2 =
        PublishedBundle.open(fleet.bundle("classifier", 2, true, 50_000, 4096), dir.resolve("s"));
    ChunkServer server = new ChunkServer(broker, v2);
    server.offer("d1", v2, "r2");

    SlotStore.Active active = agent.installed().get("classifier");
    assertThat(active.counter()).isEqualTo(2);
    assertThat(active.state()).isEqualTo(SlotStore.State.COMMITTED);
    int chunks = v2.manifest().files().stream().mapToInt(f -> f.chunks().size()).sum();
    assertThat(server.chunksSent.get()).as("each chunk asked for once").isEqualTo(chunks);
    assertThat(server.statuses).containsExactly("downloading 2", "installed 2", "healthy 2");
    assertThat(agent.lastOutcome()).startsWith("healthy classifier 1.2.0");
    assertThat(agent.bytesReceived()).isEqualTo(v2.manifest().totalBytes());
    assertThat(retained(Topics.register("d1")))
        .contains("\"counter\":2", "\"state\":\"committed\"");
    assertThat(agent.outboxSize()).isZero();

    server.offer("d1", v2, "r2-again");
    assertThat(server.statuses).last().isEqualTo("healthy 2");
    assertThat(agent.lastOutcome()).contains("already installed");
    assertThat(server.chunksSent.get())
        .as("nothing fetched for a repeated offer")
        .isEqualTo(chunks);
  }

  @Test
  void anUnhealthyReleaseRollsBackAndIsNeverFetchedAgain() throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    AgentConfig c = device("d2", fleet);
    Agent.provision(c, fleet.bundle("classifier", 1, true, 0, 4096));
    Agent agent = start(c, Faults.NONE, new ManualScheduler());
    PublishedBundle bad =
        PublishedBundle.open(fleet.bundle("classifier", 3, false, 10_000, 4096), dir.resolve("s"));
    ChunkServer server = new ChunkServer(broker, bad);

    server.offer("d2", bad, "r3");
    assertThat(agent.installed().get("classifier").counter()).isEqualTo(1);
    assertThat(agent.lastOutcome()).startsWith("rolled-back classifier 1.3.0 (health)");
    int sent = server.chunksSent.get();

    server.offer("d2", bad, "r3-again");
    assertThat(server.statuses).last().isEqualTo("rolled-back 3");
    assertThat(server.chunksSent.get()).isEqualTo(sent);
  }

  @Test
  void reportsMadeWhileTheBrokerIsDownWaitInTheOutboxAndLeaveOnceTheSessionIsBack()
      throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    AgentConfig c = device("d3", fleet);
    Agent.provision(c, fleet.bundle("classifier", 1, true, 0, 4096));
    ManualScheduler scheduler = new ManualScheduler();
    Agent agent = start(c, Faults.NONE, scheduler);
    int before = agent.outboxSize();

    broker.stop();
    assertThat(agent.isConnected()).isFalse();
    agent.telemetry();
    agent.flush();
    assertThat(agent.outboxSize()).isEqualTo(before + 1);

    broker.start();
    RecordingListener heard = new RecordingListener();
    MqttLink watcher = broker.open(plain("watcher"));
    watcher.connect(heard);
    watcher.subscribe(Topics.telemetry("d3"), 1);
    assertThat(agent.isConnected()).as("the link reconnected by itself").isTrue();
    assertThat(agent.outboxSize())
        .as("nothing sent before the session is made again")
        .isEqualTo(before + 1);

    scheduler.runReady();
    assertThat(agent.outboxSize()).isZero();
    assertThat(heard.topics()).containsExactly(Topics.telemetry("d3"));
  }

  @Test
  void aKillBeforeTheSwitchKeepsTheOldVersionAndTheNextStartInstallsWithoutRefetching()
      throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    AgentConfig c = device("d4", fleet);
    Agent.provision(c, fleet.bundle("classifier", 1, true, 0, 4096));
    PublishedBundle v2 =
        PublishedBundle.open(fleet.bundle("classifier", 2, true, 30_000, 4096), dir.resolve("s"));
    ChunkServer server = new ChunkServer(broker, v2);
    Faults killBeforeSwitch =
        new Faults() {
          @Override
          public void beforeSwitch(String bundle) {
            throw new Killed("before the switch");
          }
        };
    Agent first = start(c, killBeforeSwitch, new ManualScheduler());
    server.offer("d4", v2, "r2");
    assertThat(first.isDead()).isTrue();
    assertThat(Agent.installedIn(c).get("classifier").counter()).isEqualTo(1);
    assertThat(retained(Topics.presence("d4"))).as("the last will").contains("offline");
    int sent = server.chunksSent.get();

    Agent second = start(c, Faults.NONE, new ManualScheduler());
    // The retained offer replays on subscribe: the install finishes from the kept chunks.
    assertThat(second.installed().get("classifier").counter()).isEqualTo(2);
    assertThat(server.chunksSent.get()).as("no chunk fetched twice").isEqualTo(sent);
  }
}
