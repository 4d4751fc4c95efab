package dev.blueprint.simulator.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignParser;
import org.junit.jupiter.api.Test;

class DesignAnalysisTest {
  private static Design parse(String yaml) {
    return new DesignParser(DesignFiles.none()).parse(yaml, "a.yaml");
  }

  @Test
  void aJacksonTandemIsExactAndAddsUp() {
    DesignAnalysis.Answer a =
        DesignAnalysis.analyze(
            parse(
                """
        name: t
        workload: {arrival: poisson, rate: 0.5/s}
        components:
          first: {kind: station, service: exponential(mean=1s)}
          second: {kind: station, servers: 2, service: exponential(mean=3s)}
        flow: [first, second]
        """));
    assertThat(a.exact()).isTrue();
    assertThat(a.stations())
        .extracting(DesignAnalysis.StationAnswer::model)
        .containsExactly("M/M/1", "M/M/2");
    assertThat(a.meanResponseSeconds())
        .isCloseTo(
            QueueFormulas.mmcMeanResponse(0.5, 1, 1) + QueueFormulas.mmcMeanResponse(0.5, 3, 2),
            within(1e-12));
  }

  @Test
  void generalServiceAfterTheFirstStationIsMarkedApproximate() {
    DesignAnalysis.Answer a =
        DesignAnalysis.analyze(
            parse(
                """
        name: t
        workload: {arrival: poisson, rate: 0.5/s}
        components:
          first: {kind: station, service: deterministic(1s)}
          second: {kind: station, service: exponential(mean=1s)}
        flow: [first, second]
        """));
    assertThat(a.stations().get(0).model()).isEqualTo("M/G/1");
    assertThat(a.stations().get(0).exact()).isTrue();
    assertThat(a.stations().get(1).exact()).isFalse();
    assertThat(a.exact()).isFalse();
  }

  @Test
  void aFiniteQueueMatchesTheSimulatedLoss() {
    Design design =
        parse(
            """
        name: k
        workload: {arrival: poisson, rate: 3/s}
        components:
          pool: {kind: station, servers: 2, service: exponential(mean=0.5s), queue_capacity: 3}
        flow: [pool]
        """);
    DesignAnalysis.StationAnswer analytic = DesignAnalysis.analyze(design).stations().get(0);
    assertThat(analytic.model()).isEqualTo("M/M/2/5");
    SimulationResult simulated =
        Simulation.run(design, RunOptions.defaults().withRequests(1_000_000));
    assertThat(simulated.dropRate()).isCloseTo(analytic.lossProbability(), within(0.003));
    assertThat(simulated.latency().mean().value())
        .isCloseTo(analytic.meanResponseSeconds(), within(0.01 * analytic.meanResponseSeconds()));
  }

  @Test
  void anOverloadedStationIsCalledUnstable() {
    DesignAnalysis.Answer a =
        DesignAnalysis.analyze(
            parse(
                """
        name: u
        workload: {arrival: poisson, rate: 2/s}
        components:
          s: {kind: station, service: exponential(mean=1s)}
        flow: [s]
        """));
    assertThat(a.stations().get(0).model()).isEqualTo("unstable");
    assertThat(a.meanResponseSeconds()).isInfinite();
  }
}
