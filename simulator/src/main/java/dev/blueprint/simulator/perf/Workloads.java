package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.CollectiveSpec;
import dev.blueprint.simulator.model.Layer;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.model.TransformerArchitecture;
import java.util.ArrayList;
import java.util.List;

/** The kernels of one inference batch of any model, on one device. */
public final class Workloads {
  private Workloads() {}

  /**
   * @param model the model
   * @param plan numeric formats
   * @param batch samples (sequences) in the batch
   * @param sequence tokens per sequence for transformers (ignored for layer stacks)
   * @param residentTableFraction share of embedding tables held in device memory
   */
  public static KernelPlan inferenceBatch(
      ModelProfile model,
      PrecisionPlan plan,
      double batch,
      int sequence,
      double residentTableFraction) {
    return inferenceBatch(model, plan, batch, sequence, residentTableFraction, false);
  }

  /**
   * As above; {@code weightsCached} lets a layered model's weights be served from the last-level
   * cache (see {@link LayerCosts#forBatch(LayerStack, PrecisionPlan, double, double, boolean)}).
   * Transformers are unaffected: their weights do not fit on chip.
   */
  public static KernelPlan inferenceBatch(
      ModelProfile model,
      PrecisionPlan plan,
      double batch,
      int sequence,
      double residentTableFraction,
      boolean weightsCached) {
    if (model.structure() instanceof LayerStack stack) {
      return LayerCosts.forBatch(stack, plan, batch, residentTableFraction, weightsCached);
    }
    if (model.structure() instanceof TransformerArchitecture arch) {
      return switch (arch.stack()) {
        case ENCODER ->
            KernelPlan.of(
                TransformerOps.forward(
                    arch,
                    plan,
                    1,
                    arch.layers(),
                    List.of(TransformerPass.encoder(batch, sequence))));
        case DECODER ->
            KernelPlan.of(
                TransformerOps.forward(
                    arch,
                    plan,
                    1,
                    arch.layers(),
                    List.of(TransformerPass.prefill(batch, sequence))));
        case ENCODER_DECODER ->
            KernelPlan.sequence(
                List.of(
                    TransformerOps.audioEncoder(arch, plan, 1, batch),
                    TransformerOps.decoderWithCrossAttention(
                        arch, plan, 1, List.of(TransformerPass.prefill(batch, sequence)))));
      };
    }
    if (model.structure() instanceof CollectiveSpec) {
      throw new IllegalArgumentException(
          model.id()
              + " is a collective, not a model to run in batches; use it with a device count");
    }
    throw new IllegalStateException("unknown structure " + model.structure());
  }

  /**
   * The kernels of one batch on {@code hardware}: {@link #inferenceBatch} and, on a device whose
   * memory is on-chip SRAM ({@code memory.on_chip}), one transfer over the host link per batch
   * carrying the inputs, the outputs and the weights that do not fit in the SRAM, which the
   * compiler streams from host memory on every inference (Coral's "parameter data caching": only
   * the part of the model that fits stays on chip).
   */
  public static KernelPlan onDevice(
      KernelPlan kernels,
      ModelProfile model,
      PrecisionPlan plan,
      double batch,
      int sequence,
      HardwareProfile hardware) {
    if (!hardware.memory().onChip()) {
      return kernels;
    }
    double weights = weightBytes(model, plan);
    double streamedWeights = Math.max(0, weights - hardware.memory().capacity().bytes());
    double io = batch * ioElementsPerSample(model, sequence) * plan.activations().bytesPerElement();
    List<KernelPlan.Planned<OpCost>> all = new ArrayList<>(kernels.kernels());
    all.add(
        new KernelPlan.Planned<>(
            new OpCost(
                "host-link transfer",
                OpClass.VECTOR,
                plan.activations(),
                0,
                0,
                0,
                0,
                io + streamedWeights,
                0),
            1));
    return new KernelPlan(all, kernels.collectives());
  }

  /**
   * Input and output elements of one sample: the input shape and the last layer's tensors of a
   * layered model, the tokens in and out of a transformer (an image for a vision encoder).
   */
  static double ioElementsPerSample(ModelProfile model, int sequence) {
    if (model.structure() instanceof LayerStack stack) {
      double input = 1;
      for (String dim : stack.input().split("x")) {
        try {
          input *= Double.parseDouble(dim.trim());
        } catch (NumberFormatException e) {
          input = 0;
          break;
        }
      }
      Layer last = stack.layers().get(stack.layers().size() - 1);
      return input * stack.itemsPerSample() + last.activationElementsPerSample();
    }
    if (model.structure() instanceof TransformerArchitecture arch) {
      return arch.vision()
          .map(v -> (double) v.channels() * v.imageSize() * v.imageSize() + v.labels())
          .orElse(2.0 * sequence);
    }
    return 0;
  }

  /** The sequence length used when none is given. */
  public static int defaultSequence(ModelProfile model) {
    return model.transformer().map(TransformerArchitecture::defaultSequence).orElse(1);
  }

  /**
   * Bytes of the weights in {@code plan}'s format; a language model's embedding table and output
   * projection in {@link PrecisionPlan#embeddingAndHead()}.
   */
  public static double weightBytes(ModelProfile model, PrecisionPlan plan) {
    if (model.structure() instanceof TransformerArchitecture arch && arch.vocab() > 0) {
      double embeddingAndHead = embeddingAndHeadParams(arch);
      return (model.parameterCount() - embeddingAndHead) * plan.weightBytesPerElement()
          + embeddingAndHead * plan.embeddingAndHead().bytesPerElement();
    }
    return model.parameterCount() * plan.weightBytesPerElement();
  }

  /** Parameters of the token embedding and the (untied) output projection. */
  static double embeddingAndHeadParams(TransformerArchitecture arch) {
    boolean separateHead =
        !arch.tiedEmbeddings() && arch.stack() != TransformerArchitecture.Stack.ENCODER;
    return (double) arch.vocab() * arch.hidden() * (separateHead ? 2 : 1);
  }
}
