package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.model.Layer;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;

/** The kernels of a layered model (CNN, recommender, GEMM) for one batch on one device. */
public final class LayerCosts {
  private LayerCosts() {}

  /**
   * @param stack the model's layers
   * @param plan numeric formats
   * @param batch samples in the batch
   * @param deviceResidentTableFraction share of embedding-table bytes held in device memory; the
   *     rest is gathered from host memory over the host link (1 when everything fits)
   */
  public static KernelPlan forBatch(
      LayerStack stack, PrecisionPlan plan, double batch, double deviceResidentTableFraction) {
    return forBatch(stack, plan, batch, deviceResidentTableFraction, false);
  }

  /**
   * As {@link #forBatch(LayerStack, PrecisionPlan, double, double)}; with {@code weightsCached} the
   * weights count as cacheable too, for a model that runs back to back on a device whose last-level
   * cache holds it (the kernel time model still decides how much fits).
   *
   * <p>Each layer is one kernel over the batch, planned as many times as it runs per sample ({@link
   * Layer#repeats}: denoising steps, time steps): the steps of a batch run together, one after
   * another, and each reads the layer's weights again.
   */
  public static KernelPlan forBatch(
      LayerStack stack,
      PrecisionPlan plan,
      double batch,
      double deviceResidentTableFraction,
      boolean weightsCached) {
    if (!(batch > 0)) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    double items = batch * stack.itemsPerSample();
    double wb = plan.weightBytesPerElement();
    double ab = plan.activations().bytesPerElement();
    List<KernelPlan.Planned<OpCost>> ops = new ArrayList<>();
    for (Layer layer : stack.layers()) {
      ops.add(
          new KernelPlan.Planned<>(
              cost(layer, plan, items, wb, ab, deviceResidentTableFraction, weightsCached),
              layer.repeats()));
    }
    return new KernelPlan(ops, List.of());
  }

  private static OpCost cost(
      Layer layer,
      PrecisionPlan plan,
      double items,
      double wb,
      double ab,
      double residentFraction,
      boolean weightsCached) {
    double activationBytes = items * layer.activationElementsPerSample() * ab;
    if (layer.opClass() == OpClass.GATHER) {
      // Tables are stored in the weight format; only the rows looked up move.
      double gathered = items * layer.gatherElementsPerSample() * wb;
      return new OpCost(
          layer.name(),
          OpClass.GATHER,
          plan.activations(),
          items * layer.vectorFlopPerSample(),
          activationBytes,
          activationBytes,
          gathered * residentFraction,
          gathered * (1 - residentFraction),
          1);
    }
    double weightBytes = layer.params() * wb;
    boolean products = layer.opClass() == OpClass.MATRIX || layer.opClass() == OpClass.ATTENTION;
    double flop =
        products ? 2 * items * layer.macsPerSample() : items * layer.vectorFlopPerSample();
    // Attention multiplies activations by activations: it runs in the activation format, as the
    // transformer kernels do.
    Precision math = layer.opClass() == OpClass.MATRIX ? plan.math() : plan.activations();
    return new OpCost(
        layer.name(),
        layer.opClass(),
        math,
        flop,
        weightBytes + activationBytes,
        activationBytes + (weightsCached ? weightBytes : 0),
        0,
        0,
        1);
  }

  /** Bytes of the weights (embedding tables included). */
  public static double weightBytes(LayerStack stack, PrecisionPlan plan) {
    return stack.parameterCount() * plan.weightBytesPerElement();
  }

  /** Bytes of embedding tables alone. */
  public static double tableBytes(LayerStack stack, PrecisionPlan plan) {
    return stack.layers().stream()
            .filter(l -> l.opClass() == OpClass.GATHER)
            .mapToDouble(Layer::params)
            .sum()
        * plan.weightBytesPerElement();
  }
}
