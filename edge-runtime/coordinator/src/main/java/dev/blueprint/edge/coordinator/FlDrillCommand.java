package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.coordinator.fl.simulation.FederatedDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill fl}: the command-line face of {@link FlDrill}. */
@Command(
    name = "fl",
    description =
        "Runs a federated task (wisdm-mlp, WISDM by user) with real agents over MQTT while"
            + " injecting faults, then the same task clean, and replays the committed rounds;"
            + " prints rounds committed and failed, dropouts, late updates, kills, coordinator"
            + " restarts, updates applied twice (must be 0), final and clean accuracy, and whether"
            + " the replay is identical (docs/federated.md, \"Drill\").")
final class FlDrillCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DrillOptions drill;

  @Option(
      names = "--devices",
      defaultValue = "20",
      description = "Agents to run (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--fault-rate",
      defaultValue = "0.3",
      description =
          "Share of agents that fail once at a random stage of a random round: dropped for"
              + " 20 s, killed mid-training, killed mid-upload, or cut off mid-training. Above 0,"
              + " a fifth of the agents are also stragglers (3x slower) and the coordinator is"
              + " killed and restarted (default ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(
      names = "--malicious",
      defaultValue = "0",
      description =
          "Share of agents sending sign-flipped updates scaled by 10 (default ${DEFAULT-VALUE}).")
  double malicious;

  @Option(
      names = "--aggregation",
      defaultValue = "mean",
      description =
          "mean, median, trimmed-mean:B, krum:F, multi-krum:F (default ${DEFAULT-VALUE}).")
  String aggregation;

  @Option(
      names = "--coordinator-kills",
      description =
          "Coordinator kills in the faulty run (default: 1 when --fault-rate > 0, else 0).")
  Integer coordinatorKills;

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description = "Rounds of the task (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--data",
      defaultValue = "../shared/data",
      description = "Folder holding wisdm-har/ (default ${DEFAULT-VALUE}).")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (devices < 2 || devices > 500) {
      throw new IllegalArgumentException("--devices must be 2 to 500, got " + devices);
    }
    if (!(faultRate >= 0 && faultRate <= 1) || !(malicious >= 0 && malicious < 1)) {
      throw new IllegalArgumentException(
          "--fault-rate must be in [0, 1] and --malicious in [0, 1)");
    }
    int kills = coordinatorKills != null ? coordinatorKills : faultRate > 0 ? 1 : 0;
    if (kills < 0 || (faultRate > 0 && kills < 1)) {
      throw new IllegalArgumentException(
          "--coordinator-kills must be 0 or more, and at least 1 with faults");
    }
    BrokerLogin login = drill.login();
    Path folder = drill.workFolder("fl");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter log = drill.log(out, new PrintWriter(spec.commandLine().getErr(), true));
    FlDrill.Result r =
        FlDrill.run(
            new FlDrill.Options(
                devices,
                faultRate,
                malicious,
                aggregation,
                drill.broker,
                login.user(),
                login.password(),
                rounds,
                kills,
                drill.seed,
                FederatedDataset.wisdm(data),
                folder,
                drill.timeoutDuration()),
            log);
    if (drill.json()) {
      ObjectNode o =
          new ObjectMapper()
              .createObjectNode()
              .put("devices", r.devices())
              .put("rounds_committed", r.roundsCommitted())
              .put("rounds_failed", r.roundsFailed())
              .put("dropouts", r.dropouts())
              .put("abandoned", r.abandoned())
              .put("late_updates", r.lateUpdates())
              .put("rejected_updates", r.rejectedUpdates())
              .put("kills", r.kills())
              .put("coordinator_restarts", r.coordinatorRestarts())
              .put("updates_applied_twice", r.updatesAppliedTwice())
              .put("final_accuracy", r.finalAccuracy())
              .put("clean_accuracy", r.cleanAccuracy())
              .put("identical_to_uninterrupted", r.identicalToUninterrupted())
              .put("max_recovery_seconds", r.maxRecoverySeconds())
              .put("stragglers", r.stragglers())
              .put("malicious_devices", r.maliciousDevices())
              .put("bytes_up", r.bytesUp())
              .put("seconds", r.seconds());
      out.println(o.toPrettyString());
    } else {
      out.printf(
          "devices %d: %d rounds committed, %d failed; %d dropouts, %d abandoned, %d late, %d"
              + " rejected updates%n",
          r.devices(),
          r.roundsCommitted(),
          r.roundsFailed(),
          r.dropouts(),
          r.abandoned(),
          r.lateUpdates(),
          r.rejectedUpdates());
      out.printf(
          "faults: %d agent kills, %d coordinator restarts (slowest resume %.2f s), %d stragglers,"
              + " %d malicious%n",
          r.kills(),
          r.coordinatorRestarts(),
          r.maxRecoverySeconds(),
          r.stragglers(),
          r.maliciousDevices());
      out.printf(
          "accuracy %.4f (clean run %.4f); updates applied twice %d; identical to uninterrupted:"
              + " %s; %.1f s%n",
          r.finalAccuracy(),
          r.cleanAccuracy(),
          r.updatesAppliedTwice(),
          r.identicalToUninterrupted(),
          r.seconds());
    }
    return r.updatesAppliedTwice() == 0 && r.identicalToUninterrupted() ? 0 : 1;
  }
}
