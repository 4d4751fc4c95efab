package dev.blueprint.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

class PowerLimitTest {
  /** Measured GEMM shares of sibling pairs (docs/calibration.md): the mechanism's evidence. */
  @Test
  void predictsEachMeasuredSiblingPairWithinSevenPercent() {
    // H100 PCIe 350 W / 756 TFLOPS: 0.66; SXM 700 W / 989.4: 0.81.
    assertThat(0.81 * PowerLimit.shareOfSibling(350, 756, 700, 989.4))
        .isCloseTo(0.66, within(0.66 * 0.07));
    // A100 PCIe 300 W: 0.81; SXM 400 W (same 312 TFLOPS): 0.87.
    assertThat(0.87 * PowerLimit.shareOfSibling(300, 312, 400, 312))
        .isCloseTo(0.81, within(0.81 * 0.07));
    // L4 72 W / 121 TFLOPS: 0.55; L40S 350 W / 362: 0.74.
    assertThat(0.74 * PowerLimit.shareOfSibling(72, 121, 350, 362))
        .isCloseTo(0.55, within(0.55 * 0.07));
  }

  @Test
  void morePowerPerFlopThanTheSiblingDoesNotRaiseTheShare() {
    assertThat(PowerLimit.shareOfSibling(400, 148, 700, 989.4)).isEqualTo(1.0);
  }

  @Test
  void aProfileScaledFromItsSiblingSustainsLessOfItsPeak() {
    HardwareProfile nvl = HardwareCatalog.shipped().get("nvidia-h100-nvl-94gb");
    double scale = PowerLimit.shareOfSibling(400, 835, 700, 989.4);
    assertThat(nvl.efficiency().matrixMax(Precision.BF16)).isCloseTo(0.80 * scale, within(1e-9));
    assertThat(nvl.efficiency().matrixMax(Precision.FP8)).isCloseTo(0.71 * scale, within(1e-9));
    assertThat(scale).isLessThan(0.9);
  }
}
