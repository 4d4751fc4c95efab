package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.design.Design;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private final Design design =
      Designs.parse(
          """
      name: two
      workload: {arrival: poisson, rate: 150/s}
      components:
        a: {kind: station, servers: 2, service: 'lognormal(mean=10ms, cv=1)'}
        b: {kind: station, servers: 1, service: 'gamma(mean=4ms, cv=0.7)', queue_capacity: 20}
      flow: [a, b]
      """);

  @Test
  void theSameSeedGivesTheSameRun() {
    RunOptions options = RunOptions.defaults().withRequests(200_000).withSeed(99);
    SimulationResult first = Simulation.run(design, options);
    SimulationResult second = Simulation.run(design, options);
    assertThat(second.events()).isEqualTo(first.events());
    assertThat(second.latency()).isEqualTo(first.latency());
    assertThat(second.dropped()).isEqualTo(first.dropped());
    assertThat(second.component("b").meanQueueLength())
        .isEqualTo(first.component("b").meanQueueLength());
  }

  @Test
  void anotherSeedGivesAnotherRun() {
    SimulationResult first =
        Simulation.run(design, RunOptions.defaults().withRequests(100_000).withSeed(1));
    SimulationResult second =
        Simulation.run(design, RunOptions.defaults().withRequests(100_000).withSeed(2));
    assertThat(second.latency().mean().value()).isNotEqualTo(first.latency().mean().value());
  }

  @Test
  void parallelReplicationsAreReproducibleToo() {
    RunOptions options = RunOptions.defaults().withRequests(50_000).withReplications(4).withSeed(7);
    SimulationResult first = Simulation.run(design, options);
    SimulationResult second = Simulation.run(design, options);
    assertThat(second.latency()).isEqualTo(first.latency());
    assertThat(first.requests()).isEqualTo(4 * 50_000);
  }

  @Test
  void aFullQueueDropsAndCountsWhatItDrops() {
    SimulationResult r =
        Simulation.run(
            Designs.parse(
                """
        name: tight
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: exponential(mean=1s), queue_capacity: 0}
        flow: [a]
        """),
            RunOptions.defaults().withRequests(200_000));
    // M/M/1/1: an arrival is lost when the server is busy, with probability ρ/(1+ρ) = 1/2.
    assertThat(r.dropRate()).isBetween(0.49, 0.51);
    assertThat(r.component("a").drops()).isEqualTo(r.dropped());
    assertThat(r.completed() + r.dropped()).isEqualTo(r.requests());
  }

  @Test
  void anOverloadedSystemStopsWithAClearMessage() {
    Design overloaded = Designs.station("2/s", 1, "deterministic(1s)");
    Assertions.assertThatThrownBy(
            () -> Simulation.run(overloaded, RunOptions.defaults().withRequests(20_000_000)))
        .isInstanceOf(SimulationException.class)
        .hasMessageContaining("cannot keep up");
  }
}
