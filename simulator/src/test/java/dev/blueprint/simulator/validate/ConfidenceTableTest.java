package dev.blueprint.simulator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.hardware.DeviceClass;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfidenceTableTest {
  static final String HEADER = String.join(",", MeasurementCsv.COLUMNS) + "\n";

  static ValidationResult result(String id, String hardware, double measured, double predicted) {
    String row =
        id
            + ","
            + hardware
            + ",1,resnet-50,int8,offline,,,,,,,,throughput,"
            + measured
            + ",samples/s,MLPerf Inference v4.1 closed "
            + (id.startsWith("D") ? "Dell" : "NVIDIA")
            + " "
            + id;
    Measurement m = MeasurementCsv.parse(HEADER + row + "\n", "t.csv").get(0);
    return ValidationResult.predicted(m, predicted, "");
  }

  static Optional<DeviceClass> hopperOrAda(String id) {
    return Optional.of(id.contains("h100") ? DeviceClass.NVIDIA_HOPPER : DeviceClass.NVIDIA_ADA);
  }

  @Test
  void summarisesEachClassByMedianErrorBiasAndPublishers() {
    ConfidenceTable table =
        ConfidenceTable.of(
            List.of(
                result("A", "nvidia-h100-sxm-80gb", 100, 110),
                result("B", "nvidia-h100-sxm-80gb", 200, 180),
                result("D1", "nvidia-h100-sxm-80gb", 150, 195),
                result("C", "nvidia-l4", 100, 95)),
            ConfidenceTableTest::hopperOrAda,
            Publishers.shipped());
    Confidence hopper = table.forClass(DeviceClass.NVIDIA_HOPPER);
    assertThat(hopper.rows()).isEqualTo(3);
    assertThat(hopper.medianAbsErrorPercent()).isEqualTo(10.0);
    assertThat(hopper.biasPercent()).isEqualTo(10.0);
    assertThat(hopper.publishers()).containsExactly("Dell", "NVIDIA");
    assertThat(hopper.statement())
        .isEqualTo(
            "validated: 3 published results for NVIDIA Hopper (2 publishers), median error 10 %,"
                + " bias +10 % (few rows: a rough guide)");
    assertThat(table.forClass(DeviceClass.GOOGLE_TPU).statement())
        .startsWith("not validated: no published result for Google TPU");
  }

  @Test
  void theSameFigureInTwoSetsCountsOnce() {
    ConfidenceTable table =
        ConfidenceTable.of(
            List.of(result("A", "nvidia-l4", 100, 110), result("A2", "nvidia-l4", 100, 110)),
            ConfidenceTableTest::hopperOrAda,
            Publishers.shipped());
    assertThat(table.forClass(DeviceClass.NVIDIA_ADA).rows()).isEqualTo(1);
  }

  @Test
  void rowsWithoutAPublisherRuleCountAsOneUnnamedPublisher() {
    String row = "Z,nvidia-l4,1,resnet-50,int8,offline,,,,,,,,throughput,1,samples/s,a blog";
    Measurement m = MeasurementCsv.parse(HEADER + row + "\n", "t.csv").get(0);
    ConfidenceTable table =
        ConfidenceTable.of(
            List.of(ValidationResult.predicted(m, 1, "")),
            ConfidenceTableTest::hopperOrAda,
            Publishers.shipped());
    assertThat(table.forClass(DeviceClass.NVIDIA_ADA).publishers())
        .containsExactly(ConfidenceTable.UNNAMED_PUBLISHER);
  }

  @Test
  void theCsvFormReadsBackAndBadLinesNameTheirPlace() {
    ConfidenceTable table =
        ConfidenceTable.of(
            List.of(result("A", "nvidia-l4", 100, 120)),
            ConfidenceTableTest::hopperOrAda,
            Publishers.shipped());
    assertThat(ConfidenceTable.parse(table.toCsv(), "c.csv").toCsv()).isEqualTo(table.toCsv());
    assertThatThrownBy(
            () ->
                ConfidenceTable.parse(
                    ConfidenceTable.HEADER + "\nnvidia-tpu,1,0,1,1,1,X\n", "c.csv"))
        .hasMessageContaining("c.csv:2: expected one of");
  }

  @Test
  void theShippedTableNamesOnlyKnownClasses() {
    assertThat(ConfidenceTable.shipped().classes()).isNotEmpty();
    assertThat(ConfidenceTable.shipped().forClass(DeviceClass.NVIDIA_HOPPER).validated()).isTrue();
  }

  @Test
  void publishersComeFromTheSubmitterOfAnMlperfResult() {
    assertThat(Publishers.shipped().of("MLPerf Inference v4.1 closed AMD 8xMI300X llama2-70b"))
        .contains("AMD");
    assertThat(Publishers.shipped().of("TensorRT-LLM 0.17 perf-overview")).contains("NVIDIA");
    assertThat(Publishers.shipped().of("somebody's blog")).isEmpty();
  }
}
