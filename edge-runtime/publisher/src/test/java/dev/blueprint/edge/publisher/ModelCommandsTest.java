package dev.blueprint.edge.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.cli.EdgeCli;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release engineer's model commands, eval and quantize, through blueprint-edge's plugin. */
class ModelCommandsTest {
  @TempDir static Path dir;
  static Path models;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void shipATestModel() throws Exception {
    models = dir.resolve("models");
    Path m = Files.createDirectories(models.resolve("tiny-cnn"));
    Graph f = TestGraphs.cnn(3);
    Graph q =
        Quantizer.quantize(
                f,
                TestGraphs.batches(s -> TestGraphs.images(s, 8), 4),
                List.of(),
                CalibrationMethod.minMax())
            .graph();
    ModelFile.write(f, m.resolve("tiny-cnn.bpm"));
    ModelFile.write(q, m.resolve("tiny-cnn-int8.bpm"));
    Files.writeString(
        m.resolve("model.yaml"),
        """
        name: tiny-cnn
        task: test classifier, 5 classes
        dataset: random
        labels: [a, b, c, d, e]
        float: tiny-cnn.bpm
        int8: tiny-cnn-int8.bpm
        """);
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--models-dir";
    all[args.length + 1] = models.toString();
    boolean takesModels = args.length > 0 && List.of("eval", "quantize").contains(args[0]);
    int code =
        EdgeCli.run(
            takesModels ? all : args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** The shipped wisdm-mlp on its shipped held-out users: int8 within a point of float. */
  @Test
  void evalReportsFloatAndInt8AccuracyAsFractions() throws Exception {
    Result r = run("eval", "--model", "wisdm-mlp", "--format", "json");
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
    Result r =
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
