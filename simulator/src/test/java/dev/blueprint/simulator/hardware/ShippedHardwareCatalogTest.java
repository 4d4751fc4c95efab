package dev.blueprint.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedHardwareCatalogTest {
  static final List<String> REQUIRED_IDS =
      List.of(
          "nvidia-h100-sxm-80gb",
          "nvidia-h100-pcie-80gb",
          "nvidia-h200-sxm-141gb",
          "nvidia-b200",
          "nvidia-a100-sxm-80gb",
          "nvidia-a100-sxm-40gb",
          "nvidia-l4",
          "nvidia-l40s",
          "nvidia-t4",
          "nvidia-a10g",
          "amd-mi300x",
          "google-tpu-v4",
          "google-tpu-v5e",
          "google-tpu-v5p",
          "aws-inferentia2",
          "aws-trainium2",
          "intel-xeon-8480",
          "amd-epyc-9654",
          "nvidia-jetson-agx-orin-64gb",
          "nvidia-jetson-orin-nano-8gb",
          "raspberry-pi-5",
          "google-coral-edgetpu",
          "apple-m2",
          "nvidia-a100-pcie-80gb",
          "nvidia-h100-nvl-94gb",
          "nvidia-a30",
          "nvidia-l40",
          "nvidia-h20",
          "nvidia-rtx-6000-ada",
          "nvidia-rtx-pro-6000-blackwell",
          "nvidia-b300",
          "nvidia-gb300",
          "amd-mi355x",
          "intel-gaudi2",
          "aws-inferentia1",
          "nvidia-jetson-orin-nx-16gb",
          "intel-xeon-6980p",
          "intel-xeon-8592",
          "qualcomm-cloud-ai-100-pro",
          "hailo-8",
          "apple-m1",
          "apple-m1-max",
          "apple-m2-ultra",
          "apple-m3-max",
          "nvidia-h200-nvl-141gb");

  static Catalog<HardwareProfile> catalog;

  @BeforeAll
  static void load() {
    catalog = HardwareCatalog.shipped();
  }

  @Test
  void everyShippedProfileLoadsWithoutProblems() {
    assertThat(catalog.problems()).isEmpty();
  }

  @Test
  void holdsAtLeastThirtyProfiles() {
    assertThat(catalog.size()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void holdsEveryRequiredId() {
    assertThat(catalog.ids()).containsAll(REQUIRED_IDS);
  }

  static List<String> requiredIds() {
    return REQUIRED_IDS;
  }

  @ParameterizedTest
  @MethodSource("requiredIds")
  void everyProfileHasSourcesPricesAndPositivePeaks(String id) {
    HardwareProfile profile = catalog.get(id);
    assertThat(profile.sources()).isNotEmpty();
    assertThat(profile.prices()).isNotEmpty();
    assertThat(profile.priceFor(PricingTier.ON_DEMAND).perDevice().dollarsPerHour()).isPositive();
    assertThat(profile.peaks().values())
        .allSatisfy(rate -> assertThat(rate.flopPerSecond()).isPositive());
    assertThat(profile.memory().bandwidth().bytesPerSecond()).isPositive();
  }

  @Test
  void everyShippedProfileNamesItsDeviceClass() {
    assertThat(catalog.ids())
        .allSatisfy(
            id ->
                assertThat(catalog.get(id).deviceClass())
                    .as(id)
                    .isNotEqualTo(DeviceClass.UNCLASSIFIED));
  }

  @Test
  void h100SxmMatchesItsDatasheet() {
    HardwareProfile h100 = catalog.get("nvidia-h100-sxm-80gb");
    assertThat(h100.kind()).isEqualTo(HardwareKind.GPU);
    assertThat(h100.requirePeak(Precision.BF16).teraflops()).isCloseTo(989.4, Offset.offset(1.0));
    assertThat(h100.requirePeak(Precision.FP8).teraflops()).isCloseTo(1978.9, Offset.offset(2.0));
    assertThat(h100.memory().bandwidth().gigabytesPerSecond()).isCloseTo(3350, Offset.offset(1.0));
    assertThat(h100.interconnect().intraNode())
        .hasValueSatisfying(link -> assertThat(link.inNetworkReduction()).isTrue());
  }

  @Test
  void a100HasNoFp8() {
    assertThat(catalog.get("nvidia-a100-sxm-80gb").peak(Precision.FP8)).isEmpty();
  }
}
