package dev.blueprint.edge.cli;

import dev.blueprint.edge.agent.Agent;
import dev.blueprint.edge.agent.AgentConfig;
import dev.blueprint.edge.agent.Faults;
import dev.blueprint.edge.ota.SlotStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code blueprint-edge agent --config FILE}: the device daemon, until stopped. */
@Command(
    name = "agent",
    description = "Runs the device agent: presence, telemetry, and signed updates over MQTT.")
public final class AgentCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      description = "The agent's YAML config (docs/ota.md).")
  Path config;

  @Option(
      names = "--provision",
      description = "Install this bundle file first, as at the factory (same checks).")
  Path provision;

  @Option(
      names = "--exit-after-update",
      description = "Stop once a bundle is committed or rolled back (for scripts).")
  boolean exitAfterUpdate;

  @Override
  public Integer call() throws Exception {
    AgentConfig c = AgentConfig.read(config);
    var out = spec.commandLine().getOut();
    if (provision != null) {
      SlotStore.Active a = Agent.provision(c, provision);
      out.printf(
          "provisioned %s: version %s (counter %d) in slot %s%n",
          provision.getFileName(), a.version(), a.counter(), a.slot());
    }
    Path log = Logging.forDaemon(c.state().resolve("logs"));
    Map<String, SlotStore.Active> before = Agent.installedIn(c);
    Agent agent = Agent.start(c, Faults.NONE);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stop.countDown();
                }));
    out.printf(
        "agent %s on %s (hardware %s, %s); state in %s; log %s; installed %s%n",
        c.deviceId(),
        c.broker(),
        c.hardwareId(),
        c.hardwareKind(),
        c.state(),
        log,
        describe(before));
    out.flush();
    while (!stop.await(500, TimeUnit.MILLISECONDS)) {
      if (agent.isDead()) {
        return 1;
      }
      Map<String, SlotStore.Active> now = agent.installed();
      if (!now.equals(before)) {
        out.printf("installed %s%n", describe(now));
        out.flush();
        before = now;
        if (exitAfterUpdate
            && now.values().stream().allMatch(a -> a.state() == SlotStore.State.COMMITTED)) {
          agent.close();
          return 0;
        }
      }
      if (exitAfterUpdate && agent.lastOutcome() != null) {
        out.printf("%s%n", agent.lastOutcome());
        agent.close();
        return 0;
      }
    }
    return 0;
  }

  private static String describe(Map<String, SlotStore.Active> installed) {
    if (installed.isEmpty()) {
      return "nothing";
    }
    StringBuilder s = new StringBuilder();
    installed.forEach(
        (name, a) ->
            s.append(s.length() == 0 ? "" : ", ")
                .append(name)
                .append(' ')
                .append(a.version())
                .append(" (counter ")
                .append(a.counter())
                .append(", ")
                .append(a.state().name().toLowerCase())
                .append(')'));
    return s.toString();
  }
}
