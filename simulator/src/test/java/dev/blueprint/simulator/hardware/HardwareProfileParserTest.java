package dev.blueprint.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.testing.Profiles;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class HardwareProfileParserTest {
  @Test
  void readsAMinimalProfileAndFillsEfficiencyDefaultsByKind() {
    HardwareProfile p = HardwareProfileParser.parse(Profiles.MINIMAL_GPU, "user/test-gpu.yaml");
    assertThat(p.id()).isEqualTo("test-gpu");
    assertThat(p.requirePeak(Precision.BF16).teraflops()).isEqualTo(400);
    assertThat(p.efficiency()).isEqualTo(DeviceEfficiency.defaults(HardwareKind.GPU));
    assertThat(p.pricePerDevice(PricingTier.ON_DEMAND))
        .hasValueSatisfying(r -> assertThat(r.dollarsPerHour()).isEqualTo(2.0));
  }

  @Test
  void aWrongUnitIsReportedWithFileLineColumnAndField() {
    String text = Profiles.MINIMAL_GPU.replace("bandwidth: 2TB/s", "bandwidth: 2TB");
    assertThatThrownBy(() -> HardwareProfileParser.parse(text, "user/test-gpu.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "user/test-gpu.yaml:14:14: field 'memory.bandwidth': expected a bandwidth such as 3.35TB/s")
        .hasMessageContaining("got '2TB'");
  }

  @Test
  void everyProblemOfTheFileIsReportedTogether() {
    String text =
        Profiles.MINIMAL_GPU
            .replace("bandwidth: 2TB/s", "bandwith: 2TB/s")
            .replace("tdp: 400W", "tdp: 400")
            .replace("kind: gpu", "kind: gpx");
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class, () -> HardwareProfileParser.parse(text, "test-gpu.yaml"));
    assertThat(e.problems())
        .extracting(Problem::field)
        .contains("kind", "memory.bandwidth", "memory.bandwith", "power.tdp");
    assertThat(e.getMessage()).contains("did you mean 'bandwidth'");
  }

  @Test
  void theIdMustMatchTheFileName() {
    assertThatThrownBy(
            () -> HardwareProfileParser.parse(Profiles.MINIMAL_GPU, "profiles/other.yaml"))
        .hasMessageContaining("must match the file name 'other.yaml'");
  }

  @Test
  void everySectionWithNumbersNamesADeclaredSource() {
    String text = Profiles.MINIMAL_GPU.replace("  source: sheet\n  capacity", "  capacity");
    assertThatThrownBy(() -> HardwareProfileParser.parse(text, "test-gpu.yaml"))
        .hasMessageContaining("field 'memory.source': required field is missing");
    String undeclared =
        Profiles.MINIMAL_GPU.replace("  source: sheet\n  tdp", "  source: sheeet\n  tdp");
    assertThatThrownBy(() -> HardwareProfileParser.parse(undeclared, "test-gpu.yaml"))
        .hasMessageContaining("source 'sheeet' is not declared");
  }

  @Test
  void aPriceNeedsAnHourlyOrPurchaseFigure() {
    String text = Profiles.MINIMAL_GPU.replace("    on_demand: $2/h\n", "");
    assertThatThrownBy(() -> HardwareProfileParser.parse(text, "test-gpu.yaml"))
        .hasMessageContaining(
            "an offer needs on_demand, spot, reserved_1y, reserved_3y or purchase");
  }

  @Test
  void aCollectiveSizeCurveIsReadAsSizesAndShares() {
    String text =
        Profiles.MINIMAL_GPU
            + "efficiency:\n  source: sheet\n"
            + "  collective_size_curve: {source: sheet, 16MiB: 0.5, 2MiB: 0.2, 1GiB: 1.0}\n";
    CollectiveSizeCurve curve =
        HardwareProfileParser.parse(text, "test-gpu.yaml").efficiency().collectiveSizeCurve();
    assertThat(curve.points())
        .extracting(CollectiveSizeCurve.Point::bytes)
        .containsExactly(2.0 * 1024 * 1024, 16.0 * 1024 * 1024, 1024.0 * 1024 * 1024);
    assertThat(curve.share(16.0 * 1024 * 1024)).isEqualTo(0.5);
    assertThat(HardwareProfileParser.parse(Profiles.MINIMAL_GPU, "test-gpu.yaml").efficiency())
        .extracting(DeviceEfficiency::collectiveSizeCurve)
        .isEqualTo(CollectiveSizeCurve.NONE);
  }

  @Test
  void aCollectiveSizeCurveNeedsSizesAsKeysFractionsAsValuesAndASource() {
    String badKey =
        Profiles.MINIMAL_GPU
            + "efficiency:\n  source: sheet\n"
            + "  collective_size_curve: {source: sheet, 16M: 0.5}\n";
    assertThatThrownBy(() -> HardwareProfileParser.parse(badKey, "test-gpu.yaml"))
        .hasMessageContaining("field 'efficiency.collective_size_curve.16M'")
        .hasMessageContaining("expected a message size such as 16MiB");
    String badShare = badKey.replace("16M: 0.5", "16MiB: 1.5");
    assertThatThrownBy(() -> HardwareProfileParser.parse(badShare, "test-gpu.yaml"))
        .hasMessageContaining("expected a fraction in (0, 1], got '1.5'");
    String noSource = badKey.replace("{source: sheet, 16M: 0.5}", "{16MiB: 0.5}");
    assertThatThrownBy(() -> HardwareProfileParser.parse(noSource, "test-gpu.yaml"))
        .hasMessageContaining("field 'efficiency.collective_size_curve.source'");
  }

  @Test
  void efficiencyOverridesAreRangeChecked() {
    String text = Profiles.MINIMAL_GPU + "efficiency:\n  source: sheet\n  matrix_max: 1.4\n";
    assertThatThrownBy(() -> HardwareProfileParser.parse(text, "test-gpu.yaml"))
        .hasMessageContaining(
            "field 'efficiency.matrix_max': expected a fraction in (0, 1], got '1.4'");
  }

  @Test
  void zeroBandwidthsAndImpossibleUsableMemoryAreRejected() {
    String text =
        Profiles.MINIMAL_GPU.replace("bandwidth: 2TB/s", "bandwidth: 2TB/s\n  usable: 90GB")
            + "interconnect:\n  source: sheet\n  intra_node:\n    bandwidth: 0GB/s\n";
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class, () -> HardwareProfileParser.parse(text, "test-gpu.yaml"));
    assertThat(e.getMessage())
        .contains("field 'memory.usable': must be positive and at most 10% above the capacity")
        .contains("field 'interconnect.intra_node.bandwidth': a bandwidth must be positive");
  }

  @Test
  void inlineSourcedValuesAreAccepted() {
    String text =
        Profiles.MINIMAL_GPU.replace(
            "capacity: 40GB", "capacity: 40GB\n  usable: {value: 39GiB, source: sheet}");
    HardwareProfile p = HardwareProfileParser.parse(text, "test-gpu.yaml");
    assertThat(p.memory().allocatable().gibibytes()).isEqualTo(39);
  }

  @Test
  void aMissingPrecisionIsExplainedWithTheSupportedOnes() {
    HardwareProfile p = HardwareProfileParser.parse(Profiles.MINIMAL_GPU, "test-gpu.yaml");
    assertThatThrownBy(() -> p.requirePeak(Precision.FP8))
        .hasMessage("test-gpu has no fp8 compute; it supports fp32, bf16");
  }
}
