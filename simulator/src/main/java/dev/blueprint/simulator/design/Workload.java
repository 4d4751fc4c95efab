package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.TimeSpan;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The traffic a design serves and how long to watch it.
 *
 * @param arrival the arrival process
 * @param warmup the start left out of the results
 * @param requests how many requests to measure, unless the command line says otherwise
 * @param duration or how long to run after the warm-up, instead of a request count
 */
public record Workload(ArrivalProcess arrival, Warmup warmup, OptionalLong requests, Optional<TimeSpan> duration) {
  /** Requests measured when neither the design nor the command line gives a count or a duration. */
  public static final long DEFAULT_REQUESTS = 1_000_000;

  /** The warm-up when the design gives none: a tenth of the measured requests. */
  public static final Warmup DEFAULT_WARMUP = new Warmup.Share(0.1);

  public Workload {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(duration, "duration");
    if (requests.isPresent() && requests.getAsLong() <= 0) {
      throw new IllegalArgumentException("requests must be positive, got " + requests.getAsLong());
    }
    if (requests.isPresent() && duration.isPresent()) {
      throw new IllegalArgumentException("give requests or duration, not both");
    }
  }
}
