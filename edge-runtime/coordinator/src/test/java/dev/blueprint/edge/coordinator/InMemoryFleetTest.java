package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.AgentEnvironment;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Topics;
import dev.blueprint.edge.mqtt.InMemoryBroker;
import dev.blueprint.edge.mqtt.LinkOptions;
import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real coordinator and real agents on the in-memory broker: a whole rollout with no socket, the
 * ground a simulated fleet stands on.
 */
class InMemoryFleetTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aRolloutReachesEveryDeviceOnTheInMemoryBroker() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    DrillFleet fleet = new DrillFleet(dir);
    Path v1 = fleet.bundle("classifier", 1, true, 0, 4096);
    List<String> ids = List.of("m1", "m2", "m3");
    List<Agent> agents = new ArrayList<>();
    LinkOptions coordinatorLink = LinkOptions.anonymous("memory://", "coordinator");
    try (Registry registry = new Registry(dir.resolve("registry.db"));
        Coordinator coordinator = new Coordinator(coordinatorLink, broker::open, registry)) {
      for (String id : ids) {
        AgentConfig c =
            AgentConfig.of(
                    id,
                    "tcp://in-memory.test:1883",
                    dir.resolve(id),
                    fleet.rootFile(),
                    DrillFleet.HARDWARE_ID,
                    DrillFleet.HARDWARE_KIND)
                .withTransfer(4, Duration.ofMillis(500), Duration.ofSeconds(20));
        Agent.provision(c, v1);
        agents.add(Agent.start(c, Faults.NONE, AgentEnvironment.real().withLinks(broker::open)));
      }
      Rollout r =
          coordinator.startRollout(
              "v2",
              PublishedBundle.open(
                  fleet.bundle("classifier", 2, true, 20_000, 4096), dir.resolve("served")),
              ids,
              new Rollout.Plan(List.of(0.34, 1.0), 0.2, 1, Duration.ofSeconds(20)));
      long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (r.state() == Rollout.State.RUNNING && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(r.state()).isEqualTo(Rollout.State.DONE);
      for (Agent a : agents) {
        assertThat(a.installed().get("classifier").counter()).isEqualTo(2);
      }
      assertThat(registry.events("v2")).anyMatch(e -> e.event().equals("healthy"));
    } finally {
      agents.forEach(Agent::close);
    }
  }

  @Test
  @Timeout(30)
  void aCoordinatorWhoseSubscriptionsARestartedBrokerDidNotAcknowledgeMakesThemAgain()
      throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    LinkOptions coordinatorLink = LinkOptions.anonymous("memory://", "coordinator");
    try (Registry registry = new Registry(dir.resolve("registry.db"));
        Coordinator coordinator = new Coordinator(coordinatorLink, broker::open, registry)) {
      broker.stop();
      broker.refuseSubscribes(1);
      broker.start(); // the coordinator's link is back; its first resubscribe is refused
      MqttLink device = broker.open(LinkOptions.anonymous("memory://", "d9"));
      device.connect(new RecordingListener());
      byte[] registration =
          "{\"contract\":1,\"device\":\"d9\",\"hardware\":\"h\",\"kind\":\"cpu\",\"runtime\":\"0.1.0\",\"installed\":{}}"
              .getBytes(StandardCharsets.UTF_8);
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (registry.devices().stream().noneMatch(d -> d.id().equals("d9"))
          && System.nanoTime() < end) {
        device.publish(Topics.register("d9"), registration, 1, true);
        Thread.sleep(100);
      }
      assertThat(registry.devices()).extracting(Registry.Device::id).contains("d9");
    }
  }
}
