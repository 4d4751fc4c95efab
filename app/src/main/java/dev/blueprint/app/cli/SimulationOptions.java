package dev.blueprint.app.cli;

import dev.blueprint.simulator.des.RandomStreams;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** How long a simulation (each point of a sweep or an optimisation) runs, and with which seed. */
public final class SimulationOptions {
  @Option(
      names = "--requests",
      description = "Measured requests per replication (default: the design's, else 1,000,000).")
  Long requests;

  @Option(
      names = "--duration",
      converter = Converters.TimeSpanConverter.class,
      description = "Or a measured window of simulated time per replication, e.g. 1h.")
  TimeSpan duration;

  @Option(
      names = "--seed",
      description =
          "Master seed, the same for every point of a sweep (default: "
              + RandomStreams.DEFAULT_SEED
              + ").")
  Long seed;

  @Option(
      names = "--replications",
      defaultValue = "1",
      description =
          "Independent replications, run in parallel (default: ${DEFAULT-VALUE}; 1 uses batch means).")
  int replications;

  RunOptions runOptions() {
    if (requests != null && duration != null) {
      throw new IllegalArgumentException("--requests and --duration: give one, not both");
    }
    if (requests != null && requests <= 0) {
      throw new IllegalArgumentException("--requests must be positive, got " + requests);
    }
    if (replications < 1) {
      throw new IllegalArgumentException("--replications must be at least 1, got " + replications);
    }
    return new RunOptions(
        requests == null ? OptionalLong.empty() : OptionalLong.of(requests),
        Optional.ofNullable(duration),
        seed == null ? RandomStreams.DEFAULT_SEED : seed,
        replications);
  }

  /** Simulations at once: {@code requested}, else the machine's cores. */
  static int threads(Integer requested) {
    int workers = requested == null ? Runtime.getRuntime().availableProcessors() : requested;
    if (workers < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + workers);
    }
    return workers;
  }

  /** The run options in words, for the resume key and reports. */
  String describe() {
    return "requests="
        + requests
        + " duration="
        + duration
        + " seed="
        + seed
        + " replications="
        + replications;
  }
}
