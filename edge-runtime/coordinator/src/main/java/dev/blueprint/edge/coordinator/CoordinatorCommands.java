package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.cli.CommandPlugin;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.TimeSpan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Adds the fleet commands to {@code blueprint-edge} when the coordinator is on the class path. */
public final class CoordinatorCommands implements CommandPlugin {
  @Override
  public List<Object> commands() {
    return List.of(new Drill(), new RolloutCommand(), new FlCommand());
  }

  private static Duration duration(String text, String option) {
    try {
      return Duration.ofNanos((long) (TimeSpan.parse(text).seconds() * 1e9));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  @Command(
      name = "drill",
      description = "Fault drills for operators.",
      subcommands = {Drill.Ota.class, FlDrillCommand.class})
  static final class Drill {
    @Command(
        name = "ota",
        description =
            "Rolls a good and then a failing release out to N agents while injecting"
                + " faults; prints devices updated, rolled back, on the old version, bricked (must be 0), bytes, seconds.")
    static final class Ota implements Callable<Integer> {
      @Spec picocli.CommandLine.Model.CommandSpec spec;

      @Mixin DrillOptions drill;

      @Option(
          names = "--devices",
          defaultValue = "10",
          description = "Agents to run (default ${DEFAULT-VALUE}).")
      int devices;

      @Option(
          names = "--fault-rate",
          defaultValue = "0.3",
          description =
              "Share of agents killed during the"
                  + " download and of agents whose connection is cut mid-transfer, half that killed before and after the"
                  + " switch; a tenth of it for each chunk fault (default ${DEFAULT-VALUE}).")
      double faultRate;

      @Option(
          names = "--payload-size",
          defaultValue = "256KiB",
          description = "Filler bytes in each release" + " (default ${DEFAULT-VALUE}).")
      String payloadSize;

      @Option(
          names = "--chunk-size",
          defaultValue = "16KiB",
          description = "Transfer chunk (default ${DEFAULT-VALUE}).")
      String chunkSize;

      @Override
      public Integer call() throws Exception {
        if (devices < 1 || devices > 500) {
          throw new IllegalArgumentException("--devices must be 1 to 500, got " + devices);
        }
        if (!(faultRate >= 0 && faultRate <= 1)) {
          throw new IllegalArgumentException("--fault-rate must be in [0, 1], got " + faultRate);
        }
        BrokerLogin login = drill.login();
        Path folder = drill.workFolder("ota");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = drill.log(out, new PrintWriter(spec.commandLine().getErr(), true));
        OtaDrill.Result r =
            OtaDrill.run(
                new OtaDrill.Options(
                    devices,
                    drill.broker,
                    login.user(),
                    login.password(),
                    faultRate,
                    drill.seed,
                    (long) DataSize.parse(payloadSize).bytes(),
                    (int) DataSize.parse(chunkSize).bytes(),
                    folder,
                    drill.timeoutDuration()),
                log);
        if (drill.json()) {
          ObjectNode o =
              new ObjectMapper()
                  .createObjectNode()
                  .put("devices", r.devices())
                  .put("updated", r.updated())
                  .put("rolled_back", r.rolledBack())
                  .put("old_version", r.oldVersion())
                  .put("bricked", r.bricked())
                  .put("bytes", r.bytes())
                  .put("payload_bytes", r.payloadBytes())
                  .put("overhead", r.overhead())
                  .put("seconds", r.seconds())
                  .put("kills", r.kills())
                  .put("disconnects", r.disconnects())
                  .put("broker_restarts", r.brokerRestarts())
                  .put("good_rollout", r.goodRollout())
                  .put("bad_rollout", r.badRollout())
                  .put("halt_reason", r.haltReason())
                  .put("good_rollout_seconds", r.goodRolloutSeconds())
                  .put("good_rollout_bytes", r.goodRolloutBytes())
                  .put("good_rollout_mb_per_s", r.goodRolloutThroughput() / 1e6);
          out.println(o.toPrettyString());
        } else {
          out.printf(
              "devices %d: updated %d, rolled back %d (then halted: %s), old version %d, bricked %d%n",
              r.devices(),
              r.updated(),
              r.rolledBack(),
              r.badRollout(),
              r.oldVersion(),
              r.bricked());
          out.printf(
              "faults: %d agent kills, %d connections cut mid-transfer, %d broker restarts, chunk"
                  + " drops/corruptions/duplicates at %.0f%% each%n",
              r.kills(), r.disconnects(), r.brokerRestarts(), 100 * faultRate / 10);
          out.printf(
              "bytes sent %,d for %,d of payload (%+.1f%%), %.1f s; the good release: %.1f s, %.1f MB/s%n",
              r.bytes(),
              r.payloadBytes(),
              100 * r.overhead(),
              r.seconds(),
              r.goodRolloutSeconds(),
              r.goodRolloutThroughput() / 1e6);
        }
        return r.bricked() == 0 ? 0 : 1;
      }
    }
  }

  @Command(
      name = "rollout",
      description = "Runs a coordinator until a staged rollout of one bundle finishes or halts.")
  static final class RolloutCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--bundle", required = true, description = "The signed .bpb to roll out.")
    Path bundle;

    @Option(
        names = "--devices",
        required = true,
        split = ",",
        description = "Device ids, canaries first.")
    List<String> devices = new ArrayList<>();

    @Option(
        names = "--broker",
        defaultValue = "embedded",
        description = "embedded (on --port) or an MQTT URL.")
    String broker;

    @Option(names = "--port", defaultValue = "1883", description = "Port of the embedded broker.")
    int port;

    @Option(
        names = "--waves",
        defaultValue = "0.1,0.5,1",
        split = ",",
        description = "Cumulative shares per wave.")
    List<Double> waves;

    @Option(
        names = "--failure-threshold",
        defaultValue = "0.2",
        description = "Halt above this failure share.")
    double threshold;

    @Option(
        names = "--wave-timeout",
        defaultValue = "10min",
        description = "Open the next wave after this anyway.")
    String waveTimeout;

    @Option(
        names = "--state",
        defaultValue = "coordinator-state",
        description = "Registry and served bundles.")
    Path state;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Files.createDirectories(state);
      EmbeddedBroker embedded =
          broker.equals("embedded") ? EmbeddedBroker.start(port, state.resolve("broker")) : null;
      String url = embedded != null ? embedded.url() : broker;
      try (Registry registry = new Registry(state.resolve("registry.db"));
          Coordinator c = new Coordinator(url, registry, null, null)) {
        PublishedBundle b = PublishedBundle.open(bundle, state.resolve("served"));
        c.onEvent(
            e ->
                out.printf(
                    "%s %s %s %s%s%n",
                    e.device(),
                    e.event(),
                    e.bundle(),
                    e.version(),
                    e.reason() == null ? "" : " (" + e.reason() + ": " + e.detail() + ")"));
        Rollout r =
            c.startRollout(
                "rollout-" + b.name() + "-" + b.counter(),
                b,
                devices,
                new Rollout.Plan(waves, threshold, 1, duration(waveTimeout, "--wave-timeout")));
        out.printf(
            "rolling out %s %s (counter %d) to %d devices on %s%n",
            b.name(), b.manifest().version(), b.counter(), devices.size(), url);
        out.flush();
        while (r.state() == Rollout.State.RUNNING) {
          Thread.sleep(200);
        }
        out.printf(
            "rollout %s: %s%s; chunk bytes sent %,d%n",
            r.state().name().toLowerCase(),
            r.devices(),
            r.haltReason() == null ? "" : " (" + r.haltReason() + ")",
            c.chunkBytesSent());
        return r.state() == Rollout.State.DONE ? 0 : 1;
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }
  }
}
