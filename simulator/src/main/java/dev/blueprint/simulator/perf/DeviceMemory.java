package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.Precision;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model's memory goes on one device, and whether it fits, by the rules the simulator itself
 * applies (so a front end shows the verdict the simulation would reach, and never decides one of
 * its own):
 *
 * <ul>
 *   <li>batch serving: the weights plus two batches' largest activation working set (one runs while
 *       the next is staged) within {@link MemoryFit#budget}, the rule of {@link BatchServing#fits};
 *       embedding tables that do not fit stay partly in host memory;
 *   <li>a decoder LLM: the serving engine's plan ({@link LlmServing#memory}) for an engine built
 *       for {@link #LLM_ENGINE_TOKENS} tokens per iteration, and whether the KV cache holds the
 *       batch's sequences ({@link LlmServing.MemoryPlan#holds}).
 * </ul>
 *
 * @param modelId the model
 * @param hardwareId the device
 * @param precision the inference precision
 * @param batch samples (or sequences) at once, at least 1
 * @param sequence tokens per sequence, at least 1 (1 for models without one)
 * @param transformer whether the model has a sequence dimension
 * @param budget what a batch plan may use on the device
 * @param exposed what the device's driver exposes
 * @param batchServing batch serving on one device
 * @param llmServing LLM serving, for decoder LLMs only
 */
public record DeviceMemory(
    String modelId,
    String hardwareId,
    Precision precision,
    int batch,
    int sequence,
    boolean transformer,
    DataSize budget,
    DataSize exposed,
    BatchServingMemory batchServing,
    Optional<LlmServingMemory> llmServing) {

  /**
   * Tokens per iteration the LLM engine is built for when planning memory alone (TensorRT-LLM's
   * default {@code max_num_tokens}); a larger batch raises it to one token per sequence.
   */
  public static final int LLM_ENGINE_TOKENS = 8192;

  public DeviceMemory {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(hardwareId, "hardwareId");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(exposed, "exposed");
    Objects.requireNonNull(batchServing, "batchServing");
    Objects.requireNonNull(llmServing, "llmServing");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
    }
  }

  /**
   * Plans {@code model} on one {@code hardware} device.
   *
   * @param batch samples (or sequences) at once, at least 1
   * @param sequence tokens per sequence, at least 1
   * @param tensorParallel devices a decoder LLM is split over, at least 1 (ignored otherwise)
   * @throws IllegalArgumentException for a precision the device lacks, or a batch or sequence below
   *     1; a model that does not fit is a verdict in the result, not an exception
   */
  public static DeviceMemory plan(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int batch,
      int sequence,
      int tensorParallel) {
    BatchServing serving = new BatchServing(model, hardware, precision, sequence);
    BatchServingMemory batchServing;
    if (serving.residentTableShare() < 1) {
      batchServing =
          new BatchServingMemory.Offloaded(serving.residentTableShare(), serving.fits(batch));
    } else {
      try {
        RooflineReport r = Roofline.analyze(model, hardware, precision, batch, sequence);
        batchServing =
            new BatchServingMemory.Resident(
                r.weights(), r.activations().times(2), serving.fits(batch));
      } catch (MemoryFit.DoesNotFitException e) {
        batchServing = new BatchServingMemory.TooLarge(e.getMessage());
      }
    }
    boolean decoder =
        model
            .transformer()
            .map(t -> t.stack() == TransformerArchitecture.Stack.DECODER)
            .orElse(false);
    Optional<LlmServingMemory> llm = Optional.empty();
    if (decoder) {
      try {
        LlmServing engine =
            new LlmServing(model, hardware, tensorParallel, tensorParallel, 1, precision);
        LlmServing.MemoryPlan plan = engine.memory(Math.max(LLM_ENGINE_TOKENS, batch), batch);
        llm =
            Optional.of(
                new LlmServingMemory.Planned(
                    tensorParallel, plan, batch, sequence, plan.holds(batch, sequence)));
      } catch (IllegalArgumentException e) {
        llm = Optional.of(new LlmServingMemory.NotServable(e.getMessage()));
      }
    }
    return new DeviceMemory(
        model.id(),
        hardware.id(),
        precision,
        batch,
        sequence,
        model.transformer().isPresent(),
        MemoryFit.budget(hardware),
        hardware.memory().allocatable(),
        batchServing,
        llm);
  }

  /** Batch serving on one device. */
  public sealed interface BatchServingMemory {
    /** Whether the batch fits with the next one staged. */
    boolean fits();

    /**
     * Everything resident on the device.
     *
     * @param weights all weights
     * @param stagedActivations twice the largest activation working set
     * @param fits whether weights and staged activations stay within the budget
     */
    record Resident(DataSize weights, DataSize stagedActivations, boolean fits)
        implements BatchServingMemory {
      public Resident {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(stagedActivations, "stagedActivations");
      }

      public DataSize total() {
        return weights.plus(stagedActivations);
      }
    }

    /**
     * Embedding tables larger than the device stay partly in host memory (the model server's rule,
     * {@link BatchServing#residentTableShare}).
     *
     * @param residentTableShare share of the table bytes on the device, 0 to 1
     * @param fits whether the batch fits with the next one staged
     */
    record Offloaded(double residentTableShare, boolean fits) implements BatchServingMemory {
      public Offloaded {
        if (!(residentTableShare >= 0 && residentTableShare <= 1)) {
          throw new IllegalArgumentException(
              "resident table share must be 0 to 1, got " + residentTableShare);
        }
      }
    }

    /**
     * Not even one batch fits.
     *
     * @param reason what was needed and what the device offers
     */
    record TooLarge(String reason) implements BatchServingMemory {
      public TooLarge {
        Objects.requireNonNull(reason, "reason");
      }

      @Override
      public boolean fits() {
        return false;
      }
    }
  }

  /** LLM serving with tensor parallelism, per device. */
  public sealed interface LlmServingMemory {
    /**
     * The engine's plan.
     *
     * @param tensorParallel devices the model is split over
     * @param plan weights, workspace and KV cache per device
     * @param sequences sequences at once
     * @param tokensPerSequence tokens each holds in the KV cache
     * @param fits whether the KV cache holds them all
     */
    record Planned(
        int tensorParallel,
        LlmServing.MemoryPlan plan,
        int sequences,
        int tokensPerSequence,
        boolean fits)
        implements LlmServingMemory {
      public Planned {
        Objects.requireNonNull(plan, "plan");
      }

      /** KV-cache tokens the sequences need. */
      public double tokensNeeded() {
        return (double) sequences * tokensPerSequence;
      }
    }

    /**
     * The engine cannot be built: the weights alone do not fit, tp does not divide the heads, or
     * the device lacks the precision.
     *
     * @param reason why
     */
    record NotServable(String reason) implements LlmServingMemory {
      public NotServable {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }
}
