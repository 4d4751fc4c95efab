package dev.blueprint.edge.publisher;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.SampleInputs;
import dev.blueprint.edge.runtime.Tensor;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The health check a model bundle carries ({@code golden.json}): the model's own outputs on seeded
 * random inputs, with the tolerance and latency budget a device checks them against after the
 * switch. {@code bundle golden} and {@link ModelBundles} both compute it here, so a bundle made in
 * one step carries the same check as one made by hand.
 */
public final class GoldenOutputs {
  private GoldenOutputs() {}

  /**
   * The seed of the golden inputs: fixed, so the same model always gets the same golden.json and
   * two publishers of one release produce identical bundles.
   */
  static final long SEED = 42;

  /** How often a device runs the golden inputs after the switch (the p99 is taken over these). */
  static final int ROUNDS = 20;

  /** What a golden check asks; {@link #DEFAULTS} are {@code bundle golden}'s defaults. */
  public record Settings(int samples, double tolerance, TimeSpan latencyBudget) {
    /** 8 inputs, outputs within 1e-5, a p99 under 50 ms. */
    public static final Settings DEFAULTS = new Settings(8, 1e-5, TimeSpan.parse("50ms"));

    /**
     * @throws IllegalArgumentException for fewer than one sample (a device refuses a golden.json
     *     without inputs), or a tolerance that is negative or not finite
     */
    public Settings {
      if (samples < 1) {
        throw new IllegalArgumentException(
            "golden samples must be at least 1 (a device refuses a golden.json without inputs), got "
                + samples);
      }
      if (!Double.isFinite(tolerance) || tolerance < 0) {
        throw new IllegalArgumentException(
            "golden tolerance must be a finite number of at least 0, got " + tolerance);
      }
      if (latencyBudget == null) {
        throw new IllegalArgumentException("golden latency budget is missing");
      }
    }
  }

  /**
   * Runs {@code graph} on {@code settings.samples()} seeded inputs (one at a time, as a device's
   * health check does) and records what it answered.
   *
   * @param graph the model, as the bundle ships it
   * @param modelEntry the model's path inside the bundle (e.g. {@code model.bpm}), which the device
   *     loads
   * @return what golden.json holds; write it with {@link HealthCheck#toJson}
   */
  public static HealthCheck.Golden compute(Graph graph, String modelEntry, Settings settings) {
    Interpreter run = new Interpreter(graph);
    int samples = settings.samples();
    List<Tensor> inputs = SampleInputs.synthetic(graph, samples, SEED);
    List<float[]> in = new ArrayList<>();
    List<float[]> outputs = new ArrayList<>();
    TensorShape one = graph.input(0).shape().withBatch(1);
    float[] all = inputs.get(0).floats();
    int per = graph.input(0).shape().size();
    for (int i = 0; i < samples; i++) {
      float[] x = Arrays.copyOfRange(all, i * per, (i + 1) * per);
      in.add(x);
      outputs.add(run.run(Tensor.of(one, x)).toFloats());
    }
    double budgetMs = settings.latencyBudget().seconds() * 1000;
    return new HealthCheck.Golden(
        modelEntry, in, outputs, settings.tolerance(), budgetMs, ROUNDS, 0);
  }
}
