package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.cache.CacheHitRatio;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.design.StationSpec;
import dev.blueprint.simulator.units.RequestRate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficWhatIfTest {
  private static final String DESIGN =
      """
      name: whatif
      workload:
        arrival: poisson
        rate: 2000/s
      components:
        results:
          kind: cache
          keys: 10M
          zipf: 0.9
          capacity: 1M
          hit_latency: 0.2ms
          miss_latency: 0.5ms
        ranker:
          kind: station
          servers: 8
          service: exponential(mean=2ms)
          cost: $1/h
        gateway:
          kind: gateway
          workers: 6
          cost_per_worker: $0.5/h
      flow: [gateway, results, ranker]
      """;

  private static Design design(String text) {
    return new DesignSource(
            text, "whatif.yaml", DesignContext.shipped(DesignFiles.relativeTo(Path.of("."))))
        .parse();
  }

  @Test
  void scalesTrafficOfEveryKind() {
    Design doubled = new TrafficWhatIf(2, false, List.of(), 0, false).apply(design(DESIGN));
    assertThat(doubled.workload().arrival().meanRate().perSecond()).isEqualTo(4000);
    ArrivalProcess.Trace trace = new ArrivalProcess.Trace(new double[] {0, 1, 2, 3}, true, "t.csv");
    assertThat(TrafficWhatIf.scale(trace, 2).meanRate().perSecond())
        .isEqualTo(2 * trace.meanRate().perSecond(), within(1e-9));
    ArrivalProcess.Diurnal day =
        new ArrivalProcess.Diurnal(RequestRate.perSecond(100), RequestRate.perSecond(20), 0, 86400);
    assertThat(TrafficWhatIf.scale(day, 1.5).meanRate().perSecond()).isEqualTo(90, within(1e-9));
    assertThat(TrafficWhatIf.parseScale("2x")).isEqualTo(2);
    assertThat(TrafficWhatIf.parseScale("150%")).isEqualTo(1.5);
    assertThatThrownBy(() -> TrafficWhatIf.parseScale("double")).hasMessageContaining("2x");
    assertThatThrownBy(() -> new TrafficWhatIf(0, false, List.of(), 0, false))
        .hasMessageContaining("positive");
  }

  @Test
  void losesAReplicaOrAZone() {
    Design lost = new TrafficWhatIf(1, false, List.of("ranker"), 0, false).apply(design(DESIGN));
    assertThat(((StationSpec) lost.components().get("ranker")).servers()).isEqualTo(7);
    Design zone = new TrafficWhatIf(1, false, List.of(), 3, false).apply(design(DESIGN));
    // 8 servers over 3 zones: a zone holds up to 3.
    assertThat(((StationSpec) zone.components().get("ranker")).servers()).isEqualTo(5);
    assertThat(zone.components().get("gateway").cost().dollarsPerHour()).isEqualTo(2.0);
    assertThatThrownBy(
            () -> new TrafficWhatIf(1, false, List.of("rankr"), 0, false).apply(design(DESIGN)))
        .hasMessageContaining("ranker");
    assertThatThrownBy(
            () -> new TrafficWhatIf(1, false, List.of("results"), 0, false).apply(design(DESIGN)))
        .hasMessageContaining("no replicas");
  }

  @Test
  void theDiurnalPeakNeedsADiurnalWorkload() {
    assertThatThrownBy(() -> new TrafficWhatIf(1, true, List.of(), 0, false).apply(design(DESIGN)))
        .hasMessageContaining("not diurnal");
    String diurnal =
        DESIGN.replace(
            "arrival: poisson\n  rate: 2000/s",
            "arrival: diurnal\n  peak: 3000/s\n  trough: 1000/s");
    Design peak = new TrafficWhatIf(1, true, List.of(), 0, false).apply(design(diurnal));
    assertThat(peak.workload().arrival()).isInstanceOf(ArrivalProcess.Poisson.class);
    assertThat(peak.workload().arrival().meanRate().perSecond()).isEqualTo(3000);
  }

  @Test
  void aColdCacheWarmsTowardsItsSteadyHitRatio() {
    CacheHitRatio.Warming warming = CacheHitRatio.lruZipfWarming(10_000_000, 0.9, 1_000_000);
    double steady = CacheHitRatio.lruZipf(10_000_000, 0.9, 1_000_000);
    assertThat(warming.steady()).isCloseTo(steady, within(1e-9));
    assertThat(warming.hitRatioAfter(0)).isZero();
    double last = 0;
    for (double n = 10; n < 1e9; n *= 10) {
      double h = warming.hitRatioAfter(n);
      assertThat(h).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(steady + 1e-12);
      last = h;
    }
    assertThat(warming.hitRatioAfter(1e12)).isCloseTo(steady, within(1e-9));

    RunOptions options = RunOptions.defaults().withRequests(200_000);
    SimulationResult warm = Simulation.run(design(DESIGN), options);
    SimulationResult cold =
        Simulation.run(
            new TrafficWhatIf(1, false, List.of(), 0, true).apply(design(DESIGN)), options);
    double warmHits = warm.component("results").details().get("hit_ratio");
    double coldHits = cold.component("results").details().get("hit_ratio");
    assertThat(warmHits).isCloseTo(steady, within(0.01));
    assertThat(coldHits).isLessThan(warmHits - 0.1);
    assertThat(cold.component("ranker").arrivals())
        .isGreaterThan(warm.component("ranker").arrivals());
  }

  @Test
  void aColdStartNeedsTheKeyPopularity() {
    String given = DESIGN.replace("keys: 10M\n    zipf: 0.9\n    capacity: 1M", "hit_ratio: 60%");
    assertThatThrownBy(() -> new TrafficWhatIf(1, false, List.of(), 0, true).apply(design(given)))
        .hasMessageContaining("hit_ratio");
  }
}
