package dev.blueprint.edge.tf.cli;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.tf.SavedModelImporter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code import SAVEDMODEL_DIR --out FILE.bpm}: a TensorFlow SavedModel to a float model file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Imports a TensorFlow SavedModel (float32, one input, one output) into a float .bpm model file; "
            + "quantize it afterwards for int8.")
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SAVEDMODEL_DIR",
      description = "the SavedModel folder (holds saved_model.pb)")
  Path dir;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.bpm",
      description = "the model file to write")
  Path out;

  @Option(names = "--name", description = "the model's name (default: the folder's name)")
  String name;

  @Option(
      names = "--signature",
      description = "the signature to import (default: serving_default, or the only one)")
  String signature;

  @Option(
      names = "--labels",
      split = ",",
      paramLabel = "NAME",
      description =
          "class names, comma-separated "
              + "(default: the SavedModel's assets.extra/labels.txt, if any)")
  List<String> labels;

  @Override
  public Integer call() {
    SavedModelImporter.Options options = SavedModelImporter.Options.defaults();
    if (name != null) {
      options = options.withName(name);
    }
    if (signature != null) {
      options = options.withSignature(signature);
    }
    if (labels != null) {
      options = options.withLabels(labels);
    }
    PrintWriter w = spec.commandLine().getOut();
    try {
      Graph g = SavedModelImporter.importModel(dir, options);
      ModelFile.write(g, out);
      String ops =
          g.nodes().stream()
              .collect(
                  Collectors.groupingBy(
                      n -> n.op().label(), LinkedHashMap::new, Collectors.counting()))
              .entrySet()
              .stream()
              .map(e -> e.getValue() + " " + e.getKey())
              .collect(Collectors.joining(", "));
      w.printf(
          Locale.ROOT,
          "imported %s: %s -> %s, %d nodes (%s), %,d weight bytes; wrote %s%n",
          g.name(),
          g.input(0),
          g.output(0),
          g.nodes().size(),
          ops,
          g.weightBytes(),
          out);
      return 0;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      spec.commandLine().getErr().println("import: " + e.getMessage());
      return 1;
    }
  }
}
