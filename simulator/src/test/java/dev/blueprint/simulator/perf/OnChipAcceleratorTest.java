package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

/** Devices whose only memory is on-chip SRAM: weights stay on chip, the host link carries I/O. */
class OnChipAcceleratorTest {
  final HardwareProfile coral = HardwareCatalog.shipped().get("google-coral-edgetpu");
  final ModelProfile mobilenet = ModelCatalog.shipped().get("mobilenet-v2");
  final ModelProfile resnet = ModelCatalog.shipped().get("resnet-50");

  double linkSeconds(double bytes) {
    return bytes / (coral.memory().bandwidth().bytesPerSecond() * coral.efficiency().memoryMax());
  }

  @Test
  void aModelThatFitsPaysTheLinkOnlyForItsInputAndOutput() {
    PrecisionPlan plan = PrecisionPlan.forInference(Precision.INT8);
    assertThat(Workloads.weightBytes(mobilenet, plan))
        .isLessThan(coral.memory().capacity().bytes());
    BatchServing serving = new BatchServing(mobilenet, coral, Precision.INT8, 1);
    double io = Workloads.ioElementsPerSample(mobilenet, 1);
    assertThat(io).isGreaterThan(224 * 224 * 3).isLessThan(224 * 224 * 3 + 3000);
    // The whole latency is the link transfer plus compute: no weight or activation traffic.
    assertThat(serving.singleSampleSeconds()).isGreaterThan(linkSeconds(io));
    assertThat(serving.singleSampleSeconds()).isLessThan(linkSeconds(io) + 0.003);
  }

  @Test
  void weightsBeyondTheSramStreamOverTheLinkEveryInference() {
    PrecisionPlan plan = PrecisionPlan.forInference(Precision.INT8);
    double streamed = Workloads.weightBytes(resnet, plan) - coral.memory().capacity().bytes();
    assertThat(streamed).isPositive();
    BatchServing serving = new BatchServing(resnet, coral, Precision.INT8, 1);
    double io = Workloads.ioElementsPerSample(resnet, 1);
    assertThat(serving.singleSampleSeconds()).isGreaterThan(linkSeconds(io + streamed));
  }

  @Test
  void batchesStopWhereActivationsNoLongerShareTheSramWithTheWeights() {
    // ResNet-50's weights fill the SRAM: only single samples run.
    assertThat(new BatchServing(resnet, coral, Precision.INT8, 1).candidateBatches())
        .containsExactly(1);
    assertThat(new BatchServing(mobilenet, coral, Precision.INT8, 1).fits(1)).isTrue();
  }

  @Test
  void aDeviceWithDramIsUnchanged() {
    HardwareProfile l4 = HardwareCatalog.shipped().get("nvidia-l4");
    PrecisionPlan plan = PrecisionPlan.forInference(Precision.INT8);
    var kernels = Workloads.inferenceBatch(mobilenet, plan, 8, 1, 1.0);
    assertThat(Workloads.onDevice(kernels, mobilenet, plan, 8, 1, l4)).isSameAs(kernels);
    assertThat(coral.memory().onChip()).isTrue();
    assertThat(l4.memory().onChip()).isFalse();
    assertThat(linkSeconds(0)).isCloseTo(0, within(1e-12));
  }
}
