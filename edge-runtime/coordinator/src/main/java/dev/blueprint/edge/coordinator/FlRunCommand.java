package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.coordinator.fl.runner.TaskRunner;
import dev.blueprint.edge.coordinator.fl.store.CommittedRound;
import dev.blueprint.edge.coordinator.fl.store.RoundStore;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask;
import dev.blueprint.edge.ota.Ed25519;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blueprint-edge fl run TASK.yaml}: runs a federated task against the registered devices
 * over a broker, committing every round to the round store (started again, it resumes after the
 * last committed round), and exports the final model as float and int8 {@code .bpm} for the OTA
 * pipeline (docs/federated.md, "Running a task").
 */
@Command(
    name = "run",
    description =
        "Runs a federated task file against the devices registered with this coordinator, over"
            + " MQTT; resumes from its round store; exports the final model as float and int8"
            + " .bpm with the quantizer's per-layer report (docs/federated.md).")
final class FlRunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "The task file (docs/federated.md, \"Task files\").")
  Path taskFile;

  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "The MQTT broker (default ${DEFAULT-VALUE}).")
  String broker;

  @Option(
      names = "--username-password",
      description = "USER:PASSWORD-FILE for a broker with authentication.")
  String credentials;

  @Option(
      names = "--key",
      required = true,
      description =
          "The key round offers are signed with; the devices' keys metadata must list it for"
              + " fl-model.")
  Path key;

  @Option(
      names = "--registry",
      defaultValue = "registry.db",
      description = "The coordinator's device registry (default ${DEFAULT-VALUE}).")
  Path registryFile;

  @Option(
      names = "--store",
      description = "The round store (default: TASK-ID.rounds.db beside the task file).")
  Path storeFile;

  @Option(
      names = "--out",
      description =
          "Folder for the final model: TASK-ID.bpm (float) and TASK-ID-int8.bpm (default: beside"
              + " the task file). Existing files are never replaced.")
  Path out;

  @Option(names = "--models-dir", description = "Where the shipped models are (default: found).")
  Path modelsDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    FederatedTaskRun run = FederatedTaskRun.prepare(taskFile, Optional.ofNullable(modelsDir));
    FederatedTask task = run.task();
    Path folder = out != null ? out : run.folder();
    for (Path p : run.exportFiles(folder)) {
      if (Files.exists(p)) {
        throw new IllegalArgumentException(p + " exists; this command does not replace files");
      }
    }
    BrokerLogin login = BrokerLogin.parse(credentials);
    String user = login.user();
    String password = login.password();
    Ed25519.SigningKey signer = Ed25519.readPrivate(key);
    Path store = storeFile != null ? storeFile : run.roundStoreFile();
    TaskRunner.Result result;
    try (Registry registry = new Registry(registryFile);
        Coordinator coordinator = new Coordinator(broker, registry, user, password);
        RoundStore rounds = new RoundStore(store)) {
      o.printf(
          "task %s: %d rounds of %d clients (%d asked), %s, %s, %s updates; %d devices available"
              + " now%n",
          task.id(),
          task.rounds(),
          task.clientsPerRound(),
          task.clientsAsked(),
          task.strategy(),
          task.aggregation().word(),
          task.encoding().word(),
          run.available(coordinator, signer).size());
      o.flush();
      result = runStoppableByCtrlC(run, coordinator, rounds, signer, o);
    }
    if (result.stopped()) {
      o.printf(
          "%s: stopped after round %d; the round store %s keeps it, and running the task again"
              + " resumes it%n",
          task.id(), result.lastRound(), store);
      return 130;
    }
    o.printf(
        "%s: rounds %d to %d committed here (%s), %d failed attempts, %d dropouts, %d abandoned,"
            + " %d late%n",
        task.id(),
        result.lastRound() - result.roundsCommitted() + 1,
        result.lastRound(),
        result.resumed() ? "resumed" : "started",
        result.roundsFailed(),
        result.dropouts(),
        result.abandoned(),
        result.late());
    run.deviceReports()
        .forEach(
            (event, r) ->
                o.printf(
                    "devices that sent nothing said %s %d time(s); the last, %s: %s%n",
                    event, r.count(), r.lastDevice(), r.lastReason()));
    FederatedTaskRun.Export export = run.export(result.global(), folder);
    o.println("wrote " + export.floatModel());
    if (export.int8Model().isPresent()) {
      o.print(export.report().orElseThrow().toText());
      o.println(
          "wrote "
              + export.int8Model().get()
              + " (calibrated on half the evaluation set, checked on the rest)");
      o.println(
          "roll it out: blueprint-edge bundle model --model "
              + export.int8Model().get()
              + " --name ... --version ... --counter ... --target ... --key ... --keys ... --out"
              + " X.bpb, then blueprint-edge rollout --bundle X.bpb (docs/ota.md)");
    } else {
      o.println("no evaluation set: no int8 model (the quantizer needs calibration samples)");
    }
    return 0;
  }

  /**
   * Runs the task; Ctrl-C (or any orderly JVM shutdown) stops it first, so the open round's
   * retained offers are withdrawn rather than left on the broker for devices to train on after the
   * coordinator has gone.
   */
  private static TaskRunner.Result runStoppableByCtrlC(
      FederatedTaskRun run,
      Coordinator coordinator,
      RoundStore rounds,
      Ed25519.SigningKey signer,
      PrintWriter o)
      throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              run.stop();
              try {
                // The JVM halts when the hooks return: give the runner time to withdraw.
                finished.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fl-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run.run(coordinator, rounds, signer, c -> printRound(o, c));
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it stopped this run, and the JVM exits once it returns.
      }
    }
  }

  private static void printRound(PrintWriter o, CommittedRound c) {
    o.printf(
        "round %4d: %2d participants, accuracy %s, %,d bytes up, %.1f s%n",
        c.round(),
        c.participants().size(),
        c.accuracy().isPresent() ? String.format("%.4f", c.accuracy().getAsDouble()) : "-",
        c.bytesUp(),
        c.seconds());
    o.flush();
  }
}
