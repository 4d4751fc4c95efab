package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.Slo;
import dev.blueprint.simulator.units.MoneyRate;
import java.util.List;
import java.util.Optional;

/**
 * What a simulation measured, with what is needed to reproduce it.
 *
 * @param design the design's name
 * @param origin the design file
 * @param designSha256 the SHA-256 of the design file's text (empty for designs built in code)
 * @param seed the master seed
 * @param replications independent replications run
 * @param requests measured requests (arrived after the warm-up), over all replications
 * @param completed measured requests that completed
 * @param dropped measured requests turned away
 * @param timedOut measured requests that failed a timeout without a fallback
 * @param simulatedSeconds the length of the measured window, summed over replications
 * @param throughput completed requests per second, with its interval
 * @param latency end-to-end latency of completed requests
 * @param latencyCdf the end-to-end distribution, with points crowded towards the tail
 * @param components per component, in design order
 * @param classes per request class, when the workload has more than one
 * @param llm time to first token and per output token over the design's LLM servers, if any
 * @param slos each objective with the measured value and whether it is met
 * @param costPerHour what the design costs to run
 * @param events events processed, over all replications
 * @param wallSeconds the time the run took on this machine (not reproducible, for speed figures)
 * @param warnings what the reader should know before trusting the figures (a short run, a system
 *     that did not settle)
 */
public record SimulationResult(
    String design,
    String origin,
    String designSha256,
    long seed,
    int replications,
    long requests,
    long completed,
    long dropped,
    long timedOut,
    double simulatedSeconds,
    Estimate throughput,
    LatencySummary latency,
    List<CdfPoint> latencyCdf,
    List<ComponentResult> components,
    List<ClassResult> classes,
    Optional<LlmLatency> llm,
    List<SloResult> slos,
    MoneyRate costPerHour,
    long events,
    double wallSeconds,
    List<String> warnings) {

  public SimulationResult {
    latencyCdf = List.copyOf(latencyCdf);
    components = List.copyOf(components);
    classes = List.copyOf(classes);
    slos = List.copyOf(slos);
    warnings = List.copyOf(warnings);
  }

  /** The share of measured requests turned away. */
  public double dropRate() {
    return requests == 0 ? 0 : dropped / (double) requests;
  }

  /** The share of measured requests that failed: dropped or timed out. */
  public double errorRate() {
    return requests == 0 ? 0 : (dropped + timedOut) / (double) requests;
  }

  /** Dollars per month (730 hours) at the design's size. */
  public double costPerMonthUsd() {
    return costPerHour.dollarsPerMonth();
  }

  /** Dollars per million completed requests at the measured throughput. */
  public double costPerMillionRequestsUsd() {
    double perSecond = throughput.value();
    return perSecond > 0 ? costPerHour.dollarsPerHour() / 3600 / perSecond * 1e6 : Double.NaN;
  }

  /**
   * Whether the system kept up with its traffic: at least {@link Simulation#OVERLOAD_SHARE} of what
   * arrived in the measured window (less what failed) completed in it, and, where a component was
   * saturated, all but {@link #SATURATED_SHORTFALL}. One that does not has queues that grow for as
   * long as it runs, so its latency figures depend on the run's length rather than on the design.
   */
  public boolean keepsUp() {
    if (requests == 0 || !(simulatedSeconds > 0)) {
      return true;
    }
    double expected = requests / simulatedSeconds * (1 - errorRate());
    double share = throughput.value() / expected;
    if (share < Simulation.OVERLOAD_SHARE) {
      return false;
    }
    // Slightly over capacity falls behind slowly: a saturated component and a visible shortfall.
    boolean saturated = components.stream().anyMatch(c -> c.utilization() >= SATURATED);
    return !(saturated && share < 1 - SATURATED_SHORTFALL);
  }

  /** Utilisation at which a component is taken to be saturated rather than merely busy. */
  static final double SATURATED = 0.99;

  /**
   * The shortfall of completions against arrivals that, with a saturated component, marks a run as
   * falling behind: far more than a stable system's in-flight requests at the window's ends.
   */
  static final double SATURATED_SHORTFALL = 0.005;

  /** Whether every objective is met. */
  public boolean slosMet() {
    return slos.stream().allMatch(SloResult::met);
  }

  /** The component called {@code name}. */
  public ComponentResult component(String name) {
    return components.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no component " + name));
  }

  /**
   * What the LLM servers of a design measured.
   *
   * @param ttft from reaching a server to the first token (no intervals)
   * @param tpot per output token after the first, per request (no intervals)
   * @param outputTokensPerSecond tokens generated for measured requests per second of the window
   */
  public record LlmLatency(
      LatencySummary ttft, LatencySummary tpot, double outputTokensPerSecond) {}

  /**
   * One request class's share of the results.
   *
   * @param name the class
   * @param requests its measured requests
   * @param latency the end-to-end latency of its completed requests (no intervals)
   */
  public record ClassResult(String name, long requests, LatencySummary latency) {}

  /**
   * One objective's outcome.
   *
   * @param slo the objective
   * @param measured the measured value: seconds, or the drop fraction
   * @param met whether it is met
   */
  public record SloResult(Slo slo, double measured, boolean met) {}
}
