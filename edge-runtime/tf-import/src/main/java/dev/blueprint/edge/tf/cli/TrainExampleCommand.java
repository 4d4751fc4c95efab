package dev.blueprint.edge.tf.cli;

import dev.blueprint.edge.tf.ExampleModel;
import dev.blueprint.edge.tf.ExamplePackager;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code train-example fashion-cnn|wisdm-mlp}: trains, imports, quantizes and writes a shipped
 * model folder.
 */
@Command(
    name = "train-example",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an example model with TensorFlow on the real data, saves the SavedModel, imports it, "
          + "quantizes it to int8 and writes the folder the edge runtime ships: the .bpm files, held-out "
          + "samples with their licence notice, and model.yaml with the measured accuracy.",
      "Deterministic for a given seed on the same TensorFlow build."
    })
public final class TrainExampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "fashion-cnn or wisdm-mlp")
  String model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "../shared/data",
      description =
          "the folder holding fashion-mnist/ and wisdm-har/ (default: ${DEFAULT-VALUE}, from the repository root)")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where to write the model folder (default: models/edge/MODEL)")
  Path out;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "training epochs (default: 10 for both)")
  Integer epochs;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "seed of weights and sample order (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    ExampleModel m;
    try {
      m = ExampleModel.fromLabel(model);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    int n = epochs == null ? m.defaultEpochs() : epochs;
    if (n <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--epochs must be positive, got " + n);
    }
    Path folder = out == null ? Path.of("models", "edge", m.label()) : out;
    PrintWriter w = spec.commandLine().getOut();
    String command =
        String.format(
            Locale.ROOT,
            "blueprint-edge train-example %s --data %s --out %s --epochs %d --seed %d",
            m.label(),
            data,
            folder,
            n,
            seed);
    try {
      ExamplePackager.Summary s =
          ExamplePackager.build(
              m,
              data,
              folder,
              n,
              seed,
              command,
              line -> {
                w.println(line);
                w.flush();
              },
              Clock.systemDefaultZone());
      w.printf(Locale.ROOT, "wrote %s: %s%n", s.folder(), String.join(", ", s.files()));
      w.printf(
          Locale.ROOT,
          "held-out accuracy on %d samples: float %.2f%%, int8 %.2f%%, tensorflow %.2f%%; "
              + "trained in %.0f s%n",
          s.heldOutSamples(),
          100 * s.floatAccuracy(),
          100 * s.int8Accuracy(),
          100 * s.tensorflowAccuracy(),
          s.training().seconds());
      return 0;
    } catch (IllegalArgumentException | UncheckedIOException | IllegalStateException e) {
      spec.commandLine().getErr().println("train-example: " + e.getMessage());
      return 1;
    }
  }
}
