package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.queueing.QueueFormulas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Station designs against closed forms, at the run lengths and tolerances the design issue sets,
 * for several seeds.
 */
class StationExactnessTest {
  private static final long THREE_MILLION = 3_000_000;

  private static SimulationResult run(Design design, long requests, long seed) {
    return Simulation.run(design, RunOptions.defaults().withRequests(requests).withSeed(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mm3(long seed) {
    SimulationResult r =
        run(Designs.station("0.2/s", 3, "exponential(mean=10s)"), THREE_MILLION, seed);
    double exact = QueueFormulas.mmcMeanResponse(0.2, 10, 3); // 4.444 s wait + 10 s service
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
    assertThat(r.component("server").meanWaitSeconds()).isCloseTo(4.444, within(4.444 * 0.03));
    assertThat(r.component("server").utilization()).isCloseTo(2.0 / 3, within(0.005));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mm4(long seed) {
    SimulationResult r =
        run(Designs.station("0.35/s", 4, "exponential(mean=10s)"), THREE_MILLION, seed);
    double exact = QueueFormulas.mmcMeanResponse(0.35, 10, 4); // 14.757 s wait + 10 s service
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void md1AtEightyPercent(long seed) {
    SimulationResult r = run(Designs.station("0.8/s", 1, "deterministic(1s)"), THREE_MILLION, seed);
    double exact = QueueFormulas.mg1MeanResponse(0.8, 1, 0); // 3 s
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mg1WithGammaServiceAtEightyPercent(long seed) {
    SimulationResult r =
        run(Designs.station("0.8/s", 1, "gamma(mean=1s, cv=0.5)"), THREE_MILLION, seed);
    double exact = QueueFormulas.mg1MeanResponse(0.8, 1, 0.25); // 3.5 s
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mg1WithLognormalServiceAtEightyPercent(long seed) {
    SimulationResult r =
        run(Designs.station("0.8/s", 1, "lognormal(mean=1s, cv=1.5)"), THREE_MILLION, seed);
    double exact = QueueFormulas.mg1MeanResponse(0.8, 1, 2.25); // 7.5 s
    // Heavier tail, slower convergence: the interval, not a fixed 1 %, is the honest bound.
    assertThat(r.latency().mean().contains(exact)).isTrue();
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.03));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void twoStationTandemIsAJacksonNetwork(long seed) {
    Design tandem =
        Designs.parse(
            """
        name: tandem
        workload:
          arrival: poisson
          rate: 0.5/s
        components:
          first:
            kind: station
            service: exponential(mean=1s)
          second:
            kind: station
            service: exponential(mean=1.25s)
        flow: [first, second]
        """);
    SimulationResult r = run(tandem, THREE_MILLION, seed);
    double exact =
        QueueFormulas.mmcMeanResponse(0.5, 1, 1) + QueueFormulas.mmcMeanResponse(0.5, 1.25, 1);
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
    assertThat(r.component("second").latency().mean().value())
        .isCloseTo(QueueFormulas.mmcMeanResponse(0.5, 1.25, 1), within(0.05 * 3.333));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mm1AtNinetyPercentForTenMillionRequests(long seed) {
    SimulationResult r = run(Designs.station("0.9/s", 1, "exponential(mean=1s)"), 10_000_000, seed);
    assertThat(r.latency().mean().value()).isCloseTo(10, within(10 * 0.02));
    double p99 = QueueFormulas.mmcResponseQuantile(0.9, 1, 1, 0.99); // 46.05 s
    assertThat(r.latency().p99().value()).isCloseTo(p99, within(p99 * 0.03));
    assertThat(r.throughput().value()).isCloseTo(0.9, within(0.9 * 0.005));
  }
}
