package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

class BatchServingTest {
  final BatchServing resnet =
      new BatchServing(
          ModelCatalog.shipped().get("resnet-50"),
          HardwareCatalog.shipped().get("nvidia-a100-sxm-80gb"),
          Precision.INT8,
          1);

  @Test
  void batchingRaisesThroughput() {
    assertThat(8 / resnet.batchSeconds(8)).isGreaterThan(2 / resnet.batchSeconds(1));
  }

  @Test
  void aLatencyBoundCostsThroughput() {
    double offline = resnet.offline().samplesPerSecond();
    double tight = resnet.server(0.005).samplesPerSecond();
    double loose = resnet.server(0.050).samplesPerSecond();
    assertThat(tight).isLessThan(loose);
    assertThat(loose).isLessThan(offline);
  }

  @Test
  void theTailGrowsWithUtilisation() {
    double previous = 0;
    for (double rho = 0.05; rho < 0.99; rho += 0.05) {
      double p99 = BatchServing.p99Seconds(rho, 0.01);
      assertThat(p99).isGreaterThanOrEqualTo(previous);
      previous = p99;
    }
    assertThat(BatchServing.p99Seconds(0.99, 0.01)).isGreaterThan(10 * 0.01);
  }

  @Test
  void aBoundShorterThanOneSampleGivesNoCapacity() {
    assertThat(resnet.server(1e-6).samplesPerSecond()).isZero();
  }

  @Test
  void tablesThatDoNotFitAreGatheredFromHostMemory() {
    BatchServing dlrm =
        new BatchServing(
            ModelCatalog.shipped().get("dlrm-v2"),
            HardwareCatalog.shipped().get("nvidia-l4"),
            Precision.INT8,
            1);
    assertThat(dlrm.residentTableShare()).isBetween(0.1, 0.9);
  }
}
