package dev.blueprint.edge.cli;

import dev.blueprint.edge.probe.Probe;
import dev.blueprint.edge.probe.ProbeResult;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "probe",
    description =
        "Measures this machine's sustained fp32 and int8 compute and memory bandwidth and writes a "
            + "hardware profile the simulator and workbench read.")
final class ProbeCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the profile YAML (default: print only).")
  Path out;

  @Option(
      names = "--id",
      description =
          "The profile id; defaults to the --out file's name without .yaml, else this-device.")
  String id;

  @Option(
      names = "--threads",
      description = "Threads for the all-core figures (default: all processors).")
  Integer threads;

  @Option(
      names = "--quick",
      description = "Shorter runs (seconds instead of tens of seconds), less precise.")
  boolean quick;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String stem = out == null ? null : out.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    if (id == null) {
      id = stem != null ? stem : "this-device";
    } else if (stem != null && !stem.equals(id)) {
      throw new IllegalArgumentException(
          "--id "
              + id
              + " and --out "
              + out.getFileName()
              + " disagree: the simulator requires a profile's file to be named after its id");
    }
    if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "--id must be lower-case letters, digits, '.' and '-', got '" + id + "'");
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    ProbeResult r = Probe.run(n, quick);
    var o = spec.commandLine().getOut();
    o.print(r.toText());
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "this host";
    }
    String yaml = r.toProfileYaml(id, LocalDate.now(), host);
    // The simulator must be able to read what we write: check before saving.
    HardwareProfileParser.parse(yaml, id + ".yaml");
    if (out != null) {
      Path dir = out.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + id + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      o.println("wrote " + out);
    } else {
      o.println();
      o.print(yaml);
    }
    return 0;
  }
}
