package dev.blueprint.app.workbench;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.coordinator.DrillFleet;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.ota.Ed25519;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Three real device agents with training sections on a broker, each holding one WISDM held-out
 * user's recordings as its local data, the key their round offers are signed with, and a small task
 * file that selects them: what the Fleet tab's federated-task tests run against (as
 * FlRunCommandTest does for {@code fl run}).
 */
final class FederatedFleet implements AutoCloseable {
  /** The shipped held-out users, from the app module's folder. */
  private static final Path HELD_OUT = Path.of("../models/edge/wisdm-mlp/heldout-users.csv");

  private final List<Agent> agents = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();
  private final Path dir;
  private final Path keysFile;

  FederatedFleet(Path dir, String brokerUrl) throws IOException {
    this.dir = dir;
    // The coordinator's evaluation set: the held-out users, laid out as the data set is.
    Path wisdm = Files.createDirectories(dir.resolve("data/wisdm-har"));
    Files.copy(HELD_OUT, wisdm.resolve(Wisdm.FILE));
    Wisdm users = Wisdm.read(HELD_OUT);
    DrillFleet fleet = new DrillFleet(Files.createDirectories(dir.resolve("release")));
    Ed25519.write(fleet.signer(), dir, "rounds");
    // The drill fleet's one release key signs every kind: rounds, and models for the rollout.
    Ed25519.write(fleet.signer(), dir, "models");
    keysFile = fleet.keysFile();
    Path bundle = fleet.bundle("classifier", 1, true, 0, 64 << 10);
    int[] userOf = users.users();
    List<Integer> distinct = IntStream.of(userOf).distinct().sorted().boxed().toList();
    for (int i = 0; i < 3; i++) {
      String id = "dev-" + i;
      ids.add(id);
      int user = distinct.get(i);
      Path data = Files.createDirectories(dir.resolve("local").resolve(id));
      writeCsv(
          users
              .data()
              .select(IntStream.range(0, userOf.length).filter(s -> userOf[s] == user).toArray()),
          data.resolve("local.csv"));
      AgentConfig c =
          AgentConfig.of(
                  id,
                  brokerUrl,
                  dir.resolve("devices").resolve(id),
                  fleet.rootFile(),
                  DrillFleet.HARDWARE_ID,
                  DrillFleet.HARDWARE_KIND)
              .withTraining(new AgentConfig.Training(data, TrainingConditions.ALWAYS, true));
      Agent.provision(c, bundle);
      agents.add(Agent.start(c, Faults.NONE));
    }
  }

  /** The key round offers are signed with; the agents' trusted keys list it for fl-model. */
  Path key() {
    return dir.resolve("rounds.key");
  }

  /** The key model bundles are signed with (the agents' trusted keys list it for model). */
  Path modelKey() {
    return dir.resolve("models.key");
  }

  /** keys.json listing both keys, signed by the agents' root. */
  Path keysFile() {
    return keysFile;
  }

  /** Writes {@code ID.yaml}: {@code rounds} rounds of 2 clients out of the three agents. */
  Path task(String id, int rounds) throws IOException {
    return Files.writeString(
        dir.resolve(id + ".yaml"),
        String.join(
            "\n",
            "id: " + id,
            "model: wisdm-mlp",
            "population:",
            "  devices: [" + String.join(", ", ids) + "]",
            "rounds: " + rounds,
            "clients_per_round: 2",
            "over_selection: 0.5",
            "min_completion: 1",
            "round_deadline: 60s",
            "evaluation:",
            "  data: data",
            "  kind: wisdm",
            "training_conditions: {power: false, unmetered: false, idle: false}",
            ""));
  }

  int size() {
    return agents.size();
  }

  @Override
  public void close() {
    agents.forEach(Agent::die);
  }

  /** A local data CSV in the agent's tabular layout: the features, then the label's index. */
  private static void writeCsv(LabeledData d, Path file) throws IOException {
    int features = d.sampleShape().size();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int f = 0; f < features; f++) {
        w.write("x" + f + ",");
      }
      w.write("label\n");
      float[] x = d.features(0, d.size());
      for (int s = 0; s < d.size(); s++) {
        StringBuilder line = new StringBuilder();
        for (int f = 0; f < features; f++) {
          line.append(x[s * features + f]).append(',');
        }
        line.append(d.label(s)).append('\n');
        w.write(line.toString());
      }
    }
  }
}
