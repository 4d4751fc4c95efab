package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The screen's load figure must be a lower bound: each case here keeps up in simulation, so the
 * screen must not call it overloaded.
 */
class ScreenTest {
  private static DesignSource source(String text) {
    return new DesignSource(
        text, "screen.yaml", DesignContext.shipped(DesignFiles.relativeTo(Path.of("."))));
  }

  private static void keepsUpAndIsNotRuledOut(String text) {
    Design design = source(text).parse();
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(100_000));
    assertThat(r.keepsUp()).as("the simulation keeps up").isTrue();
    double busiest =
        r.components().stream()
            .mapToDouble(c -> c.utilization())
            .filter(Double::isFinite)
            .max()
            .orElseThrow();
    assertThat(Screen.of(design).loadBound())
        .as("a lower bound on the simulated %s", busiest)
        .isLessThanOrEqualTo(busiest + 0.01);
    assertThat(Screen.of(design).overloaded()).isFalse();
  }

  @Test
  void anAutoscaledComponentIsBoundedAtItsMaximum() {
    keepsUpAndIsNotRuledOut(
        """
        name: auto
        workload:
          arrival: poisson
          rate: 300/s
        components:
          api:
            kind: station
            servers: 1
            service: exponential(mean=10ms)
          scaler:
            kind: autoscaler
            target: api
            min: 1
            max: 10
            interval: 1s
            scale_up_delay: 1s
        flow: [api]
        """);
  }

  @Test
  void aBoundedQueueDropsRatherThanFallsBehind() {
    Design design =
        source(
                """
        name: bounded
        workload:
          arrival: poisson
          rate: 150/s
        components:
          api:
            kind: station
            servers: 1
            queue_capacity: 10
            service: exponential(mean=10ms)
        flow: [api]
        """)
            .parse();
    assertThat(Screen.of(design).overloaded()).isFalse();
  }

  @Test
  void aDiurnalWorkloadIsBoundedAtItsTrough() {
    keepsUpAndIsNotRuledOut(
        """
        name: day
        workload:
          arrival: diurnal
          peak: 400/s
          trough: 100/s
        components:
          api:
            kind: station
            servers: 2
            service: exponential(mean=10ms)
        flow: [api]
        """);
  }

  @Test
  void requestsLargerThanTheBatchAreCountedAtTheirCheaperPerSampleCost() {
    keepsUpAndIsNotRuledOut(
        """
        name: big
        workload:
          arrival: poisson
          rate: 600/s
          items: 100
        components:
          encoder:
            kind: model-server
            model: bert-base
            hardware: nvidia-h100-sxm-80gb
            precision: fp16
            sequence: 256
            replicas: 8
            max_batch: 32
        flow: [encoder]
        """);
  }

  @Test
  void anOverloadedCandidateIsNeverChosenEvenWithoutALatencyConstraint() {
    DesignSource source =
        source(
            """
        name: pool
        workload:
          arrival: poisson
          rate: 20/s
        components:
          pool:
            kind: station
            servers: 1
            service: exponential(mean=200ms)
            cost: $1/h
        flow: [pool]
        """);
    Sweep space =
        new Sweep(
            source,
            List.of(Variation.parse("components.pool.servers=1..8")),
            TrafficWhatIf.NONE,
            RunOptions.defaults().withRequests(100_000));
    Optimization o =
        new Optimizer(
                space,
                Metric.COST_PER_MONTH,
                true,
                List.of(Constraint.parse("cost_per_month<=1000000")),
                1)
            .run(r -> {});
    assertThat(o.chosen().orElseThrow().point().value("components.pool.servers")).isEqualTo("5");
    assertThat(o.constraints().get(0).tight())
        .as("an overloaded neighbour says nothing about a cost bound")
        .isFalse();
  }
}
