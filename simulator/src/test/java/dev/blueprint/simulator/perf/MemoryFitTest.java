package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import org.junit.jupiter.api.Test;

class MemoryFitTest {
  // 81559 MiB exposed by the driver (85.5 GB); a plan may use 95% of it.
  private final HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");

  @Test
  void theBudgetIsAShareOfWhatTheDriverExposesNotOfTheDatasheetCapacity() {
    assertThat(MemoryFit.budget(h100).bytes()).isCloseTo(81559.0 * 1024 * 1024 * 0.95, within(1.0));
  }

  @Test
  void needsAroundTheBudgetAreJudgedAgainstIt() {
    assertThat(MemoryFit.fits(h100, 81e9)).isTrue();
    assertThat(MemoryFit.fits(h100, 82e9)).isFalse();
  }

  @Test
  void theMessagePrintsTheFigureThatWasCompared() {
    assertThatThrownBy(() -> MemoryFit.require(h100, 84e9, "weights"))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageContaining("weights needs 84GB per device")
        .hasMessageContaining(
            "nvidia-h100-sxm-80gb can plan on 81.2GB (95% of the 85.5GB it exposes)");
  }
}
