package dev.blueprint.edge.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.TestModelFolder;
import dev.blueprint.edge.cli.EdgeCli;
import dev.blueprint.edge.model.ModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release engineer's model commands, eval and quantize, through blueprint-edge's plugin. */
class ModelCommandsTest {
  @TempDir static Path dir;
  static TestModelFolder models;

  @BeforeAll
  static void shipATestModel() throws Exception {
    models = TestModelFolder.withTinyCnn(dir);
  }

  static TestModelFolder.Result run(String... args) {
    return models.run(List.of("eval", "quantize"), EdgeCli::run, args);
  }

  @Test
  void evalReportsFloatAndInt8AccuracyAsFractions() throws Exception {
    TestModelFolder.Result r = run("eval", "--model", "wisdm-mlp", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("samples").asInt()).isEqualTo(1041);
    double f = doc.get("float_accuracy").asDouble();
    double q = doc.get("int8_accuracy").asDouble();
    assertThat(f).isBetween(0.6, 0.8);
    assertThat(Math.abs(f - q)).isLessThanOrEqualTo(0.01);
    assertThat(run("eval", "--model", "tiny-cnn").err())
        .contains("tiny-cnn ships no held-out data; give --data");
  }

  @Test
  void quantizeWritesAnInt8ModelAndItsLayerReport() throws Exception {
    Path out = dir.resolve("wisdm-int8.bpm");
    TestModelFolder.Result r =
        run(
            "quantize",
            "--model",
            "wisdm-mlp",
            "--calibration",
            "percentile:99.99",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("dense1", "SQNR dB", "top-1 agreement", "calibrating on half");
    assertThat(ModelFile.read(out).isQuantized()).isTrue();
    assertThat(
            run(
                    "quantize",
                    "--model",
                    "wisdm-mlp",
                    "--calibration",
                    "median",
                    "--out",
                    out.toString())
                .err())
        .contains("calibration 'median' is not one of minmax, percentile, percentile:P");
  }
}
