package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class MetricAndConstraintTest {
  @Test
  void theDocumentedMetricsExist() {
    assertThat(Metric.ids())
        .contains(
            "cost_per_month",
            "p50_ms",
            "p99_ms",
            "mean_ms",
            "mean_wait_ms",
            "throughput_rps",
            "utilization_max");
  }

  @Test
  void readsConstraints() {
    Constraint c = Constraint.parse(" p99_ms <= 10 ");
    assertThat(c.metric()).isEqualTo(Metric.P99_MS);
    assertThat(c.met(10)).isTrue();
    assertThat(c.met(10.01)).isFalse();
    assertThat(c.met(Double.NaN)).isFalse();
    assertThat(c.slack(8)).isEqualTo(0.2, Assertions.within(1e-12));
    Constraint t = Constraint.parse("throughput_rps>1e6");
    assertThat(t.met(1e6)).isFalse();
    assertThat(t.met(1.1e6)).isTrue();
  }

  @Test
  void namesTheNearestMetric() {
    assertThatThrownBy(() -> Constraint.parse("p99ms<=10")).hasMessageContaining("p99_ms");
    assertThatThrownBy(() -> Constraint.parse("p99_ms=10"))
        .hasMessageContaining("METRIC OP NUMBER");
    assertThatThrownBy(() -> Metric.parse("cost")).hasMessageContaining("cost_per_month");
  }

  @Test
  void theParetoFrontKeepsOnlyUnbeatenPoints() {
    double[] cost = {1, 2, 3, 2, Double.NaN};
    double[] p99 = {10, 5, 1, 6, 0};
    assertThat(Pareto.front(cost, false, p99, false)).containsExactly(0, 1, 2);
    // With throughput, more is better.
    assertThat(Pareto.front(cost, false, new double[] {1, 3, 2, 3, 9}, true))
        .containsExactly(0, 1, 3);
    assertThat(Pareto.front(new double[] {1, 1}, false, new double[] {2, 2}, false))
        .isEqualTo(List.of(0, 1));
  }
}
