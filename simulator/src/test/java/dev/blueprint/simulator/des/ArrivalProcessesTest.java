package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrivalProcessesTest {
  private static Design design(String workload) {
    return Designs.parse(
        """
        name: arrivals
        workload:
        %s
        components:
          hold: {kind: station, servers: unlimited, service: 1s}
          server: {kind: station, service: 'exponential(mean=1ms)'}
        flow: [hold, server]
        """
            .formatted(workload.indent(2)));
  }

  @Test
  void burstsKeepTheirMeanRateAndQueueWorseThanPoisson() {
    SimulationResult bursty =
        Simulation.run(
            design(
                """
        arrival: bursty
        rate: 500/s
        peak: 2000/s
        burst: 2s
        every: 10s
        duration: 2000s
        warmup: 10s
        """),
            RunOptions.defaults());
    // Between bursts: (500·10 − 2000·2)/8 = 125/s.
    assertThat(bursty.throughput().value()).isCloseTo(500, within(500 * 0.03));
    SimulationResult poisson =
        Simulation.run(
            design("arrival: poisson\nrate: 500/s"), RunOptions.defaults().withRequests(1_000_000));
    // During bursts the server runs at 200 % and builds a backlog Poisson traffic never has.
    assertThat(bursty.component("server").meanWaitSeconds())
        .isGreaterThan(20 * poisson.component("server").meanWaitSeconds());
  }

  @Test
  void burstsThatAloneExceedTheMeanAreRejected() {
    assertThatThrownBy(
            () -> design("arrival: bursty\nrate: 100/s\npeak: 2000/s\nburst: 2s\nevery: 10s"))
        .hasMessageContaining("exceed the mean rate");
  }

  @Test
  void aDailyCycleRisesToItsPeakAndFallsToItsTrough() {
    SimulationResult r =
        Simulation.run(
            design(
                """
        arrival: diurnal
        peak: 100/s
        trough: 10/s
        peak_at: "12:00"
        duration: 48h
        warmup: 0
        """),
            RunOptions.defaults());
    assertThat(r.throughput().value()).isCloseTo(55, within(55 * 0.01));
    // The unlimited 1 s station holds λ(t) requests on average: its series traces the rate.
    double[] load = busySeries(r);
    assertThat(Arrays.stream(load).max().orElseThrow()).isCloseTo(100, within(8.0));
    assertThat(Arrays.stream(load).min().orElseThrow()).isCloseTo(10, within(3.0));
  }

  private static double[] busySeries(SimulationResult r) {
    return r.component("hold").busySeries();
  }

  @Test
  void aTraceIsReplayedAndLooped(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("arrivals.txt"), "# seconds\n0\n0.25\n0.5\n2\n");
    DesignParser parser = new DesignParser(DesignFiles.relativeTo(folder));
    Design looped =
        parser.parse(
            """
        name: trace
        workload: {arrival: trace, file: arrivals.txt, warmup: 0}
        components:
          s: {kind: station, service: 100ms}
        flow: [s]
        """,
            "trace.yaml");
    // Four arrivals per period: the 2 s span plus one mean gap (2/3 s), so the rate holds.
    SimulationResult r = Simulation.run(looped, RunOptions.defaults().withRequests(4_000));
    assertThat(r.throughput().value()).isCloseTo(4 / (2 + 2.0 / 3), within(0.01));
    // Nobody waits: every request takes exactly the 100 ms service (to the histogram's 0.1 %).
    assertThat(r.latency().max()).isCloseTo(0.1, within(1e-4));
    Design once =
        parser.parse(
            """
        name: trace
        workload: {arrival: trace, file: arrivals.txt, loop: false, warmup: 0}
        components:
          s: {kind: station, service: 100ms}
        flow: [s]
        """,
            "trace.yaml");
    SimulationResult single = Simulation.run(once, RunOptions.defaults().withRequests(1_000));
    assertThat(single.requests()).isEqualTo(4);
    assertThatThrownBy(
            () ->
                parser.parse(
                    """
        name: trace
        workload: {arrival: trace, file: missing.txt}
        components:
          s: {kind: station, service: 100ms}
        flow: [s]
        """,
                    "trace.yaml"))
        .hasMessageContaining("field 'workload.file'")
        .hasMessageContaining("no such file");
  }
}
