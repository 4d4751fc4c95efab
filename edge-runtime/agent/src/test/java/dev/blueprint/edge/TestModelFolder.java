package dev.blueprint.edge;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A models folder holding one small model, {@code tiny-cnn} (float and int8, five classes), as the
 * command line finds shipped models, and a runner that points the model commands at it.
 */
public final class TestModelFolder {
  /** What a command printed and returned. */
  public record Result(int code, String out, String err) {}

  private final Path models;

  private TestModelFolder(Path models) {
    this.models = models;
  }

  /** Writes {@code dir/models/tiny-cnn/} and returns the folder. */
  public static TestModelFolder withTinyCnn(Path dir) throws IOException {
    Path models = dir.resolve("models");
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
    return new TestModelFolder(models);
  }

  public Path path() {
    return models;
  }

  /**
   * Runs a command line ({@code cli} is {@code EdgeCli::run} in effect), adding {@code
   * --models-dir} to the commands listed in {@code takingModels}.
   */
  public Result run(List<String> takingModels, CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--models-dir";
    all[args.length + 1] = models.toString();
    boolean takes = args.length > 0 && takingModels.contains(args[0]);
    int code = cli.run(takes ? all : args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** A command line entry point: arguments and the two streams in, the exit code out. */
  @FunctionalInterface
  public interface CommandLine {
    int run(String[] args, PrintWriter out, PrintWriter err);
  }
}
