package dev.blueprint.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.TestModelFolder;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, on a model folder made from the test graphs. */
class EdgeCliTest {
  @TempDir static Path dir;
  static TestModelFolder models;

  @BeforeAll
  static void shipATestModel() throws Exception {
    models = TestModelFolder.withTinyCnn(dir);
  }

  static TestModelFolder.Result run(String... args) {
    return models.run(List.of("models", "infer", "bench"), EdgeCli::run, args);
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String command : new String[] {"models", "infer", "bench", "bench-train", "probe"}) {
      StringWriter out = new StringWriter();
      int code =
          EdgeCli.run(
              new String[] {command, "--help"},
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true));
      assertThat(code).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: blueprint-edge " + command);
    }
  }

  @Test
  void modelsAsCsvStartWithAHeaderAndTheName() {
    TestModelFolder.Result r = run("models", "--format", "csv");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).startsWith("model,");
    // The shipped models on the class path are listed too; the folder's is among them.
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("tiny-cnn,"));
  }

  @Test
  void inferReadsNumbersAndNamesTheTopClass() throws Exception {
    float[] image = TestGraphs.images(5, 1).get(0).floats();
    StringBuilder csv = new StringBuilder();
    for (float v : image) {
      csv.append(csv.length() == 0 ? "" : ",").append(v);
    }
    Path input = Files.writeString(dir.resolve("one.csv"), csv);
    TestModelFolder.Result r =
        run("infer", "--model", "tiny-cnn", "--input", input.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("predictions")).hasSize(1);
    assertThat(doc.get("predictions").get(0).get(0).get("label").asText())
        .isIn("a", "b", "c", "d", "e");
  }

  @Test
  void aUsageErrorExitsWithTwoAndARefusedInputWithOne() {
    TestModelFolder.Result usage = run("infer", "--model", "tiny-cnn", "--no-such-option");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--no-such-option");
    TestModelFolder.Result refused = run("infer", "--model", "no-such-model", "--input", "x.csv");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).startsWith("blueprint-edge: error: ");
  }

  @Test
  void badInputGetsAReasonNotAStackTrace() throws Exception {
    Path shortInput = Files.writeString(dir.resolve("short.csv"), "1,2,3");
    TestModelFolder.Result r =
        run("infer", "--model", "tiny-cnn", "--input", shortInput.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("blueprint-edge: error: ")
        .contains("has 3 numbers; the model takes 432 per sample")
        .doesNotContain("Exception");

    Path word = Files.writeString(dir.resolve("word.csv"), "1,2\n3,x4");
    assertThat(run("infer", "--model", "tiny-cnn", "--input", word.toString()).err())
        .contains("word.csv:2:3: 'x4' is not a number");

    Path nan = Files.writeString(dir.resolve("nan.csv"), "NaN,".repeat(431) + "1");
    assertThat(run("infer", "--model", "tiny-cnn", "--input", nan.toString()).err())
        .contains("NaN at index 0");

    assertThat(run("infer", "--model", "nope", "--input", nan.toString()).err())
        .contains("no shipped model 'nope'; known: ")
        .contains("tiny-cnn");

    Path broken = Files.createDirectories(dir.resolve("broken/bad"));
    Files.write(broken.resolve("bad.bpm"), new byte[] {1, 2, 3});
    Files.writeString(broken.resolve("model.yaml"), "name: bad\nfloat: bad.bpm\nint8: bad.bpm\n");
    StringWriter err = new StringWriter();
    int code =
        EdgeCli.run(
            new String[] {
              "infer",
              "--model",
              "bad",
              "--models-dir",
              dir.resolve("broken").toString(),
              "--input",
              nan.toString()
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("bad.bpm: not a Blueprint model file");
  }

  @Test
  void benchReportsEveryBackEndInJson() throws Exception {
    TestModelFolder.Result r =
        run(
            "bench",
            "--model",
            "tiny-cnn",
            "--batch",
            "4",
            "--seconds",
            "0.2",
            "--warmup",
            "0.1",
            "--backend",
            "java-float,java-int8",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    for (String b : List.of("java-float", "java-int8")) {
      JsonNode row = doc.get("backends").get(b);
      assertThat(row.get("p50_ms").asDouble()).isPositive();
      assertThat(row.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(row.get("p50_ms").asDouble());
      assertThat(row.get("throughput").asDouble()).isPositive();
    }
    assertThat(run("bench", "--model", "tiny-cnn", "--backend", "cuda").err())
        .contains("no back end 'cuda'");
  }

  @Test
  void probeWritesAProfileTheSimulatorReads() throws Exception {
    Path out = dir.resolve("probe/test-box.yaml");
    TestModelFolder.Result r = run("probe", "--quick", "--out", out.toString(), "--id", "test-box");
    assertThat(r.code()).as(r.err()).isZero();
    var profile = HardwareProfileParser.parse(Files.readString(out), out.toString());
    assertThat(profile.id()).isEqualTo("test-box");
    assertThat(profile.peaks()).isNotEmpty();
    assertThat(r.out()).contains("fp32 peak", "int8 GEMM");
    assertThat(run("probe", "--id", "Bad Id").err()).contains("--id must be lower-case");
    assertThat(run("probe", "--id", "a", "--out", dir.resolve("b.yaml").toString()).err())
        .contains("disagree");
  }
}
