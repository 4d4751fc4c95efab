package dev.blueprint.simulator.model;

import java.util.Objects;

/**
 * One layer of a layered model with what it costs per sample, derived from its shapes when the
 * profile was read.
 *
 * <p>The figures are for one invocation of the layer on one sample. Most layers run once per
 * sample; a layer that runs several times one after another for each sample (a diffusion UNet's
 * denoising steps, the time steps of a recurrent layer, the patches of a sliding window) says so in
 * {@code repeats}, and its work per sample is the figure times {@code repeats}. Its weights are
 * read again on every invocation unless they stay in cache.
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
 * @param repeats invocations per sample, run one after another (1 for most layers; may be
 *     fractional where it is a dataset average, such as the patches per volume of a sliding window)
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
    String description,
    double repeats) {
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
    if (!(repeats >= 1) || !Double.isFinite(repeats)) {
      throw new IllegalArgumentException(name + ": repeats must be at least 1, got " + repeats);
    }
  }

  /** A layer that runs once per sample. */
  public Layer(
      String name,
      String op,
      OpClass opClass,
      double params,
      double macsPerSample,
      double vectorFlopPerSample,
      double activationElementsPerSample,
      double gatherElementsPerSample,
      String description) {
    this(
        name,
        op,
        opClass,
        params,
        macsPerSample,
        vectorFlopPerSample,
        activationElementsPerSample,
        gatherElementsPerSample,
        description,
        1);
  }

  /** Multiply-accumulates per sample over all invocations. */
  public double totalMacsPerSample() {
    return macsPerSample * repeats;
  }

  /**
   * This layer inside a group that runs {@code repeat} times per sample, each time on {@code batch}
   * copies of the sample (the conditional and unconditional halves of classifier-free guidance, the
   * patches of a sliding window batched together): the work, activations and gathers of one
   * invocation grow by {@code batch}, the invocations by {@code repeat}; the parameters stay.
   *
   * @throws IllegalArgumentException when {@code repeat} or {@code batch} is below 1
   */
  public Layer inGroup(double repeat, double batch) {
    if (!(repeat >= 1) || !(batch >= 1) || !Double.isFinite(repeat) || !Double.isFinite(batch)) {
      throw new IllegalArgumentException(
          name + ": a group's repeat and batch must be at least 1, got " + repeat + ", " + batch);
    }
    return new Layer(
        name,
        op,
        opClass,
        params,
        macsPerSample * batch,
        vectorFlopPerSample * batch,
        activationElementsPerSample * batch,
        gatherElementsPerSample * batch,
        description,
        repeats * repeat);
  }
}
