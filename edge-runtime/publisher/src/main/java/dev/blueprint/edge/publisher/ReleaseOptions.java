package dev.blueprint.edge.publisher;

import dev.blueprint.edge.cli.Durations;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RuntimeVersion;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a release is, as {@code bundle create} and {@code bundle model} read it from the command
 * line: one set of options, so both spell and check them the same way.
 */
final class ReleaseOptions {
  @Option(
      names = "--name",
      required = true,
      description = "Bundle name (a-z 0-9 . _ -), e.g. the model's name.")
  String name;

  @Option(names = "--version", required = true, description = "Human version, e.g. 1.4.0.")
  String version;

  @Option(
      names = "--counter",
      required = true,
      description = "Anti-rollback counter: above every earlier release's.")
  long counter;

  @Option(
      names = "--target",
      required = true,
      split = ",",
      description = "Hardware profile ids or kinds it runs on (e.g. cpu, raspberry-pi-5).")
  List<String> targets;

  @Option(
      names = "--min-runtime",
      description = "Oldest runtime that can run it (default: this runtime's version).")
  String minRuntime = RuntimeVersion.CURRENT;

  @Option(
      names = "--expires",
      defaultValue = "30d",
      description = "Manifest lifetime (default ${DEFAULT-VALUE}).")
  String expires;

  @Option(
      names = "--chunk-size",
      defaultValue = "256KiB",
      description = "Transfer chunk (default ${DEFAULT-VALUE}).")
  String chunkSize;

  /** The release of {@code kind}, made {@code now}. */
  Bundles.Release release(Manifest.Kind kind, Instant now) {
    return new Bundles.Release(
        name,
        kind,
        version,
        counter,
        targets,
        minRuntime,
        now,
        now.plus(Durations.parse(expires, "--expires")),
        BundleCommand.chunkSize(chunkSize));
  }
}
