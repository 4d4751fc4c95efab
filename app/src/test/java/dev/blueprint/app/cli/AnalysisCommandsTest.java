package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.simulator.hardware.DeviceClass;
import dev.blueprint.simulator.validate.Confidence;
import dev.blueprint.simulator.validate.ConfidenceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisCommandsTest {
  @TempDir Path dir;

  @Test
  void rooflinePrintsOneRowPerLayerAndDrawsTheChart() throws Exception {
    Path png = dir.resolve("charts/roofline.png");
    CliRun run =
        CliRun.of(
            "roofline",
            "--model",
            "resnet-50",
            "--hardware",
            "nvidia-t4",
            "--precision",
            "int8",
            "--batch",
            "32",
            "--chart",
            png.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("layer4.2.conv3")
        .contains("compute")
        .contains("memory")
        .contains("latency per batch");
    var image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(650);
  }

  @Test
  void rooflineJsonHasTheLayers() throws Exception {
    CliRun run =
        CliRun.of(
            "roofline",
            "--model",
            "bert-base",
            "--hardware",
            "nvidia-l4",
            "--precision",
            "fp16",
            "--batch",
            "8",
            "--seq",
            "128",
            "--format",
            "json");
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("latency_ms").asDouble()).isPositive();
    assertThat(root.get("per_layer").size()).isGreaterThan(5);
    JsonNode trust = root.get("confidence");
    assertThat(trust.get("class").asText()).isEqualTo("nvidia-ada");
    assertThat(trust.get("rows").asInt())
        .isEqualTo(ConfidenceTable.shipped().forClass(DeviceClass.NVIDIA_ADA).rows());
    assertThat(trust.get("median_error_pct").isNumber()).isTrue();
    assertThat(trust.get("bias_pct").isNumber()).isTrue();
  }

  @Test
  void theTrustLineNamesTheDeviceClassAndItsValidation() throws Exception {
    CliRun run =
        CliRun.of(
            "roofline",
            "--model",
            "resnet-50",
            "--hardware",
            "apple-m2",
            "--precision",
            "fp32",
            "--batch",
            "1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Confidence apple = ConfidenceTable.shipped().forClass(DeviceClass.APPLE_SILICON);
    assertThat(run.out()).contains("trust: " + apple.statement());
    assertThat(apple.statement()).contains("Apple silicon");
  }

  @Test
  void llmReportsLatencyThroughputCapacityAndCost() throws Exception {
    CliRun run =
        CliRun.of(
            "llm",
            "--model",
            "llama-3.1-70b",
            "--hardware",
            "nvidia-h100-sxm-80gb",
            "--count",
            "8",
            "--tp",
            "8",
            "--precision",
            "fp8",
            "--input",
            "1024",
            "--output",
            "256",
            "--concurrency",
            "64",
            "--format",
            "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("ttft_ms").asDouble()).isBetween(10.0, 5000.0);
    assertThat(root.get("tpot_ms").asDouble()).isBetween(5.0, 200.0);
    assertThat(root.get("output_tokens_per_s").asDouble()).isPositive();
    assertThat(root.get("concurrency").asInt()).isEqualTo(64);
    assertThat(root.get("kv_cache_tokens").asDouble()).isGreaterThan(1e5);
    assertThat(root.get("usd_per_million_output_tokens").asDouble()).isPositive();
    assertThat(root.get("confidence").get("class").asText()).isEqualTo("nvidia-hopper");
    assertThat(root.get("confidence").get("validated").asBoolean()).isTrue();
  }

  @Test
  void llmTakesAnEngineAndADatasetsLengths() throws Exception {
    CliRun run =
        CliRun.of(
            "llm",
            "--model",
            "llama-3.1-8b",
            "--hardware",
            "nvidia-h100-sxm-80gb",
            "--precision",
            "fp8",
            "--input",
            "222",
            "--output",
            "294",
            "--engine",
            "tgi",
            "--lengths",
            "mlperf-openorca");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("TGI")
        .contains("max-sequences (TGI default 128)")
        .contains("request lengths vary as in mlperf-openorca");
  }

  @Test
  void trainReportsTimeMemoryMfuAndCost() throws Exception {
    CliRun run =
        CliRun.of(
            "train",
            "--model",
            "llama-3.1-8b",
            "--hardware",
            "nvidia-h100-sxm-80gb",
            "--count",
            "64",
            "--tokens",
            "1T",
            "--tp",
            "1",
            "--seq",
            "8192",
            "--format",
            "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("mfu_pct").asDouble()).isBetween(20.0, 80.0);
    assertThat(root.get("train_days").asDouble()).isBetween(1.0, 100.0);
    assertThat(root.get("checkpoint_interval_min").asDouble()).isPositive();
    assertThat(root.get("usd_total").asDouble()).isPositive();
    assertThat(root.get("confidence").get("class").asText()).isEqualTo("nvidia-hopper");
  }

  @Test
  void trainingThatDoesNotFitIsAnErrorWithAdvice() {
    CliRun run =
        CliRun.of(
            "train",
            "--model",
            "llama-3.1-70b",
            "--hardware",
            "nvidia-a100-sxm-80gb",
            "--count",
            "8",
            "--tokens",
            "1B",
            "--zero",
            "0");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("does not fit").contains("--zero 3");
  }

  @Test
  void badTrainingOptionsNameTheOption() {
    String[] base = {
      "train",
      "--model",
      "llama-3.1-8b",
      "--hardware",
      "nvidia-h100-sxm-80gb",
      "--count",
      "8",
      "--tokens",
      "1T"
    };
    for (String[] extra :
        new String[][] {
          {"--tp", "0"},
          {"--seq", "0"},
          {"--micro-batch", "0"},
          {"--zero", "4"},
          {"--checkpoint-bandwidth", "0GB/s"},
          {"--device-mtbf", "0h"}
        }) {
      String[] args =
          Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", extra)).isEqualTo(1);
      assertThat(run.err()).as(String.join(" ", extra)).startsWith("blueprint: error: " + extra[0]);
    }
  }

  @Test
  void aJobThatFailsFasterThanItCheckpointsIsRefused() {
    CliRun run =
        CliRun.of(
            "train",
            "--model",
            "llama-3.1-8b",
            "--hardware",
            "nvidia-h100-sxm-80gb",
            "--count",
            "100000",
            "--tokens",
            "1T",
            "--device-mtbf",
            "1h");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the job would not progress");
  }

  @Test
  void anUnknownModelIsAnErrorWithSuggestions() {
    CliRun run =
        CliRun.of(
            "llm",
            "--model",
            "llama-3-8b",
            "--hardware",
            "nvidia-h100-sxm-80gb",
            "--precision",
            "fp8",
            "--input",
            "128",
            "--output",
            "128");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("blueprint: error: unknown model 'llama-3-8b'; did you mean")
        .contains("llama-3.1-8b");
  }

  @Test
  void aModelThatDoesNotFitIsAnError() {
    CliRun run =
        CliRun.of(
            "llm",
            "--model",
            "llama-3.1-405b",
            "--hardware",
            "nvidia-l4",
            "--precision",
            "fp8",
            "--input",
            "128",
            "--output",
            "128");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("does not fit: llama-3.1-405b");
  }

  @Test
  void anUnsupportedPrecisionIsAnError() {
    CliRun run =
        CliRun.of(
            "roofline", "--model", "resnet-50", "--hardware", "nvidia-t4", "--precision", "fp8");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("nvidia-t4 has no fp8 compute; it supports");
  }

  @Test
  void aBadPrecisionNameIsAUsageError() {
    CliRun run =
        CliRun.of(
            "roofline", "--model", "resnet-50", "--hardware", "nvidia-t4", "--precision", "fp12");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown precision 'fp12'");
  }

  @Test
  void missingRequiredOptionsAreUsageErrors() {
    CliRun run = CliRun.of("llm", "--model", "llama-3.1-8b");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required options");
  }

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.out())
        .contains("catalog")
        .contains("roofline")
        .contains("llm")
        .contains("train")
        .contains("validate");
  }

  @Test
  void chartToAnUnwritablePathIsAnError() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    CliRun run =
        CliRun.of(
            "roofline",
            "--model",
            "resnet-50",
            "--hardware",
            "nvidia-t4",
            "--precision",
            "int8",
            "--chart",
            file.resolve("sub/chart.png").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot write chart");
  }
}
