package dev.blueprint.simulator.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratedProfileTest {
  static final HardwareProfile H100 = EfficiencyFitTest.H100;

  @Test
  void theDerivedProfileLoadsWithTheFittedValuesAndKeepsEverythingElse() {
    Calibration c = EfficiencyFit.fit(H100, EfficiencyFitTest.sweep(EfficiencyFitTest.TRUTH, 0, 1));
    String original = HardwareCatalog.sourceText(H100).text();
    String yaml =
        CalibratedProfile.yaml(
            original, c, "my-h100", "h100-kernels.csv, tests/gpu/kernels.py, 2026-11-26");

    HardwareProfile derived = HardwareProfileParser.parse(yaml, "my-h100.yaml");
    assertThat(derived.id()).isEqualTo("my-h100");
    assertThat(derived.name()).isEqualTo(H100.name() + " (calibrated)");
    assertThat(derived.efficiency().matrixMax()).isCloseTo(0.74, within(0.003));
    assertThat(derived.efficiency().matrixMax(Precision.FP8)).isCloseTo(0.66, within(0.003));
    assertThat(derived.efficiency().memoryMax()).isCloseTo(0.86, within(0.002));
    assertThat(derived.efficiency().collectiveMax()).isEqualTo(H100.efficiency().collectiveMax());
    assertThat(derived.efficiency().inNetworkReductionMax())
        .isEqualTo(H100.efficiency().inNetworkReductionMax());
    assertThat(derived.peaks()).isEqualTo(H100.peaks());
    assertThat(derived.memory()).isEqualTo(H100.memory());
    assertThat(derived.interconnect()).isEqualTo(H100.interconnect());
    assertThat(derived.prices()).isEqualTo(H100.prices());
    assertThat(derived.sources())
        .containsEntry(
            CalibratedProfile.SOURCE_ID, "h100-kernels.csv, tests/gpu/kernels.py, 2026-11-26");
    assertThat(derived.sources()).containsAllEntriesOf(H100.sources());
    // The notes and the sections the fit does not touch stay as written.
    assertThat(yaml)
        .contains(original.substring(original.indexOf("notes:"), original.indexOf("efficiency:")));
    // It predicts the sweep as the fit does.
    for (KernelMeasurement row : EfficiencyFitTest.sweep(EfficiencyFitTest.TRUTH, 0, 2)) {
      assertThat(EfficiencyFit.predict(derived, row))
          .isCloseTo(EfficiencyFit.predict(c.after(), row), within(2e-3 * row.seconds()));
    }
  }

  @Test
  void aProfileWithoutAnEfficiencySectionGetsOne() {
    HardwareProfile l4 = HardwareCatalog.shipped().get("nvidia-l4");
    String original =
        HardwareCatalog.sourceText(l4).text().replaceAll("(?ms)^efficiency:.*?(?=^\\S|\\z)", "");
    HardwareProfile bare = HardwareProfileParser.parse(original, "nvidia-l4.yaml");
    List<KernelMeasurement> streams =
        EfficiencyFitTest.sweep(EfficiencyFitTest.TRUTH, 0, 1).stream()
            .filter(r -> r.kind() == KernelKind.STREAM)
            .toList();
    Calibration c = EfficiencyFit.fit(bare, streams);
    String yaml = CalibratedProfile.yaml(original, c, "l4-measured", "sweep.csv");
    HardwareProfile derived = HardwareProfileParser.parse(yaml, "l4-measured.yaml");
    assertThat(derived.efficiency().memoryMax())
        .isCloseTo(c.after().efficiency().memoryMax(), within(1e-4));
    assertThat(derived.efficiency().matrixMax()).isEqualTo(bare.efficiency().matrixMax());
    assertThat(yaml).contains("efficiency:\n").contains("source: [kernel-sweep]");
  }
}
