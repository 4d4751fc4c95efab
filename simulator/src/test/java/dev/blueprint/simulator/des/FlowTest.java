package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import org.junit.jupiter.api.Test;

/**
 * Flow steps against probability: order statistics for fan-outs, exponential tails for timeouts,
 * shares for splits and caches. Pure delays (unlimited servers) keep the arithmetic exact.
 */
class FlowTest {
  private static final String DELAYS =
      """
      a: {kind: station, servers: unlimited, service: 'exponential(mean=1s)'}
      b: {kind: station, servers: unlimited, service: 'exponential(mean=1s)'}
      c: {kind: station, servers: unlimited, service: 'exponential(mean=1s)'}
      quick: {kind: station, servers: unlimited, service: deterministic(100ms)}
    """;

  private static SimulationResult run(String flow) {
    Design design =
        Designs.parse(
            """
        name: flow
        workload: {arrival: poisson, rate: 5/s}
        components:
        %s
        flow:
        %s
        """
                .formatted(DELAYS, flow.indent(2)));
    return Simulation.run(design, RunOptions.defaults().withRequests(400_000));
  }

  @Test
  void aFanOutThatWaitsForAllTakesTheMaximum() {
    // E[max of two Exp(1)] = 1 + 1/2.
    SimulationResult r = run("- fan-out: [a, b]\n- quick\n- c");
    assertThat(r.latency().mean().value()).isCloseTo(1.5 + 0.1 + 1, within(0.02));
  }

  @Test
  void aFanOutThatWaitsForTheFirstTakesTheMinimumAndLeavesTheRestRunning() {
    SimulationResult r =
        run(
            """
        - fan-out:
            branches: [[a], [b]]
            join: first
        - quick
        - c
        """);
    assertThat(r.latency().mean().value()).isCloseTo(0.5 + 0.1 + 1, within(0.01));
    // The slower branch still runs to the end and loads its component.
    assertThat(r.component("b").arrivals()).isEqualTo(r.requests());
  }

  @Test
  void twoOfThreeIsTheSecondOrderStatistic() {
    SimulationResult r =
        run(
            """
        - fan-out:
            branches: [a, b, c]
            join: 2
        - quick
        """);
    assertThat(r.latency().mean().value()).isCloseTo(1.0 / 3 + 1.0 / 2 + 0.1, within(0.01));
  }

  @Test
  void aTimeoutWithoutFallbackFailsTheSlowTail() {
    SimulationResult r =
        run(
            """
        - timeout:
            after: 1s
            flow: [a]
        - quick
        """);
    assertThat(r.errorRate()).isCloseTo(Math.exp(-1), within(0.003));
    assertThat(r.timedOut()).isEqualTo(r.requests() - r.completed());
    // Successes are the exponential below 1 s: E[X | X < 1] = 1 − e⁻¹/(1 − e⁻¹).
    double conditional = 1 - Math.exp(-1) / (1 - Math.exp(-1));
    assertThat(r.latency().mean().value()).isCloseTo(conditional + 0.1, within(0.01));
  }

  @Test
  void aTimeoutWithFallbackAnswersEveryRequest() {
    SimulationResult r =
        run(
            """
        - timeout:
            after: 1s
            flow: [a]
            fallback: [quick]
        """);
    assertThat(r.errorRate()).isZero();
    // E[min(X, 1)] + 0.1·P(X > 1).
    double expected = (1 - Math.exp(-1)) + 0.1 * Math.exp(-1);
    assertThat(r.latency().mean().value()).isCloseTo(expected, within(0.01));
  }

  @Test
  void aTrafficSplitSendsEachBranchItsShare() {
    SimulationResult r =
        run(
            """
        - traffic-split:
            a: 90%
            quick: 10%
        """);
    assertThat(r.component("quick").arrivals() / (double) r.requests())
        .isCloseTo(0.10, within(0.003));
    assertThat(r.latency().mean().value()).isCloseTo(0.9 * 1 + 0.1 * 0.1, within(0.01));
  }

  @Test
  void shadowTrafficLoadsItsComponentButNobodyWaitsForIt() {
    SimulationResult r = run("- shadow: [a]\n- quick");
    assertThat(r.component("a").arrivals()).isEqualTo(r.requests());
    assertThat(r.latency().mean().value()).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void aResultCacheHitSkipsTheRestAndAFeatureCacheOnlyItsMissPath() {
    Design design =
        Designs.parse(
            """
        name: cache
        workload: {arrival: poisson, rate: 50/s}
        components:
          results: {kind: cache, hit_ratio: 30%, hit_latency: 1ms}
          features: {kind: cache, hit_ratio: 80%, hit_latency: 1ms}
          store: {kind: station, servers: unlimited, service: 10ms}
          model: {kind: station, servers: unlimited, service: 20ms}
        flow:
          - results
          - cache: features
            on_miss: [store]
          - model
        """);
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(300_000));
    assertThat(r.component("model").arrivals() / (double) r.requests())
        .isCloseTo(0.7, within(0.005));
    assertThat(r.component("store").arrivals() / (double) r.component("features").arrivals())
        .isCloseTo(0.2, within(0.005));
    assertThat(r.component("results").details().get("hit_ratio")).isCloseTo(0.3, within(0.005));
    // 0.3 × 1 ms + 0.7 × (1 + 1 + 0.2 × 10 + 20) ms
    assertThat(r.latency().mean().value()).isCloseTo(0.0003 + 0.7 * 0.024, within(1e-4));
  }

  @Test
  void aCircuitBreakerStopsCallingABackendThatAlwaysTimesOut() {
    Design design =
        Designs.parse(
            """
        name: breaker
        workload: {arrival: poisson, rate: 100/s}
        components:
          slow: {kind: station, servers: unlimited, service: 2s}
          cheap: {kind: station, servers: unlimited, service: 5ms}
        flow:
          - circuit-breaker:
              flow:
                - timeout: {after: 100ms, flow: [slow]}
              fallback: [cheap]
              failure_threshold: 50%
              window: 20
              open_for: 10s
              probes: 2
        """);
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(200_000));
    assertThat(r.errorRate()).isZero();
    // Open for 10 s, then two probes that fail and open it again: almost nothing reaches slow.
    assertThat(r.component("slow").arrivals() / (double) r.requests()).isLessThan(0.01);
    assertThat(r.latency().p50()).isCloseTo(0.005, within(1e-4));
  }

  @Test
  void noRequestSlotLeaksThroughNestedFanOutsTimeoutsAndShadows() {
    Design design =
        Designs.parse(
            """
        name: nest
        workload: {arrival: poisson, rate: 20/s}
        components:
        %s
        flow:
          - shadow: [c]
          - timeout:
              after: 800ms
              flow:
                - fan-out:
                    branches: [[a], [b, quick]]
                    join: first
              fallback: [quick]
          - fan-out: [quick, a]
        """
                .formatted(DELAYS));
    Engine engine =
        Simulation.build(design, new RandomStreams(3, 0), new Engine.Window(1000, 200_000, 0), 1);
    RunFigures figures = engine.run();
    assertThat(figures.measuredDone()).isEqualTo(200_000);
    // What is left in flight is the tail of arrivals after the window and their copies: a few
    // seconds' worth at 20/s, not an accumulation of leaked slots.
    assertThat(figures.inFlightAtEnd()).isLessThan(2_000);
  }
}
