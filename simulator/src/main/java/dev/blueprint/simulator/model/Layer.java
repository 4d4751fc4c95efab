package dev.blueprint.simulator.model;

import java.util.Objects;

/**
 * One layer of a layered model with what it costs per sample, derived from its shapes when the
 * profile was read.
 *
 * @param name the layer's name in the profile
 * @param op the operator ({@code conv2d}, {@code dense}, ...)
 * @param opClass the hardware units it uses
 * @param params trainable parameters (weights, biases, normalisation scales)
 * @param macsPerSample multiply-accumulates per sample (for vector-class layers such as depthwise
 *     convolutions they are also counted in {@code vectorFlopPerSample}, which is what the
 *     performance model charges them as)
 * @param vectorFlopPerSample element-wise operations per sample
 * @param activationElementsPerSample activation elements read and written per sample
 * @param gatherElementsPerSample table elements gathered per sample (embeddings)
 * @param description the shapes, for tables ({@code 56x56x64 -> 56x56x256 k1x1})
 */
public record Layer(
    String name,
    String op,
    OpClass opClass,
    double params,
    double macsPerSample,
    double vectorFlopPerSample,
    double activationElementsPerSample,
    double gatherElementsPerSample,
    String description) {
  public Layer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(opClass, "opClass");
    Objects.requireNonNull(description, "description");
    for (double v :
        new double[] {
          params,
          macsPerSample,
          vectorFlopPerSample,
          activationElementsPerSample,
          gatherElementsPerSample
        }) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException(
            name + ": layer figures must be finite and not negative");
      }
    }
  }
}
