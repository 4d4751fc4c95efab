package dev.blueprint.edge.cli;

import dev.blueprint.edge.shipped.ShippedModel;
import dev.blueprint.edge.shipped.ShippedModels;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where shipped models are looked up; shared by every command that names a model. */
public final class ModelOptions {
  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      description =
          "Folder of shipped models (default: $BLUEPRINT_EDGE_MODELS, else models/edge, else the class path).")
  Path modelsDir;

  public Optional<Path> folder() {
    return modelsDir != null ? Optional.of(modelsDir) : ShippedModels.defaultFolder();
  }

  public ShippedModel named(String name) {
    return ShippedModels.named(name, folder());
  }
}
