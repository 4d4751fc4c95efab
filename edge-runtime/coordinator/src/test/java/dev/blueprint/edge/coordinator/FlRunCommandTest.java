package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.AgentEnvironment;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.fl.DeviceSignals;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.Ed25519;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fl run} against four real agents on the embedded broker, three of them labelled for the
 * task's population and one of those on battery (it declines, and says why): the task file's rounds
 * commit, the final model is exported float and int8, and a second run refuses to replace the
 * exported files before it starts.
 */
class FlRunCommandTest {
  @TempDir Path dir;

  @Test
  void runsATaskFileAgainstRegisteredAgentsAndExportsTheModel() throws Exception {
    Path heldOut = Path.of("../../models/edge/wisdm-mlp/heldout-users.csv");
    // The coordinator's evaluation set: the shipped held-out users, laid out as the data set is.
    Path wisdm = Files.createDirectories(dir.resolve("data/wisdm-har"));
    Files.copy(heldOut, wisdm.resolve(Wisdm.FILE));
    Wisdm users = Wisdm.read(heldOut);
    DrillFleet fleet = new DrillFleet(Files.createDirectories(dir.resolve("release")));
    Ed25519.write(fleet.signer(), dir, "rounds");
    Path bundle = fleet.bundle("classifier", 1, true, 0, 64 << 10);
    List<Agent> agents = new ArrayList<>();
    try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"))) {
      List<String> ids = new ArrayList<>();
      int[] userOf = users.users();
      List<Integer> distinct = IntStream.of(userOf).distinct().sorted().boxed().toList();
      // dev-0 and dev-1 train; dev-2 is in the population but on battery, so it declines every
      // round and says why; dev-3 is labelled for another population.
      for (int i = 0; i < 4; i++) {
        String id = "dev-" + i;
        ids.add(id);
        int user = distinct.get(i);
        Path data = Files.createDirectories(dir.resolve("local").resolve(id));
        FlDrill.writeCsv(
            users
                .data()
                .select(IntStream.range(0, userOf.length).filter(s -> userOf[s] == user).toArray()),
            data.resolve("local.csv"));
        agents.add(
            agent(
                id,
                broker,
                fleet,
                bundle,
                data,
                i == 2 ? TrainingConditions.DEFAULT : TrainingConditions.ALWAYS,
                i < 3 ? "kitchen" : "garage"));
      }
      Path task = dir.resolve("tiny.yaml");
      Files.writeString(
          task,
          String.join(
              "\n",
              "id: tiny",
              "model: wisdm-mlp",
              "population:",
              "  labels: [kitchen]",
              "rounds: 3",
              "clients_per_round: 2",
              "over_selection: 0.5",
              "min_completion: 1",
              "round_deadline: 20s",
              "evaluation:",
              "  data: data",
              "  kind: wisdm",
              "training_conditions: {power: false, unmetered: false, idle: false}",
              ""));
      // The registry learns of the agents from their retained presence when the command connects.
      Thread.sleep(500);
      String[] args = {
        "run",
        task.toString(),
        "--broker",
        broker.url(),
        "--key",
        dir.resolve("rounds.key").toString(),
        "--registry",
        dir.resolve("registry.db").toString()
      };
      StringWriter out = new StringWriter();
      int rc = command(out).execute(args);
      assertThat(rc).as(out.toString()).isZero();
      assertThat(out.toString())
          .contains("3 devices available now")
          // dev-2 declines round 1 and, having said so, is not asked again within the deadline.
          .contains(
              "devices that sent nothing said ineligible 1 time(s); the last, dev-2: on battery")
          .contains("round    3:")
          .contains("rounds 1 to 3 committed here (started)")
          .contains("wrote " + dir.resolve("tiny.bpm"))
          .contains("wrote " + dir.resolve("tiny-int8.bpm"));
      assertThat(ModelFile.read(dir.resolve("tiny-int8.bpm")).isQuantized()).isTrue();
      assertThat(ModelFile.read(dir.resolve("tiny.bpm")).isQuantized()).isFalse();

      StringWriter again = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine second = command(again);
      second.setErr(new PrintWriter(err, true));
      assertThat(second.execute(args)).isNotZero();
      assertThat(err.toString()).contains("tiny.bpm exists");
    } finally {
      agents.forEach(Agent::die);
    }
  }

  /**
   * An agent that trains on {@code data}, labelled {@code label}, provisioned with {@code bundle}.
   */
  private Agent agent(
      String id,
      EmbeddedBroker broker,
      DrillFleet fleet,
      Path bundle,
      Path data,
      TrainingConditions conditions,
      String label)
      throws Exception {
    AgentConfig c =
        AgentConfig.of(
                id,
                broker.url(),
                dir.resolve("devices").resolve(id),
                fleet.rootFile(),
                DrillFleet.HARDWARE_ID,
                DrillFleet.HARDWARE_KIND)
            .withTraining(new AgentConfig.Training(data, conditions, true))
            .withLabels(List.of(label));
    Agent.provision(c, bundle);
    return Agent.start(c, Faults.NONE, AgentEnvironment.real().withSignals(new OnBattery()));
  }

  @Test
  void anUpdateLargerThanAChunkTravelsInPiecesAndCountsOnce() throws Exception {
    // niid-cnn's float32 update is 177,715 bytes: six upload chunks of at most 32 KiB.
    DrillFleet fleet = new DrillFleet(Files.createDirectories(dir.resolve("release")));
    Ed25519.write(fleet.signer(), dir, "rounds");
    Path bundle = fleet.bundle("classifier", 1, true, 0, 64 << 10);
    Path shipped = Path.of("../../models/edge/fashion-cnn");
    List<Agent> agents = new ArrayList<>();
    try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir.resolve("broker"))) {
      for (String id : List.of("cam-0", "cam-1")) {
        Path data = Files.createDirectories(dir.resolve("local").resolve(id));
        for (String f : List.of("heldout-images-idx3-ubyte.gz", "heldout-labels-idx1-ubyte.gz")) {
          Files.copy(shipped.resolve(f), data.resolve(f));
        }
        agents.add(agent(id, broker, fleet, bundle, data, TrainingConditions.ALWAYS, "camera"));
      }
      Path task = dir.resolve("cnn.yaml");
      Files.writeString(
          task,
          String.join(
              "\n",
              "id: cnn",
              "model: niid-cnn",
              "population:",
              "  labels: [camera]",
              "rounds: 2",
              "clients_per_round: 2",
              "over_selection: 0",
              "min_completion: 1",
              "round_deadline: 120s",
              "local: {epochs: 1}",
              "encoding: float32",
              "training_conditions: {power: false, unmetered: false, idle: false}",
              ""));
      Thread.sleep(500);
      StringWriter out = new StringWriter();
      int rc =
          command(out)
              .execute(
                  "run",
                  task.toString(),
                  "--broker",
                  broker.url(),
                  "--key",
                  dir.resolve("rounds.key").toString(),
                  "--registry",
                  dir.resolve("registry.db").toString());
      assertThat(rc).as(out.toString()).isZero();
      // Two whole updates a round, each counted once however its chunks travelled.
      assertThat(out.toString())
          .contains("round    1:  2 participants, accuracy -, 355,430 bytes up")
          .contains("round    2:  2 participants, accuracy -, 355,430 bytes up")
          .contains("no evaluation set: no int8 model");
    } finally {
      agents.forEach(Agent::die);
    }
  }

  /** An idle device on an unmetered network, running on its battery. */
  private static final class OnBattery implements DeviceSignals {
    @Override
    public boolean onExternalPower() {
      return false;
    }

    @Override
    public boolean unmetered() {
      return true;
    }

    @Override
    public double loadPerCore() {
      return 0;
    }
  }

  private static CommandLine command(StringWriter out) {
    CommandLine c = new CommandLine(new FlCommand());
    c.setOut(new PrintWriter(out, true));
    return c;
  }
}
