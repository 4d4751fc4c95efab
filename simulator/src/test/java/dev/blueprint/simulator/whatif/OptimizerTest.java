package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.queueing.QueueFormulas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimiser against queueing theory: on an M/M/c station it must pick the smallest server count
 * Erlang C allows, with fewer simulations than the grid has points.
 */
class OptimizerTest {
  /** λ = 20/s, mean service 0.2 s: 4 Erlangs of offered load. */
  private static final String STATION =
      """
      name: erlang
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
      """;

  private static Sweep space(String values) {
    DesignSource source =
        new DesignSource(
            STATION, "erlang.yaml", DesignContext.shipped(DesignFiles.relativeTo(Path.of("."))));
    return new Sweep(
        source,
        List.of(Variation.parse("components.pool.servers=" + values)),
        TrafficWhatIf.NONE,
        RunOptions.defaults().withRequests(1_000_000));
  }

  private static int erlangSmallest(double maxMeanWaitSeconds) {
    for (int c = 5; ; c++) {
      if (QueueFormulas.mmcMeanWait(20, 0.2, c) <= maxMeanWaitSeconds) {
        return c;
      }
    }
  }

  @Test
  void picksTheSmallestServerCountErlangCAllowsWithFewerSimulationsThanTheGrid() {
    // Erlang C: mean wait 28.5 ms at 6 servers, 9.0 ms at 7; the bound sits well between them.
    int expected = erlangSmallest(0.015);
    assertThat(expected).isEqualTo(7);
    Sweep space = space("1..20");
    List<PointResult> seen = new ArrayList<>();
    Optimization o =
        new Optimizer(
                space,
                Metric.COST_PER_MONTH,
                true,
                List.of(Constraint.parse("mean_wait_ms<=15")),
                1)
            .run(seen::add);
    assertThat(o.chosen()).isPresent();
    assertThat(o.chosen().get().point().value("components.pool.servers"))
        .isEqualTo(String.valueOf(expected));
    // Erlang C rules out one to six servers unsimulated; the first simulation is the answer.
    assertThat(o.simulations())
        .isEqualTo(1)
        .isEqualTo(seen.size())
        .isLessThan(space.points().size());
    assertThat(o.objectiveValue().orElseThrow().value()).isEqualTo(expected * 730.0);
    Optimization.ConstraintOutcome c = o.constraints().get(0);
    assertThat(c.met()).isTrue();
    assertThat(c.tight())
        .as("six servers break the bound, so it is what stops a cheaper design")
        .isTrue();
    assertThat(o.firstGuess().orElseThrow().value("components.pool.servers")).isEqualTo("7");
  }

  @Test
  void aP99BoundGivesTheErlangAnswerToo() {
    // M/M/c p99 of the time in the station: 1.216 s at 5 servers, 0.971 s at 6.
    assertThat(QueueFormulas.mmcResponseQuantile(20, 0.2, 5, 0.99)).isGreaterThan(1.1);
    assertThat(QueueFormulas.mmcResponseQuantile(20, 0.2, 6, 0.99)).isLessThan(1.0);
    Optimization o =
        new Optimizer(
                space("1..20"),
                Metric.COST_PER_MONTH,
                true,
                List.of(Constraint.parse("p99_ms<=1100")),
                2)
            .run(r -> {});
    assertThat(o.chosen().orElseThrow().point().value("components.pool.servers")).isEqualTo("6");
    assertThat(o.simulations()).isLessThanOrEqualTo(2);
  }

  @Test
  void saysSoWhenNothingMeetsTheConstraints() {
    Optimization o =
        new Optimizer(
                space("1..3"),
                Metric.COST_PER_MONTH,
                true,
                List.of(Constraint.parse("p99_ms<=1")),
                1)
            .run(r -> {});
    assertThat(o.chosen()).isEmpty();
    assertThat(o.simulations()).isZero();
    assertThat(o.ruledOut().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
  }

  @Test
  void aSimulatedObjectiveIsSearchedFromTheAnalyticGuess() {
    // Minimise the mean wait, spending at most $5,000 a month: 6 servers ($4,380) is the answer.
    Sweep space = space("4..12");
    Optimization o =
        new Optimizer(
                space,
                Metric.MEAN_WAIT_MS,
                true,
                List.of(Constraint.parse("cost_per_month<=5000")),
                2)
            .run(r -> {});
    assertThat(o.chosen().orElseThrow().point().value("components.pool.servers")).isEqualTo("6");
    assertThat(o.simulations()).isLessThan(space.points().size());
    assertThat(o.method()).contains("pattern search");
    assertThat(o.ruledOut()).containsKey("breaks cost_per_month<=5000");
  }
}
