package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignParser;
import dev.blueprint.simulator.design.Slo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defects a review of the engine found, each pinned by the scenario that showed it. */
class ReviewFindingsTest {
  @Test
  void aFeatureStoreWithoutABatchSizeMakesOneCallNotNone() {
    SimulationResult r =
        Simulation.run(
            Designs.parse(
                """
        name: fs
        workload: {arrival: poisson, rate: 10/s}
        components:
          features: {kind: feature-store, latency: 2ms, keys: 5}
        flow: [features]
        """),
            RunOptions.defaults().withRequests(2_000));
    assertThat(r.latency().p50()).isCloseTo(0.002, within(1e-5));
  }

  @Test
  void aStationScaledDownWithAQueueServesNoMoreThanItsServers() {
    // The autoscaler pins the pool to one server at the start while the design asks for four.
    SimulationResult r =
        Simulation.run(
            Designs.parse(
                """
        name: pinned
        workload: {arrival: poisson, rate: 0.9/s}
        components:
          pool: {kind: station, servers: 4, service: 'exponential(mean=1s)'}
          scaler: {kind: autoscaler, target: pool, min: 1, max: 1}
        flow: [pool]
        """),
            RunOptions.defaults().withRequests(200_000));
    assertThat(r.component("pool").utilization()).isCloseTo(0.9, within(0.01));
    assertThat(r.latency().mean().value()).isCloseTo(10, within(1.0)); // M/M/1 at 90 %
  }

  @Test
  void aTraceThatEndsDuringTheWarmUpStopsEvenWithAnAutoscalerTicking(@TempDir Path folder)
      throws Exception {
    Files.writeString(folder.resolve("t.txt"), "0\n1\n2\n");
    Design design =
        new DesignParser(DesignFiles.relativeTo(folder))
            .parse(
                """
        name: short
        workload: {arrival: trace, file: t.txt, loop: false, warmup: 100}
        components:
          pool: {kind: station, servers: 1, service: 10ms}
          scaler: {kind: autoscaler, target: pool, min: 1, max: 2}
        flow: [pool]
        """,
                "short.yaml");
    assertThatThrownBy(() -> Simulation.run(design, RunOptions.defaults().withRequests(10)))
        .isInstanceOf(SimulationException.class)
        .hasMessageContaining("the trace ended before the warm-up");
  }

  @Test
  void unlimitedIsOnlyAcceptedWhereItMeansSomething() {
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: u
        workload: {arrival: poisson, rate: 1/s}
        components:
          m: {kind: model-server, model: resnet-50, hardware: nvidia-t4, precision: int8, replicas: unlimited}
          s: {kind: stream, partitions: unlimited, consumers: 2, processing: 1ms}
          a: {kind: station, servers: unlimited, service: 1ms, cost: $1/h}
        flow: [m, s, a]
        """))
        .hasMessageContaining(
            "field 'components.m.replicas': expected a whole number from 1 to 1,000,000")
        .hasMessageContaining("field 'components.s.partitions'")
        .hasMessageContaining("field 'components.a.cost': a station's cost is per server");
  }

  @Test
  void anAutoscalerInTheFlowAndAStaticBatcherWithADelayAreLocatedErrors() {
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: f
        workload: {arrival: poisson, rate: 1/s}
        components:
          pool: {kind: station, servers: 2, service: 1ms}
          scaler: {kind: autoscaler, target: pool, min: 1, max: 2}
          m: {kind: model-server, model: resnet-50, hardware: nvidia-t4, precision: int8, batching: static, max_queue_delay: 1ms}
        flow: [pool, scaler, m]
        """))
        .hasMessageContaining("field 'flow[1]': 'scaler' is an autoscaler")
        .hasMessageContaining("field 'components.m.max_queue_delay'");
  }

  @Test
  void anInclusiveObjectiveIsMetAtItsBound() {
    Slo inclusive = new Slo("x", Slo.Scope.END_TO_END, Slo.Metric.P99, 0.010, true);
    Slo strict = new Slo("x", Slo.Metric.P99, 0.010);
    assertThat(inclusive.isMetBy(0.010)).isTrue();
    assertThat(strict.isMetBy(0.010)).isFalse();
    assertThat(inclusive.describe()).isEqualTo("p99 <= 10ms");
  }

  @Test
  void timeSeriesCoverTheWholeWindowWhateverTheRounding() {
    TimeWeighted w = new TimeWeighted(0.1);
    w.set(0, 1);
    w.open(0.3);
    double t = 0.3;
    for (int i = 0; i < 1000; i++) {
      t += 0.1; // lands on bucket boundaries up to rounding
      w.set(t, i % 3);
    }
    w.close(t);
    assertThat(w.series()).hasSize(1000);
  }
}
