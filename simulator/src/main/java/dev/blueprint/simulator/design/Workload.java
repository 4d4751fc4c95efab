package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.TimeSpan;
import java.util.List;
import java.util.Locale;
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
 * @param classes the request mix; shares add up to 1
 */
public record Workload(
    ArrivalProcess arrival,
    Warmup warmup,
    OptionalLong requests,
    Optional<TimeSpan> duration,
    List<RequestClass> classes) {
  /** Requests measured when neither the design nor the command line gives a count or a duration. */
  public static final long DEFAULT_REQUESTS = 1_000_000;

  /** The warm-up when the design gives none: a tenth of the measured requests. */
  public static final Warmup DEFAULT_WARMUP = new Warmup.Share(0.1);

  /** A workload of one request class. */
  public Workload(
      ArrivalProcess arrival, Warmup warmup, OptionalLong requests, Optional<TimeSpan> duration) {
    this(arrival, warmup, requests, duration, List.of(RequestClass.single()));
  }

  public Workload {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(duration, "duration");
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("a workload needs at least one request class");
    }
    double total = classes.stream().mapToDouble(RequestClass::share).sum();
    if (Math.abs(total - 1) > 1e-6) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "class shares must add up to 100%%, they add up to %.4g%%",
              total * 100));
    }
    if (requests.isPresent() && requests.getAsLong() <= 0) {
      throw new IllegalArgumentException("requests must be positive, got " + requests.getAsLong());
    }
    if (requests.isPresent() && duration.isPresent()) {
      throw new IllegalArgumentException("give requests or duration, not both");
    }
  }
}
