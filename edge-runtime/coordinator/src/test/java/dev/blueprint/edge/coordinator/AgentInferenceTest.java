package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.agent.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent serves local inference on its installed model, switches with updates, and reports
 * latency.
 */
class AgentInferenceTest {
  @TempDir Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> infer(int port, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/infer"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long errorsIn(List<JsonNode> telemetry) {
    return telemetry.stream().mapToLong(t -> t.path("inference_errors").asLong()).sum();
  }

  @Test
  @Timeout(90)
  void servesTheInstalledModelAndItsUpdateAndReportsLatencyPercentiles() throws Exception {
    DrillFleet fleet = new DrillFleet(dir);
    String input =
        "{\"input\": [0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9, 1.0, -1.1, 1.2, 1.3, 1.4, 1.5, 1.6]}";
    try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"));
        Registry registry = new Registry(dir.resolve("registry.db"));
        Coordinator coordinator = new Coordinator(broker.url(), registry, null, null)) {
      AgentConfig c =
          AgentConfig.of(
                  "server",
                  broker.url(),
                  dir.resolve("server"),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withInferPort(EmbeddedBroker.freePort())
              .withTelemetry(Duration.ofMillis(300));
      Agent.provision(c, fleet.bundle("classifier", 1, true, 0, 4096));
      MqttClient listener = new MqttClient(broker.url(), "listener", new MemoryPersistence());
      listener.connect(new MqttConnectOptions());
      List<JsonNode> telemetry = new CopyOnWriteArrayList<>();
      listener.subscribe(
          Topics.telemetry("server"), 1, (t, m) -> telemetry.add(JSON.readTree(m.getPayload())));
      Agent agent = Agent.start(c, Faults.NONE);
      try {
        Thread.sleep(300);
        HttpResponse<String> first = infer(agent.inferencePort(), input);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode v1 = JSON.readTree(first.body());
        assertThat(v1.path("version").asText()).isEqualTo("1.1.0");
        assertThat(v1.path("output")).hasSize(4);

        HttpResponse<String> bad = infer(agent.inferencePort(), "{\"input\": [1, 2]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("error");
        assertThat(infer(agent.inferencePort(), "not json").statusCode()).isEqualTo(400);

        for (int i = 0; i < 20; i++) {
          infer(agent.inferencePort(), input);
        }
        // Requests may fall into two telemetry windows: count errors over all of them.
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((telemetry.stream().noneMatch(t -> t.has("p99_ms")) || errorsIn(telemetry) < 2)
            && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        JsonNode t = telemetry.stream().filter(x -> x.has("p99_ms")).findFirst().orElseThrow();
        assertThat(t.path("p99_ms").asDouble()).isPositive();
        assertThat(errorsIn(telemetry)).isGreaterThanOrEqualTo(2);

        Rollout r =
            coordinator.startRollout(
                "v2",
                PublishedBundle.open(
                    fleet.bundle("classifier", 2, true, 0, 4096), dir.resolve("served")),
                List.of("server"),
                new Rollout.Plan(List.of(1.0), 0, 1, Duration.ofMinutes(1)));
        end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (r.state() == Rollout.State.RUNNING && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        JsonNode v2 = JSON.readTree(infer(agent.inferencePort(), input).body());
        assertThat(v2.path("version").asText()).isEqualTo("1.2.0");
        assertThat(v2.path("output").toString()).isNotEqualTo(v1.path("output").toString());
      } finally {
        agent.close();
        listener.disconnect();
        listener.close();
      }
    }
  }
}
