package dev.blueprint.simulator.model;

import java.util.List;
import java.util.Objects;

/**
 * A model given layer by layer (CNNs, recommendation models, a single GEMM).
 *
 * @param input the shape of one sample's input, or empty text for tabular inputs
 * @param layers in execution order
 * @param itemsPerSample how many items one sample scores (recommendation queries aggregate many
 *     user-item pairs); every per-item layer cost is multiplied by it
 */
public record LayerStack(String input, List<Layer> layers, double itemsPerSample)
    implements ModelStructure {
  public LayerStack {
    Objects.requireNonNull(input, "input");
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a layer stack needs at least one layer");
    }
    if (!(itemsPerSample >= 1) || !Double.isFinite(itemsPerSample)) {
      throw new IllegalArgumentException(
          "itemsPerSample must be at least 1, got " + itemsPerSample);
    }
    layers = List.copyOf(layers);
  }

  @Override
  public double parameterCount() {
    return layers.stream().mapToDouble(Layer::params).sum();
  }

  /** Matrix multiply-accumulates per sample (all items, every invocation of repeated layers). */
  public double macsPerSample() {
    return itemsPerSample * layers.stream().mapToDouble(Layer::totalMacsPerSample).sum();
  }
}
