package dev.blueprint.edge.coordinator;

import dev.blueprint.simulator.units.TimeSpan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every drill takes: where the broker is, how to log in, the seed, limits, output. */
final class DrillOptions {
  @Option(
      names = "--broker",
      defaultValue = "embedded",
      description =
          "embedded, or an MQTT URL such as tcp://127.0.0.1:1883 (default ${DEFAULT-VALUE}).")
  String broker;

  @Option(
      names = "--username-password",
      description =
          "USER:PASSWORD-FILE for a broker with authentication; devices use their id as user name"
              + " with the same password file.")
  String credentials;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the fault plan (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--timeout",
      defaultValue = "10min",
      description = "Give up after (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--work",
      description = "Folder for keys, bundles, device state and data (default: a temp folder).")
  Path work;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  BrokerLogin login() throws IOException {
    return BrokerLogin.parse(credentials);
  }

  Duration timeoutDuration() {
    try {
      return Duration.ofNanos((long) (TimeSpan.parse(timeout).seconds() * 1e9));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--timeout: " + e.getMessage());
    }
  }

  /** The work folder, or a fresh temporary one named after the drill. */
  Path workFolder(String drill) throws IOException {
    return work != null ? work : Files.createTempDirectory("blueprint-drill-" + drill);
  }

  boolean json() {
    return format.equals("json");
  }

  /** Progress lines: to stderr when stdout carries JSON. */
  PrintWriter log(PrintWriter out, PrintWriter err) {
    return json() ? err : out;
  }
}
