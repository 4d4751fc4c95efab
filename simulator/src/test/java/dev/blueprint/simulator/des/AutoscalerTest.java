package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.design.Design;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  private static Design daily(String extra) {
    return Designs.parse(
        """
        name: daily
        workload:
          arrival: diurnal
          peak: 100/s
          trough: 10/s
          duration: 24h
          warmup: 0
        components:
          pool: {kind: station, servers: 20, service: 'exponential(mean=1s)', cost: $1/h}
          scaler:
            kind: autoscaler
            target: pool
            target_utilization: 70%%
            min: 2
            max: 300
            interval: 15s
            scale_up_delay: 60s
            scale_down_window: 5min
        %s
        flow: [pool]
        """
            .formatted(extra.indent(4)));
  }

  @Test
  void replicasAndCostFollowADailyCycle() {
    SimulationResult r = Simulation.run(daily(""), RunOptions.defaults());
    ComponentResult pool = r.component("pool");
    // 55 requests/s on average, each busy 1 s: about 55 / 0.7 ≈ 79 servers on average.
    double meanServers = pool.cost().dollarsPerHour() / 1.0;
    assertThat(meanServers).isBetween(79 * 0.85, 79 * 1.3);
    assertThat(pool.utilization()).isBetween(0.55, 0.8);
    assertThat(r.component("scaler").details().get("scale_ups")).isGreaterThan(10);
    assertThat(r.component("scaler").details().get("scale_downs")).isGreaterThan(10);
    // Lagging capacity shows in the tail, but the queue does not run away.
    assertThat(r.latency().p99().value()).isLessThan(30);
  }

  @Test
  void withoutTheAutoscalerTheFixedPoolDrownsAtThePeak() {
    Design fixed =
        Designs.parse(
            """
        name: fixed
        workload: {arrival: diurnal, peak: 100/s, trough: 10/s, duration: 24h, warmup: 0}
        components:
          pool: {kind: station, servers: 90, service: 'exponential(mean=1s)'}
        flow: [pool]
        """);
    SimulationResult r = Simulation.run(fixed, RunOptions.defaults());
    assertThat(r.latency().p99().value()).isGreaterThan(100);
  }

  @Test
  void anAutoscalerNeedsSomethingItCanScale() {
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: bad
        workload: {arrival: poisson, rate: 1/s}
        components:
          hop: {kind: network, latency: 1ms}
          scaler: {kind: autoscaler, target: hop, min: 1, max: 2}
          other: {kind: autoscaler, target: hops, min: 1, max: 2}
        flow: [hop]
        """))
        .hasMessageContaining("field 'components.scaler.target': an autoscaler scales")
        .hasMessageContaining(
            "field 'components.other.target': no component named 'hops'; did you mean 'hop'");
  }
}
