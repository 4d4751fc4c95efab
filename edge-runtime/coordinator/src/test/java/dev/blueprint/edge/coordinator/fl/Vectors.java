package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.TensorShape;
import java.util.List;

/** Small layouts and updates for the server-side tests. */
final class Vectors {
  private Vectors() {}

  /** One tensor of {@code n} values. */
  static ParameterLayout layout(int n) {
    return ParameterLayout.of(List.of("w"), List.of(TensorShape.of(n)));
  }

  static Weights w(float... values) {
    return Weights.of(layout(values.length), values);
  }

  static ClientUpdate update(String id, long samples, float... values) {
    return new ClientUpdate(id, w(values), samples);
  }
}
