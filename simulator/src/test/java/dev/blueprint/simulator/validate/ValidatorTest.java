package dev.blueprint.simulator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  static final String HEADER = String.join(",", MeasurementCsv.COLUMNS) + "\n";
  final Validator validator = new Validator(HardwareCatalog.shipped(), ModelCatalog.shipped());

  ValidationResult one(String row) {
    return validator.validate(MeasurementCsv.parse(HEADER + row + "\n", "t.csv").get(0));
  }

  @Test
  void unknownScenariosAreUnsupportedWithAReason() {
    ValidationResult r =
        one("X,nvidia-t4,1,resnet-50,int8,multi-stream,,,,,,,,throughput,100,samples/s,s");
    assertThat(r.supported()).isFalse();
    assertThat(r.unsupportedReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("multi-stream"));
  }

  @Test
  void optionsTheModelsDoNotReadAreNamedBesideThePrediction() {
    ValidationResult r =
        one(
            "X,nvidia-t4,1,resnet-50,int8,offline,,,,,,,microbatch=2;harness=triton,"
                + "throughput,100,samples/s,s");
    assertThat(r.supported()).isTrue();
    assertThat(r.detail())
        .contains("not modelled, ignored: ")
        .contains("microbatch=2; did you mean 'micro_batch'?")
        .contains("harness=triton");
  }

  @Test
  void unknownIdsAreUnsupportedWithSuggestions() {
    ValidationResult r =
        one("X,nvidia-t5,1,resnet-50,int8,offline,,,,,,,,throughput,100,samples/s,s");
    assertThat(r.unsupportedReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("did you mean 'nvidia-t4'"));
  }

  @Test
  void aMetricTheScenarioCannotPredictIsUnsupported() {
    ValidationResult r = one("X,nvidia-t4,1,resnet-50,int8,offline,,,,,,,,power,70,W,s");
    assertThat(r.unsupportedReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("metric 'power'"));
  }

  @Test
  void unsupportedRowsCountAsFailures() {
    ValidationSummary s =
        new ValidationSummary(
            List.of(
                one(
                    "X,nvidia-t4,1,resnet-50,int8,multi-stream,,,,,,,,throughput,100,samples/s,s")));
    assertThat(s.meets(1000, 1000)).isFalse();
  }

  @Test
  void predictsEachScenarioOfTheReferenceFormat() {
    assertThat(
            one("A,nvidia-a100-sxm-80gb,1,gemm-4096x4096x4096,fp16,kernel,,,,,,,,latency,0.5,ms,s")
                .supported())
        .isTrue();
    assertThat(
            one("B,nvidia-a100-sxm-80gb,8,allreduce-1gib,bf16,collective,,,,,,,,bus_bandwidth,200,GB/s,s")
                .supported())
        .isTrue();
    assertThat(
            one("C,nvidia-h100-sxm-80gb,1,llama-3.1-8b,fp8,llm-throughput,,128,128,1,1,,,output_throughput,1000,tokens/s,s")
                .supported())
        .isTrue();
    assertThat(
            one("D,nvidia-t4,1,resnet-50,int8,server,,,,,,15,,throughput,1000,samples/s,s")
                .supported())
        .isTrue();
  }

  @Test
  void pcieCardsWithoutTheirNvlinkBridgeReduceOverPcie() {
    String row =
        "X,nvidia-h100-pcie-80gb,2,allreduce-256mib,bf16,collective,,,,,,,%s,"
            + "bus_bandwidth,30,GB/s,s";
    double bridged = one(String.format(row, "")).predicted().orElseThrow();
    double overPcie = one(String.format(row, "nvlink_bridge=false")).predicted().orElseThrow();
    // The bridge carries 300 GB/s each way; without it the pair shares PCIe Gen5 x16 (64 GB/s
    // each way) at Collectives.PCIE_COLLECTIVE_SHARE.
    assertThat(bridged).isGreaterThan(200);
    assertThat(overPcie).isLessThan(40);
    assertThat(one(String.format(row, "nvlink_bridge=true")).predicted().orElseThrow())
        .isEqualTo(bridged);
  }

  @Test
  void tensorParallelServingWithoutBridgesIsSlower() {
    String row =
        "X,nvidia-h100-pcie-80gb,2,llama-2-70b,fp8,llm-throughput,,1024,256,2,1,,%s,"
            + "output_throughput,1000,tokens/s,s";
    double bridged = one(String.format(row, "")).predicted().orElseThrow();
    double overPcie = one(String.format(row, "nvlink_bridge=false")).predicted().orElseThrow();
    assertThat(overPcie).isLessThan(0.9 * bridged);
  }
}
