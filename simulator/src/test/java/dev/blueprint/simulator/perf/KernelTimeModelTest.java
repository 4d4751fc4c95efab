package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.testing.Profiles;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

class KernelTimeModelTest {
  final HardwareProfile gpu = HardwareProfileParser.parse(Profiles.MINIMAL_GPU, "test-gpu.yaml");
  final KernelTimeModel model = new KernelTimeModel(gpu, ExecutionMode.GRAPH);

  @Test
  void aLargeGemmRunsAtTheDevicesMatrixEfficiency() {
    double flop = 1e14;
    KernelTime t = model.time(OpCost.of("gemm", OpClass.MATRIX, Precision.BF16, flop, 1e6));
    double expected = flop / (400e12 * gpu.efficiency().matrixMax());
    assertThat(t.bound()).isEqualTo(Bound.COMPUTE);
    assertThat(t.totalSeconds()).isCloseTo(expected, within(expected * 0.01));
  }

  @Test
  void aLongStreamRunsAtTheAchievableBandwidth() {
    double bytes = 1e11;
    KernelTime t = model.time(OpCost.of("copy", OpClass.VECTOR, Precision.FP32, 0, bytes));
    double expected = bytes / (2e12 * gpu.efficiency().memoryMax());
    assertThat(t.bound()).isEqualTo(Bound.MEMORY);
    assertThat(t.totalSeconds()).isCloseTo(expected, within(expected * 0.01));
  }

  @Test
  void smallKernelsAreDominatedByFixedCosts() {
    KernelTime t = model.time(OpCost.of("tiny", OpClass.MATRIX, Precision.BF16, 1e3, 1e3));
    assertThat(t.bound()).isEqualTo(Bound.OVERHEAD);
    KernelTime isolated =
        new KernelTimeModel(gpu, ExecutionMode.ISOLATED)
            .time(OpCost.of("tiny", OpClass.MATRIX, Precision.BF16, 1e3, 1e3));
    assertThat(isolated.totalSeconds()).isGreaterThan(t.totalSeconds() + 1e-5);
  }

  @Test
  void nearTheRidgeAKernelTakesLongerThanEitherRoof() {
    double flop = 4e11;
    double bytes =
        flop / (400e12 * gpu.efficiency().matrixMax()) * 2e12 * gpu.efficiency().memoryMax();
    KernelTime t = model.time(OpCost.of("ridge", OpClass.MATRIX, Precision.BF16, flop, bytes));
    double atRidge = Math.pow(2, 1 / KernelTimeModel.OVERLAP_EXPONENT);
    assertThat(t.totalSeconds())
        .isGreaterThan(Math.max(t.computeSeconds(), t.memorySeconds()) * (atRidge - 0.05));
    assertThat(t.totalSeconds())
        .isLessThan((t.computeSeconds() + t.memorySeconds()) * 1.01 + t.overheadSeconds());
  }

  @Test
  void moreWorkNeverTakesLessTime() {
    double previous = 0;
    for (double flop = 1e6; flop < 1e15; flop *= 3) {
      double t =
          model
              .time(OpCost.of("g", OpClass.MATRIX, Precision.BF16, flop, flop / 100))
              .totalSeconds();
      assertThat(t).isGreaterThanOrEqualTo(previous);
      previous = t;
    }
  }

  @Test
  void aMissingPrecisionFallsBackToTheNearestWiderOne() {
    assertThat(model.effectiveMath(Precision.FP16)).isEqualTo(Precision.BF16);
    assertThat(model.effectiveMath(Precision.INT8)).isEqualTo(Precision.BF16);
  }
}
