package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {
  static final String MY_GPU =
      """
        id: my-gpu
        name: Mine
        kind: gpu
        vendor: Me
        sources:
          me: "measured"
        compute:
          source: me
          bf16: 100TFLOPS
        memory:
          source: me
          capacity: 24GB
          bandwidth: 1TB/s
        power:
          source: me
          tdp: 300W
        prices:
          - {provider: Me, offer: box, read_on: 2026-01-01, source: me, purchase: $2000, amortize_years: 3}
        """;

  @TempDir Path empty;

  @Test
  void listsEveryHardwareProfileAsATable() {
    CliRun run = CliRun.of("catalog", "hardware", "--hardware-dir", empty.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("nvidia-h100-sxm-80gb")
        .contains("google-coral-edgetpu")
        .contains("FP8 TF");
  }

  @Test
  void csvHasAHeaderAndTheIdFirst() {
    CliRun run =
        CliRun.of("catalog", "hardware", "--format", "csv", "--hardware-dir", empty.toString());
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).startsWith("id,kind,name,");
    assertThat(lines.length).isGreaterThanOrEqualTo(31);
    assertThat(lines[1]).matches("^[a-z0-9.-]+,.*");
  }

  @Test
  void modelsAsJson() throws Exception {
    CliRun run =
        CliRun.of("catalog", "models", "--format", "json", "--models-dir", empty.toString());
    JsonNode root = new ObjectMapper().readTree(run.out());
    JsonNode rows = root.get("model_profiles");
    assertThat(rows.size()).isGreaterThanOrEqualTo(25);
    JsonNode llama = null;
    for (JsonNode row : rows) {
      if (row.get("id").asText().equals("llama-3.1-8b")) {
        llama = row;
      }
    }
    assertThat(llama).isNotNull();
    assertThat(llama.get("params_b").asDouble()).isBetween(8.0, 8.06);
  }

  @Test
  void modelsCsvHasTheIdFirst() {
    CliRun run =
        CliRun.of("catalog", "models", "--format", "csv", "--models-dir", empty.toString());
    assertThat(run.out()).startsWith("id,family,");
  }

  @Test
  void oneHardwareProfileInFullWithPricesAndSources() {
    CliRun run =
        CliRun.of(
            "catalog", "hardware", "nvidia-h100-sxm-80gb", "--hardware-dir", empty.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("dense peak fp8")
        .contains("1,978.9 TFLOP/s")
        .contains("p5.48xlarge")
        .contains("matrix_max")
        .contains("Sources")
        .contains("read from hardware-profiles/nvidia-h100-sxm-80gb.yaml");
  }

  @Test
  void oneModelInFullWithItsLayers() {
    CliRun run = CliRun.of("catalog", "models", "resnet-50", "--models-dir", empty.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("layer4.2.conv3")
        .contains("multiply-accumulates per sample")
        .contains("4.089");
  }

  @Test
  void anUnknownIdInTheCatalogIsAnErrorWithSuggestions() {
    CliRun run = CliRun.of("catalog", "hardware", "h100", "--hardware-dir", empty.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown hardware profile 'h100'; did you mean 'nvidia-h100-");
  }

  @Test
  void aBrokenUserProfileIsReportedWithFileLineAndFieldAndTheRestStillLoads() throws Exception {
    Files.writeString(empty.resolve("my-gpu.yaml"), MY_GPU.replace("100TFLOPS", "100TFLOP"));
    CliRun run = CliRun.of("catalog", "hardware", "--hardware-dir", empty.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains(
            "my-gpu.yaml:9:9: field 'compute.bf16': expected a compute rate such as 989TFLOPS");
    assertThat(run.out()).doesNotContain("my-gpu").contains("nvidia-t4");
  }

  @Test
  void aUserProfileAppearsMarkedAsUser() throws Exception {
    Files.writeString(empty.resolve("my-gpu.yaml"), MY_GPU);
    CliRun run =
        CliRun.of("catalog", "hardware", "--format", "csv", "--hardware-dir", empty.toString());
    assertThat(run.out()).containsPattern("(?m)^my-gpu,gpu,Mine,.*,user$");
  }
}
