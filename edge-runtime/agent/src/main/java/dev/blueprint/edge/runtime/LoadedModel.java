package dev.blueprint.edge.runtime;

import dev.blueprint.edge.model.Graph;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One model in the forms the back ends need: the float graph, its int8 quantization, and the
 * TensorFlow SavedModel it came from (the float reference; absent on devices).
 */
public record LoadedModel(
    String name, Graph floatGraph, Optional<Graph> int8Graph, Optional<Path> savedModel) {
  public LoadedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(floatGraph, "floatGraph");
    Objects.requireNonNull(int8Graph, "int8Graph");
    Objects.requireNonNull(savedModel, "savedModel");
  }
}
