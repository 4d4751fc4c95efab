package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout over TLS (Mosquitto with a test CA), and an agent that does not trust the broker's
 * certificate.
 */
class TlsTest {
  @TempDir Path dir;

  private void openssl(String... args) throws Exception {
    boolean present =
        Files.isExecutable(Path.of("/usr/bin/openssl"))
            || Files.isExecutable(Path.of("/usr/local/bin/openssl"));
    if (!Boolean.getBoolean("blueprint.mosquitto.required")) {
      Assumptions.assumeTrue(present, "openssl makes the test certificates; not installed");
    }
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
  }

  @Test
  @Timeout(90)
  void aRolloutOverTlsReachesATrustingAgentAndNotAnUntrustingOne() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=blueprint-test-ca");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    Files.writeString(dir.resolve("ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "other.key",
        "-out",
        "other-ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=someone-else");
    try (Mosquitto broker =
        Mosquitto.startTls(
            dir.resolve("mosquitto"),
            List.of("coordinator", "trusting", "untrusting"),
            dir.resolve("ca.pem"),
            dir.resolve("server.pem"),
            dir.resolve("server.key"))) {
      DrillFleet fleet = new DrillFleet(dir);
      String url = "ssl://127.0.0.1:" + broker.port;
      AgentConfig trusting =
          AgentConfig.of(
                  "trusting",
                  url,
                  dir.resolve("trusting"),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withCredentials("trusting", Mosquitto.PASSWORD)
              .withCa(dir.resolve("ca.pem"));
      AgentConfig untrusting =
          AgentConfig.of(
                  "untrusting",
                  url,
                  dir.resolve("untrusting"),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withCredentials("untrusting", Mosquitto.PASSWORD)
              .withCa(dir.resolve("other-ca.pem"));
      Path v1 = fleet.bundle("classifier", 1, true, 4096, 2048);
      Agent.provision(trusting, v1);
      Agent.provision(untrusting, v1);
      try (Registry registry = new Registry(dir.resolve("registry.db"));
          Coordinator c =
              new Coordinator(
                  url, registry, "coordinator", Mosquitto.PASSWORD, dir.resolve("ca.pem"))) {
        Agent a = Agent.start(trusting, Faults.NONE);
        Agent b = Agent.start(untrusting, Faults.NONE);
        try {
          Rollout r =
              c.startRollout(
                  "tls",
                  PublishedBundle.open(
                      fleet.bundle("classifier", 2, true, 4096, 2048), dir.resolve("served")),
                  List.of("trusting"),
                  new Rollout.Plan(List.of(1.0), 0, 1, Duration.ofMinutes(1)));
          long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (r.state() == Rollout.State.RUNNING && System.nanoTime() < end) {
            Thread.sleep(50);
          }
          assertThat(r.state()).isEqualTo(Rollout.State.DONE);
          assertThat(a.isConnected()).isTrue();
          assertThat(b.isConnected())
              .as("a broker certificate from another CA is not trusted")
              .isFalse();
          assertThat(a.installed().get("classifier").counter()).isEqualTo(2);
        } finally {
          a.close();
          b.close();
        }
      }
    }
  }
}
