package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks delivered the way a compromised broker or coordinator would deliver them, to a running
 * agent: each is refused with its reason in the device's status report, and the device stays on its
 * working version.
 */
@Timeout(120)
class AgentAttackTest {
  @TempDir Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();
  private EmbeddedBroker broker;
  private Registry registry;
  private Coordinator coordinator;
  private DrillFleet fleet;
  private Agent agent;
  private MqttClient attacker;
  private final List<JsonNode> statuses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void fleetOfOne() throws Exception {
    broker = EmbeddedBroker.start(0, dir.resolve("broker"));
    registry = new Registry(dir.resolve("registry.db"));
    coordinator = new Coordinator(broker.url(), registry, null, null);
    fleet = new DrillFleet(dir);
    AgentConfig c =
        AgentConfig.of(
                "target",
                broker.url(),
                dir.resolve("target"),
                fleet.rootFile(),
                DrillFleet.HARDWARE_ID,
                DrillFleet.HARDWARE_KIND)
            .withTransfer(4, Duration.ofMillis(500), Duration.ofSeconds(2));
    Agent.provision(c, fleet.bundle("classifier", 1, true, 8192, 2048));
    agent = Agent.start(c, Faults.NONE);
    attacker = new MqttClient(broker.url(), "attacker", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    attacker.connect(o);
    attacker.subscribe(
        Topics.status("target"), 1, (t, m) -> statuses.add(JSON.readTree(m.getPayload())));
  }

  @AfterEach
  void stop() throws Exception {
    // Each part is closed even when another fails, so nothing outlives its test.
    for (AutoCloseable part :
        new AutoCloseable[] {agent, () -> closeQuietly(attacker), coordinator, registry, broker}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        // Keep closing the rest.
      }
    }
  }

  private JsonNode offerAndAwaitOutcome(byte[] offer) throws Exception {
    statuses.clear();
    attacker.publish(Topics.offer("target"), new MqttMessage(offer));
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode s : statuses) {
        String e = s.path("event").asText();
        if (e.equals("refused") || e.equals("rolled-back") || e.equals("healthy")) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no outcome; statuses: " + statuses);
  }

  private void assertStillOnVersionOne() throws Exception {
    assertThat(agent.installed().get("classifier").counter()).isEqualTo(1);
    assertThat(agent.installed().get("classifier").version()).isEqualTo("1.1.0");
  }

  private byte[] offerOf(Path bpb) throws Exception {
    PublishedBundle b = PublishedBundle.open(bpb, dir.resolve("served"));
    coordinator.publish(b);
    return b.offer("attack");
  }

  @Test
  void aTamperedManifestIsRefusedForItsSignature() throws Exception {
    ObjectNode offer =
        (ObjectNode) JSON.readTree(offerOf(fleet.bundle("classifier", 2, true, 8192, 2048)));
    ObjectNode envelope =
        (ObjectNode) JSON.readTree(Base64.getDecoder().decode(offer.get("manifest").asText()));
    String manifest =
        new String(
            Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
    envelope.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(
                manifest.replace("\"1.2.0\"", "\"9.9.9\"").getBytes(StandardCharsets.UTF_8)));
    offer.put(
        "manifest",
        Base64.getEncoder().encodeToString(envelope.toString().getBytes(StandardCharsets.UTF_8)));
    JsonNode s = offerAndAwaitOutcome(offer.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(s.path("reason").asText()).isEqualTo("bad_signature");
    assertStillOnVersionOne();
  }

  @Test
  void anOlderReleaseIsRefusedAsARollbackAndAnExpiredOneAsAFreeze() throws Exception {
    JsonNode older = offerAndAwaitOutcome(offerOf(fleet.bundle("classifier", 0, true, 8192, 2048)));
    assertThat(older.path("reason").asText()).isEqualTo("rollback");
    JsonNode expired =
        offerAndAwaitOutcome(
            offerOf(
                fleet.bundle(
                    "classifier",
                    2,
                    true,
                    8192,
                    2048,
                    Instant.now().minusSeconds(60),
                    List.of("cpu"))));
    assertThat(expired.path("reason").asText()).isEqualTo("expired");
    assertStillOnVersionOne();
  }

  @Test
  void aReleaseForOtherHardwareIsRefused() throws Exception {
    JsonNode s =
        offerAndAwaitOutcome(
            offerOf(
                fleet.bundle(
                    "classifier",
                    2,
                    true,
                    8192,
                    2048,
                    Instant.now().plusSeconds(3600),
                    List.of("nvidia-jetson-orin-nano-8gb"))));
    assertThat(s.path("reason").asText()).isEqualTo("wrong_target");
    assertStillOnVersionOne();
  }

  @Test
  void aBundleThatDoesNotFitOnTheDiskIsRefusedBeforeAnyChunkIsFetched() throws Exception {
    agent.close();
    AgentConfig full = agent.config().withDiskReserve(Long.MAX_VALUE / 4);
    agent = Agent.start(full, Faults.NONE);
    JsonNode s = offerAndAwaitOutcome(offerOf(fleet.bundle("classifier", 2, true, 8192, 2048)));
    assertThat(s.path("reason").asText()).isEqualTo("no_space");
    assertThat(agent.bytesReceived()).isZero();
    assertStillOnVersionOne();
  }

  @Test
  void aStalledTransferTimesOutKeepsItsChunksAndResumesLater() throws Exception {
    Path v2 = fleet.bundle("classifier", 2, true, 64 * 1024, 2048);
    PublishedBundle b = PublishedBundle.open(v2, dir.resolve("served"));
    Rollout r =
        coordinator.startRollout(
            "slow",
            b,
            List.of("target"),
            new Rollout.Plan(List.of(1.0), 0, 1, Duration.ofMinutes(1)));
    // Let part of it through, then starve the device of chunks.
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (agent.bytesReceived() < 8 * 2048 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    coordinator.faults(new Coordinator.ChunkFaults(1.0, 0, 0, 1));
    long got = agent.bytesReceived();
    end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (statuses.stream().noneMatch(s -> s.path("reason").asText().equals("stalled"))
        && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(statuses).anyMatch(s -> s.path("reason").asText().equals("stalled"));
    assertThat(r.state()).as("a stall is not a failure").isEqualTo(Rollout.State.RUNNING);
    assertStillOnVersionOne();
    coordinator.faults(Coordinator.ChunkFaults.NONE);
    end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (r.state() == Rollout.State.RUNNING && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(r.state()).isEqualTo(Rollout.State.DONE);
    assertThat(agent.installed().get("classifier").counter()).isEqualTo(2);
    assertThat(got).isPositive();
    assertThat(agent.bytesReceived())
        .as("chunks kept across the stall are not fetched again")
        .isLessThanOrEqualTo(b.manifest().totalBytes() + 4L * 2048);
  }

  /** Closes the attacker's client whatever state it is in, so it stops reconnecting. */
  private static void closeQuietly(MqttClient client) throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000, false);
    }
    client.close(true);
  }
}
