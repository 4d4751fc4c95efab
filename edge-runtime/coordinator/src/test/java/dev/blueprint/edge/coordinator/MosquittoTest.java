package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The same agents and coordinator against Mosquitto, with passwords and the ACL. */
class MosquittoTest {
  @TempDir Path dir;

  private static MqttClient client(Mosquitto broker, String user) throws Exception {
    MqttClient c = new MqttClient(broker.url(), user, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(user);
    o.setPassword(Mosquitto.PASSWORD.toCharArray());
    o.setCleanSession(true);
    c.connect(o);
    return c;
  }

  @Test
  @Timeout(60)
  void aDeviceCanNeitherReadNorWriteAnotherDevicesTopics() throws Exception {
    try (Mosquitto broker =
        Mosquitto.start(dir.resolve("mosquitto"), List.of("coordinator", "d1", "d2"))) {
      MqttClient coordinator = client(broker, "coordinator");
      MqttClient d1 = client(broker, "d1");
      MqttClient d2 = client(broker, "d2");
      List<String> seenByD1 = new CopyOnWriteArrayList<>();
      List<String> seenByD2 = new CopyOnWriteArrayList<>();
      List<String> seenByCoordinator = new CopyOnWriteArrayList<>();
      d1.subscribe(Topics.offer("d1"), 1, (t, m) -> seenByD1.add(t));
      // d2 tries to eavesdrop on d1's offers and on everything of d1's.
      d2.subscribe(Topics.offer("d1"), 1, (t, m) -> seenByD2.add(t));
      d2.subscribe(Topics.ROOT + "d1/#", 1, (t, m) -> seenByD2.add(t));
      coordinator.subscribe(
          Topics.ROOT + "+/status",
          1,
          (t, m) ->
              seenByCoordinator.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));

      coordinator.publish(
          Topics.offer("d1"), new MqttMessage("offer for d1".getBytes(StandardCharsets.UTF_8)));
      // d2 forges a status in d1's name, then reports its own.
      d2.publish(Topics.status("d1"), new MqttMessage("forged".getBytes(StandardCharsets.UTF_8)));
      d2.publish(Topics.status("d2"), new MqttMessage("genuine".getBytes(StandardCharsets.UTF_8)));
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while ((seenByD1.isEmpty() || seenByCoordinator.isEmpty()) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      Thread.sleep(500);
      assertThat(seenByD1).containsExactly(Topics.offer("d1"));
      assertThat(seenByD2).as("d2 reads nothing of d1's").isEmpty();
      assertThat(seenByCoordinator).containsExactly(Topics.status("d2") + " genuine");
      for (MqttClient c : List.of(coordinator, d1, d2)) {
        c.disconnect();
        c.close();
      }
    }
  }

  @Test
  @Timeout(60)
  void aDeviceReadsOnlyItsOwnRoundOffersAndWritesOnlyItsOwnUpdates() throws Exception {
    try (Mosquitto broker =
        Mosquitto.start(dir.resolve("mosquitto"), List.of("coordinator", "d1", "d2"))) {
      MqttClient coordinator = client(broker, "coordinator");
      MqttClient d1 = client(broker, "d1");
      MqttClient d2 = client(broker, "d2");
      List<String> seenByD1 = new CopyOnWriteArrayList<>();
      List<String> seenByD2 = new CopyOnWriteArrayList<>();
      List<String> uploads = new CopyOnWriteArrayList<>();
      d1.subscribe(Topics.flOffer("d1"), 1, (t, m) -> seenByD1.add(t));
      d1.subscribe(Topics.flAck("d1"), 1, (t, m) -> seenByD1.add(t));
      // d2 tries to read d1's round offers and acknowledgements.
      d2.subscribe(Topics.flOffer("d1"), 1, (t, m) -> seenByD2.add(t));
      d2.subscribe(Topics.flAck("d1"), 1, (t, m) -> seenByD2.add(t));
      coordinator.subscribe(
          Topics.ROOT + "+/fl/upload",
          1,
          (t, m) -> uploads.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));

      coordinator.publish(
          Topics.flOffer("d1"), new MqttMessage("round for d1".getBytes(StandardCharsets.UTF_8)));
      coordinator.publish(
          Topics.flAck("d1"), new MqttMessage("ack for d1".getBytes(StandardCharsets.UTF_8)));
      // d2 forges an update in d1's name, then sends its own.
      d2.publish(Topics.flUpload("d1"), new MqttMessage("forged".getBytes(StandardCharsets.UTF_8)));
      d2.publish(
          Topics.flUpload("d2"), new MqttMessage("genuine".getBytes(StandardCharsets.UTF_8)));
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while ((seenByD1.size() < 2 || uploads.isEmpty()) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      Thread.sleep(500);
      assertThat(seenByD1).containsExactlyInAnyOrder(Topics.flOffer("d1"), Topics.flAck("d1"));
      assertThat(seenByD2).as("d2 reads nothing of d1's rounds").isEmpty();
      assertThat(uploads).containsExactly(Topics.flUpload("d2") + " genuine");
      for (MqttClient c : List.of(coordinator, d1, d2)) {
        c.disconnect();
        c.close();
      }
    }
  }

  @Test
  @Timeout(240)
  void federatedRoundsRunAgainstMosquittoWithTheAcl() throws Exception {
    List<String> users = new ArrayList<>(List.of("coordinator"));
    IntStream.range(0, 6).forEach(i -> users.add(String.format("dev-%03d", i)));
    try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), users)) {
      StringWriter log = new StringWriter();
      FlDrill.Result r =
          FlDrill.run(
              new FlDrill.Options(
                  6,
                  0.3,
                  0,
                  "mean",
                  broker.url(),
                  "coordinator",
                  Mosquitto.PASSWORD,
                  4,
                  1,
                  5,
                  FlDrillTest.heldOutUsers(),
                  dir.resolve("drill-fl"),
                  Duration.ofMinutes(3)),
              new PrintWriter(log, true));
      assertThat(r.roundsCommitted()).as(log.toString()).isEqualTo(4);
      assertThat(r.coordinatorRestarts()).isEqualTo(1);
      assertThat(r.updatesAppliedTwice()).isZero();
      assertThat(r.identicalToUninterrupted()).as(log.toString()).isTrue();
    }
  }

  @Test
  @Timeout(240)
  void theDrillRunsAgainstMosquittoWithAuthenticationAndARestart() throws Exception {
    List<String> users = new ArrayList<>(List.of("coordinator"));
    IntStream.range(0, 6).forEach(i -> users.add(String.format("dev-%03d", i)));
    try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), users)) {
      StringWriter log = new StringWriter();
      OtaDrill.Result r =
          OtaDrill.run(
              new OtaDrill.Options(
                  6,
                  broker.url(),
                  "coordinator",
                  Mosquitto.PASSWORD,
                  0.3,
                  11,
                  64 * 1024,
                  4096,
                  dir.resolve("drill"),
                  Duration.ofMinutes(3),
                  broker::restart),
              new PrintWriter(log, true));
      assertThat(r.bricked()).as(log.toString()).isZero();
      assertThat(r.updated()).as(log.toString()).isEqualTo(6);
      assertThat(r.badRollout()).isEqualTo("halted");
      assertThat(r.brokerRestarts()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void telemetryWaitsInTheOutboxWhileTheBrokerRefusesTheAgentAndIsDeliveredOnceItConnects()
      throws Exception {
    try (Mosquitto broker =
        Mosquitto.start(dir.resolve("mosquitto"), List.of("coordinator", "d1"))) {
      DrillFleet fleet = new DrillFleet(dir);
      AgentConfig right =
          AgentConfig.of(
                  "d1",
                  broker.url(),
                  dir.resolve("d1"),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withCredentials("d1", Mosquitto.PASSWORD)
              .withTelemetry(Duration.ofMillis(100));
      Agent refused = Agent.start(right.withCredentials("d1", "wrong"), Faults.NONE);
      int waiting;
      try {
        Thread.sleep(1000);
        assertThat(refused.isConnected()).isFalse();
        waiting = refused.outboxSize();
        assertThat(waiting).as("telemetry kept while offline").isGreaterThanOrEqualTo(3);
      } finally {
        refused.die();
      }
      MqttClient coordinator = client(broker, "coordinator");
      List<String> telemetry = new CopyOnWriteArrayList<>();
      coordinator.subscribe(Topics.telemetry("d1"), 1, (t, m) -> telemetry.add(t));
      Agent agent = Agent.start(right.withTelemetry(Duration.ofMinutes(5)), Faults.NONE);
      try {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (agent.outboxSize() > 0 && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertThat(agent.outboxSize()).isZero();
        Thread.sleep(300);
        assertThat(telemetry.size())
            .as("every record kept offline arrived")
            .isGreaterThanOrEqualTo(waiting);
      } finally {
        agent.close();
        coordinator.disconnect();
        coordinator.close();
      }
    }
  }
}
