package dev.blueprint.simulator.des;

import dev.blueprint.simulator.units.TimeSpan;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to run a design; what is not given here comes from the design file, then from the defaults.
 *
 * @param requests measured requests per replication
 * @param duration or the measured window per replication
 * @param seed the master seed
 * @param replications independent replications (run in parallel); 1 gives batch-means intervals, 2
 *     or more intervals across replications
 */
public record RunOptions(
    OptionalLong requests, Optional<TimeSpan> duration, long seed, int replications) {
  public RunOptions {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(duration, "duration");
    if (requests.isPresent() && requests.getAsLong() <= 0) {
      throw new IllegalArgumentException("requests must be positive, got " + requests.getAsLong());
    }
    if (requests.isPresent() && duration.isPresent()) {
      throw new IllegalArgumentException("give requests or duration, not both");
    }
    if (duration.isPresent() && duration.get().seconds() <= 0) {
      throw new IllegalArgumentException("duration must be positive, got " + duration.get());
    }
    if (replications < 1) {
      throw new IllegalArgumentException("replications must be at least 1, got " + replications);
    }
  }

  /** The design's own settings, the default seed, one replication. */
  public static RunOptions defaults() {
    return new RunOptions(OptionalLong.empty(), Optional.empty(), RandomStreams.DEFAULT_SEED, 1);
  }

  public RunOptions withRequests(long count) {
    return new RunOptions(OptionalLong.of(count), Optional.empty(), seed, replications);
  }

  public RunOptions withSeed(long newSeed) {
    return new RunOptions(requests, duration, newSeed, replications);
  }

  public RunOptions withReplications(int count) {
    return new RunOptions(requests, duration, seed, count);
  }
}
