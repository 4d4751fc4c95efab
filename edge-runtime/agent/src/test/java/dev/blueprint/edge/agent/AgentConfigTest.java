package dev.blueprint.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's YAML config: relative paths, the probed profile, and errors with their line and
 * field.
 */
class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void readsAConfigWithTheProbedProfileAndPathsRelativeToTheFile() throws Exception {
    Files.copy(
        Path.of("../../hardware-profiles/raspberry-pi-5.yaml"), dir.resolve("raspberry-pi-5.yaml"));
    Files.writeString(dir.resolve("password"), "s3cret\n");
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        device: pi-kitchen-01
        broker: ssl://10.0.0.2:8883
        password_file: password
        ca_file: fleet-ca.pem
        state: state
        root: keys/root-1.json
        hardware_profile: raspberry-pi-5.yaml
        window: 16
        stall_timeout: 500ms
        deadline: 1min
        infer_port: 8089
        """);
    AgentConfig c = AgentConfig.read(file);
    assertThat(c.deviceId()).isEqualTo("pi-kitchen-01");
    assertThat(c.username()).as("the device id by default").isEqualTo("pi-kitchen-01");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.hardwareId()).isEqualTo("raspberry-pi-5");
    assertThat(c.hardwareKind()).isEqualTo("edge");
    assertThat(c.state()).isEqualTo(dir.resolve("state"));
    assertThat(c.root()).isEqualTo(dir.resolve("keys/root-1.json"));
    assertThat(c.caFile()).isEqualTo(dir.resolve("fleet-ca.pem"));
    assertThat(c.window()).isEqualTo(16);
    assertThat(c.stallTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.deadline()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.inferPort()).isEqualTo(8089);
  }

  @Test
  void readsTheTrainingSectionAndLabels() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        device: pi-kitchen-01
        state: state
        root: root-1.json
        hardware_id: raspberry-pi-5
        hardware_kind: edge
        labels: [kitchen, floor-2]
        training:
          data: local-data
          unmetered_network: true
          conditions:
            idle: false
            idle_load_per_core: 0.8
        """);
    AgentConfig c = AgentConfig.read(file);
    assertThat(c.labels()).containsExactly("kitchen", "floor-2");
    AgentConfig.Training t = c.training().orElseThrow();
    assertThat(t.data()).isEqualTo(dir.resolve("local-data"));
    assertThat(t.unmeteredNetwork()).isTrue();
    assertThat(t.conditions().requirePower()).as("the default").isTrue();
    assertThat(t.conditions().requireIdle()).isFalse();
    assertThat(t.conditions().idleLoadPerCore()).isEqualTo(0.8);

    Files.writeString(
        file,
        """
        device: d1
        state: state
        root: root-1.json
        hardware_id: x
        hardware_kind: cpu
        labels: [Kitchen]
        training:
          unmetered_network: yes please
        """);
    assertThatThrownBy(() -> AgentConfig.read(file))
        .hasMessageContaining("agent.yaml:6")
        .hasMessageContaining("labels[0]")
        .hasMessageContaining("agent.yaml:8")
        .hasMessageContaining("unmetered_network")
        .hasMessageContaining("data");
  }

  @Test
  void badConfigsNameTheFileLineAndFieldAndSuggestTheNearestName() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        device: Pi Kitchen
        brokr: tcp://10.0.0.2:1883
        state: state
        root: root-1.json
        hardware_id: this-device
        hardware_kind: cpu
        """);
    assertThatThrownBy(() -> AgentConfig.read(file))
        .hasMessageContaining("agent.yaml:2")
        .hasMessageContaining("brokr")
        .hasMessageContaining("broker")
        .hasMessageContaining("agent.yaml:1")
        .hasMessageContaining("a-z 0-9");
    Files.writeString(file, "device: d1\nstate: state\n");
    assertThatThrownBy(() -> AgentConfig.read(file))
        .hasMessageContaining("root")
        .hasMessageContaining("hardware_profile");
  }

  @Test
  void aBrokerAddressThatCanNeverWorkIsRefusedWithItsLine() throws Exception {
    Path file = dir.resolve("agent.yaml");
    String rest = "state: state\nroot: root-1.json\nhardware_id: x\nhardware_kind: cpu\n";
    Files.writeString(file, "device: d1\nbroker: http://10.0.0.2:1883\n" + rest);
    assertThatThrownBy(() -> AgentConfig.read(file))
        .hasMessageContaining("agent.yaml:2")
        .hasMessageContaining("broker")
        .hasMessageContaining("scheme 'http'")
        .hasMessageContaining("[tcp, ssl, ws, wss]");
    Files.writeString(file, "device: d1\nbroker: tcp://:1883\n" + rest);
    assertThatThrownBy(() -> AgentConfig.read(file)).hasMessageContaining("no host");
    Files.writeString(file, "device: d1\nbroker: tcp://10.0.0.2 :1883\n" + rest);
    assertThatThrownBy(() -> AgentConfig.read(file)).hasMessageContaining("expected an address");
    Files.writeString(file, "device: d1\nbroker: tcp://10.0.0.2:1883\nca_file: ca.pem\n" + rest);
    assertThatThrownBy(() -> AgentConfig.read(file))
        .hasMessageContaining("agent.yaml:2")
        .hasMessageContaining("not a TLS address");
    assertThat(AgentConfig.brokerProblem("ssl://fleet.example:8883", true)).isEmpty();
  }
}
