package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.queueing.QueueFormulas;
import org.junit.jupiter.api.Test;

/**
 * The reported 95 % intervals contain the true mean about 95 % of the time. 200 independent runs
 * give a coverage whose own standard error is 1.5 points; the band below is about ±2.6 of them,
 * wide enough not to trip on luck and narrow enough to catch an interval that is, say, 20 % too
 * narrow (which covers only about 90 %).
 */
class ConfidenceIntervalCoverageTest {
  private static final int RUNS = 200;
  private static final double LOW = 0.91;
  private static final double HIGH = 0.99;

  private static double batchMeansCoverage(
      Design design, double truth, long requests, long firstSeed) {
    int covered = 0;
    for (int i = 0; i < RUNS; i++) {
      SimulationResult r =
          Simulation.run(
              design, RunOptions.defaults().withRequests(requests).withSeed(firstSeed + i));
      assertThat(r.latency().mean().level()).isEqualTo(0.95);
      if (r.latency().mean().contains(truth)) {
        covered++;
      }
    }
    return covered / (double) RUNS;
  }

  @Test
  void batchMeansIntervalsOfMm1AtEightyPercentCoverAtTheirStatedRate() {
    double truth = QueueFormulas.mmcMeanResponse(0.8, 1, 1);
    assertThat(
            batchMeansCoverage(
                Designs.station("0.8/s", 1, "exponential(mean=1s)"), truth, 100_000, 1000))
        .isBetween(LOW, HIGH);
  }

  @Test
  void batchMeansIntervalsOfMm3CoverAtTheirStatedRate() {
    double truth = QueueFormulas.mmcMeanResponse(0.2, 10, 3);
    assertThat(
            batchMeansCoverage(
                Designs.station("0.2/s", 3, "exponential(mean=10s)"), truth, 100_000, 3000))
        .isBetween(LOW, HIGH);
  }

  @Test
  void replicationIntervalsCoverAtTheirStatedRate() {
    Design design = Designs.station("0.8/s", 1, "deterministic(1s)");
    double truth = QueueFormulas.mg1MeanResponse(0.8, 1, 0);
    int covered = 0;
    for (int i = 0; i < RUNS; i++) {
      SimulationResult r =
          Simulation.run(
              design,
              RunOptions.defaults().withRequests(20_000).withReplications(5).withSeed(5000 + i));
      if (r.latency().mean().contains(truth)) {
        covered++;
      }
    }
    assertThat(covered / (double) RUNS).isBetween(LOW, HIGH);
  }

  @Test
  void aShortRunSaysItsIntervalsMayBeTooNarrow() {
    SimulationResult r =
        Simulation.run(
            Designs.station("0.8/s", 1, "exponential(mean=1s)"),
            RunOptions.defaults().withRequests(20_000));
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("short run"));
  }
}
