package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.ComponentResult;
import dev.blueprint.simulator.des.Estimate;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.io.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A figure a run is judged by, named as in {@code --minimize} and {@code --subject-to}. The name
 * carries the unit.
 */
public enum Metric {
  COST_PER_MONTH(
      "cost_per_month",
      "US dollars per month (730 h) at the design's size",
      r -> exact(r.costPerMonthUsd())),
  COST_PER_MILLION(
      "cost_per_million",
      "US dollars per million completed requests",
      r -> exact(r.costPerMillionRequestsUsd())),
  MEAN_MS("mean_ms", "end-to-end mean latency, ms", r -> ms(r.latency().mean())),
  P50_MS("p50_ms", "end-to-end median latency, ms", r -> exact(r.latency().p50() * 1000)),
  P90_MS("p90_ms", "end-to-end 90th percentile, ms", r -> exact(r.latency().p90() * 1000)),
  P99_MS("p99_ms", "end-to-end 99th percentile, ms", r -> ms(r.latency().p99())),
  P999_MS("p999_ms", "end-to-end 99.9th percentile, ms", r -> exact(r.latency().p999() * 1000)),
  MEAN_WAIT_MS(
      "mean_wait_ms",
      "time a request spends waiting in queues, summed over its components, ms",
      Metric::meanWait),
  THROUGHPUT_RPS("throughput_rps", "completed requests per second", r -> r.throughput()),
  UTILIZATION_MAX(
      "utilization_max",
      "busy share of the busiest component with a server limit, 0 to 1",
      Metric::busiest),
  ERROR_RATE(
      "error_rate", "share of requests dropped or timed out, 0 to 1", r -> exact(r.errorRate())),
  TTFT_P99_MS(
      "ttft_p99_ms",
      "LLM time to first token, 99th percentile, ms",
      r -> exact(r.llm().map(l -> l.ttft().p99().value() * 1000).orElse(Double.NaN))),
  TPOT_P99_MS(
      "tpot_p99_ms",
      "LLM time per output token, 99th percentile, ms",
      r -> exact(r.llm().map(l -> l.tpot().p99().value() * 1000).orElse(Double.NaN)));

  private final String id;
  private final String meaning;
  private final Function<SimulationResult, Estimate> extractor;

  Metric(String id, String meaning, Function<SimulationResult, Estimate> extractor) {
    this.id = id;
    this.meaning = meaning;
    this.extractor = extractor;
  }

  public String id() {
    return id;
  }

  public String meaning() {
    return meaning;
  }

  /** The value in a run, with its interval where the run gives one (NaN half-width otherwise). */
  public Estimate of(SimulationResult result) {
    return extractor.apply(result);
  }

  public double valueOf(SimulationResult result) {
    return of(result).value();
  }

  /** Whether more is better (throughput); for every other metric less is. */
  public boolean higherIsBetter() {
    return this == THROUGHPUT_RPS;
  }

  /** Whether the figure is known from the design alone, before any simulation. */
  public boolean isStatic() {
    return this == COST_PER_MONTH;
  }

  /**
   * @throws IllegalArgumentException naming the nearest metrics
   */
  public static Metric parse(String text) {
    String wanted = text.strip();
    return lookup(wanted)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown metric '"
                        + wanted
                        + "'"
                        + Suggestions.didYouMean(wanted, ids())
                        + "; metrics: "
                        + String.join(", ", ids())));
  }

  public static Optional<Metric> lookup(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Metric::id).toList();
  }

  private static Estimate exact(double value) {
    return new Estimate(value, Double.NaN, Estimate.DEFAULT_LEVEL);
  }

  private static Estimate ms(Estimate seconds) {
    return new Estimate(seconds.value() * 1000, seconds.halfWidth() * 1000, seconds.level());
  }

  private static Estimate meanWait(SimulationResult r) {
    if (r.requests() == 0) {
      return exact(Double.NaN);
    }
    double total = 0;
    for (ComponentResult c : r.components()) {
      if (Double.isFinite(c.meanWaitSeconds())) {
        total += c.meanWaitSeconds() * c.arrivals();
      }
    }
    return exact(total / r.requests() * 1000);
  }

  private static Estimate busiest(SimulationResult r) {
    return exact(
        r.components().stream()
            .mapToDouble(ComponentResult::utilization)
            .filter(Double::isFinite)
            .max()
            .orElse(Double.NaN));
  }
}
