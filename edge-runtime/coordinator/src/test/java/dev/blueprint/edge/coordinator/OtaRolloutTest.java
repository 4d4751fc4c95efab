package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Killed;
import dev.blueprint.edge.ota.SlotStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts over the embedded broker with real agents: the happy path, a halt, and a resumed
 * transfer.
 */
class OtaRolloutTest {
  @TempDir Path dir;

  private AgentConfig device(String id, String url, DrillFleet fleet) {
    return AgentConfig.of(
            id,
            url,
            dir.resolve("devices").resolve(id),
            fleet.rootFile(),
            DrillFleet.HARDWARE_ID,
            DrillFleet.HARDWARE_KIND)
        .withTransfer(4, Duration.ofMillis(800), Duration.ofSeconds(30));
  }

  private static void await(Rollout r, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (r.state() == Rollout.State.RUNNING && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }

  @Test
  @Timeout(120)
  void aGoodReleaseReachesEveryDeviceAndABadOneHaltsAfterTheCanariesRollBack() throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    Path v1 = fleet.bundle("classifier", 1, true, 20_000, 4096);
    Path v2 = fleet.bundle("classifier", 2, true, 20_000, 4096);
    Path v3 = fleet.bundle("classifier", 3, false, 20_000, 4096);
    List<Agent> agents = new ArrayList<>();
    List<String> ids = List.of("d1", "d2", "d3", "d4");
    try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
        Registry registry = new Registry(dir.resolve("registry.db"));
        Coordinator coordinator = new Coordinator(broker.url(), registry, null, null)) {
      for (String id : ids) {
        AgentConfig c = device(id, broker.url(), fleet);
        if (id.equals("d1")) {
          c = c.withHardwareProfile(Path.of("../../hardware-profiles/raspberry-pi-5.yaml"));
        }
        Agent.provision(c, v1);
        agents.add(Agent.start(c, Faults.NONE));
      }
      Rollout.Plan plan = new Rollout.Plan(List.of(0.25, 1.0), 0.2, 1, Duration.ofSeconds(30));
      Rollout good =
          coordinator.startRollout(
              "good", PublishedBundle.open(v2, dir.resolve("served")), ids, plan);
      await(good, Duration.ofSeconds(60));
      assertThat(good.state()).isEqualTo(Rollout.State.DONE);
      assertThat(good.devices().values()).containsOnly(Rollout.DeviceState.HEALTHY);
      for (Agent a : agents) {
        assertThat(a.installed().get("classifier").counter()).isEqualTo(2);
      }
      Thread.sleep(300);
      assertThat(registry.devices()).extracting(Registry.Device::id).containsAll(ids);
      assertThat(
              registry.devices().stream()
                  .filter(d -> d.id().equals("d1"))
                  .findFirst()
                  .orElseThrow()
                  .hardwareProfile())
          .as("d1 registered its measured profile")
          .contains("id: raspberry-pi-5");
      assertThat(registry.events("good")).anyMatch(e -> e.event().equals("healthy"));

      Rollout bad =
          coordinator.startRollout(
              "bad", PublishedBundle.open(v3, dir.resolve("served")), ids, plan);
      await(bad, Duration.ofSeconds(60));
      assertThat(bad.state()).isEqualTo(Rollout.State.HALTED);
      assertThat(bad.haltReason()).contains("health");
      assertThat(bad.devices().get("d1")).isEqualTo(Rollout.DeviceState.FAILED);
      assertThat(bad.devices().get("d4")).isEqualTo(Rollout.DeviceState.WAITING);
      for (Agent a : agents) {
        SlotStore.Active active = a.installed().get("classifier");
        assertThat(active.counter()).isEqualTo(2);
        assertThat(active.state()).isEqualTo(SlotStore.State.COMMITTED);
      }
    } finally {
      agents.forEach(Agent::close);
    }
  }

  @Test
  @Timeout(120)
  void anAgentKilledMidDownloadResumesWithoutFetchingFinishedChunksAgain() throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    int chunk = 4096;
    Path v1 = fleet.bundle("classifier", 1, true, 10_000, chunk);
    Path v2 = fleet.bundle("classifier", 2, true, 400_000, chunk);
    AtomicBoolean fired = new AtomicBoolean();
    Faults killAt40 =
        new Faults() {
          int seen;

          @Override
          public void beforeChunkWrite(String bundle, int file, int c) {
            if (++seen == 40 && fired.compareAndSet(false, true)) {
              throw new Killed("mid-download");
            }
          }
        };
    try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
        Registry registry = new Registry(dir.resolve("registry.db"));
        Coordinator coordinator = new Coordinator(broker.url(), registry, null, null)) {
      AgentConfig c = device("resumer", broker.url(), fleet);
      Agent.provision(c, v1);
      Agent first = Agent.start(c, killAt40);
      PublishedBundle b = PublishedBundle.open(v2, dir.resolve("served"));
      Rollout r =
          coordinator.startRollout(
              "resume",
              b,
              List.of("resumer"),
              new Rollout.Plan(List.of(1.0), 0, 1, Duration.ofSeconds(60)));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!first.isDead() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(first.isDead()).as("the fault fired").isTrue();
      long before = first.bytesReceived();
      Agent second = Agent.start(c, Faults.NONE);
      try {
        await(r, Duration.ofSeconds(60));
        assertThat(r.state()).isEqualTo(Rollout.State.DONE);
        long total = b.manifest().totalBytes();
        // The restarted agent fetched only what the first had not written (plus one window in
        // flight).
        assertThat(second.bytesReceived()).isLessThanOrEqualTo(total - before + 4L * chunk);
        assertThat(before + second.bytesReceived()).isGreaterThanOrEqualTo(total);
        assertThat(second.installed().get("classifier").counter()).isEqualTo(2);
      } finally {
        second.close();
      }
    }
  }

  @Test
  @Timeout(300)
  void theDrillBricksNothingUnderFaults() throws Exception {
    StringWriter log = new StringWriter();
    OtaDrill.Result r =
        OtaDrill.run(
            new OtaDrill.Options(
                6,
                "embedded",
                null,
                null,
                0.3,
                7,
                64 * 1024,
                4096,
                dir.resolve("drill"),
                Duration.ofMinutes(3)),
            new PrintWriter(log, true));
    assertThat(r.bricked()).as(log.toString()).isZero();
    assertThat(r.updated()).as(log.toString()).isEqualTo(6);
    assertThat(r.badRollout()).isEqualTo("halted");
    assertThat(r.rolledBack()).isGreaterThanOrEqualTo(1);
  }
}
