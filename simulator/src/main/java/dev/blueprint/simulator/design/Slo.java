package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.TimeSpan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * A service-level objective on the end-to-end results: {@code p99 < 10ms}, {@code mean < 2s},
 * {@code drops < 0.1%}.
 *
 * @param name the name the design gives it
 * @param scope whose latency: the whole request, or an LLM server's first token or time per token
 * @param metric what is measured
 * @param limit the bound: seconds for latencies, a fraction for drops
 */
public record Slo(String name, Scope scope, Metric metric, double limit, boolean inclusive) {
  /** Whose latency an objective bounds. */
  public enum Scope {
    END_TO_END(""),
    TTFT("ttft"),
    TPOT("tpot");

    private final String id;

    Scope(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** An end-to-end objective with a strict bound ({@code <}). */
  public Slo(String name, Metric metric, double limit) {
    this(name, Scope.END_TO_END, metric, limit, false);
  }

  /** An objective with a strict bound ({@code <}). */
  public Slo(String name, Scope scope, Metric metric, double limit) {
    this(name, scope, metric, limit, false);
  }

  /** What an objective bounds. */
  public enum Metric {
    MEAN("mean"),
    P50("p50"),
    P90("p90"),
    P99("p99"),
    P999("p999"),
    DROPS("drops"),
    ERRORS("errors");

    private final String id;

    Metric(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public boolean isLatency() {
      return this != DROPS && this != ERRORS;
    }

    /** The quantile of a latency percentile, e.g. 0.99 for p99; NaN for the mean and drops. */
    public double quantile() {
      return switch (this) {
        case P50 -> 0.50;
        case P90 -> 0.90;
        case P99 -> 0.99;
        case P999 -> 0.999;
        default -> Double.NaN;
      };
    }
  }

  public Slo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(metric, "metric");
    if (scope != Scope.END_TO_END && !metric.isLatency()) {
      throw new IllegalArgumentException(
          scope.id() + " objectives bound a latency, not " + metric.id());
    }
    if (!(limit >= 0) || !Double.isFinite(limit)) {
      throw new IllegalArgumentException("an SLO limit must not be negative, got " + limit);
    }
  }

  /** Whether a measured value meets the objective. */
  public boolean isMetBy(double measured) {
    return inclusive
        ? measured <= limit
        : measured < limit || (!metric.isLatency() && measured == 0 && limit == 0);
  }

  /** The objective as written, in milliseconds or percent. */
  public String describe() {
    return (scope == Scope.END_TO_END ? "" : scope.id() + " ")
        + metric.id()
        + (inclusive ? " <= " : " < ")
        + (metric.isLatency()
            ? TimeSpan.seconds(limit).toHumanString()
            : new BigDecimal(limit * 100)
                    .round(new MathContext(4))
                    .stripTrailingZeros()
                    .toPlainString()
                + "%");
  }
}
