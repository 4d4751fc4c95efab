package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.units.Precision;
import java.util.Objects;

/**
 * How a training job is laid out.
 *
 * @param devices devices in total
 * @param tensorParallel devices each layer is split over
 * @param pipelineParallel pipeline stages
 * @param contextParallel devices each sequence is split over (ring attention)
 * @param virtualPipeline interleaved model chunks per stage (1 = plain 1F1B)
 * @param globalBatch sequences per optimizer step
 * @param microBatch sequences per micro-batch
 * @param sequence tokens per sequence
 * @param precision GEMM precision (bf16/fp16, fp8 via Transformer Engine)
 * @param recompute activation recomputation
 * @param sequenceParallel shard norms and dropouts over the tensor-parallel group
 * @param zeroStage ZeRO stage 0 to 3 (1 is Megatron's distributed optimizer)
 * @param attention how attention is computed
 */
public record TrainingSetup(
    int devices,
    int tensorParallel,
    int pipelineParallel,
    int contextParallel,
    int virtualPipeline,
    int globalBatch,
    int microBatch,
    int sequence,
    Precision precision,
    Recompute recompute,
    boolean sequenceParallel,
    int zeroStage,
    AttentionKernel attention) {
  public TrainingSetup {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(recompute, "recompute");
    String[] names = {
      "devices",
      "tensor parallel",
      "pipeline parallel",
      "context parallel",
      "virtual pipeline",
      "global batch",
      "micro-batch",
      "sequence"
    };
    int[] values = {
      devices,
      tensorParallel,
      pipelineParallel,
      contextParallel,
      virtualPipeline,
      globalBatch,
      microBatch,
      sequence
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 1) {
        throw new IllegalArgumentException(names[i] + " must be at least 1, got " + values[i]);
      }
    }
    int dp = dataParallel(devices, tensorParallel, pipelineParallel, contextParallel);
    if (globalBatch % (dp * microBatch) != 0) {
      throw new IllegalArgumentException(
          "global batch ("
              + globalBatch
              + ") must be a multiple of data-parallel size x micro-batch ("
              + dp
              + " x "
              + microBatch
              + ")");
    }
    if (zeroStage < 0 || zeroStage > 3) {
      throw new IllegalArgumentException("ZeRO stage must be 0 to 3, got " + zeroStage);
    }
  }

  /** Model replicas that split the global batch. */
  public int dataParallel() {
    return devices / (tensorParallel * pipelineParallel * contextParallel);
  }

  /**
   * The data-parallel degree of a layout: the devices over {@code tp × pp × cp}.
   *
   * @throws IllegalArgumentException when a degree is below 1 or the devices are not a multiple of
   *     {@code tp × pp × cp}
   */
  public static int dataParallel(
      int devices, int tensorParallel, int pipelineParallel, int contextParallel) {
    if (devices < 1 || tensorParallel < 1 || pipelineParallel < 1 || contextParallel < 1) {
      throw new IllegalArgumentException(
          "devices, tp, pp and cp must be at least 1, got "
              + devices
              + ", "
              + tensorParallel
              + ", "
              + pipelineParallel
              + " and "
              + contextParallel);
    }
    int modelParallel = tensorParallel * pipelineParallel * contextParallel;
    if (devices % modelParallel != 0) {
      throw new IllegalArgumentException(
          "devices (" + devices + ") must be a multiple of tp x pp x cp (" + modelParallel + ")");
    }
    return devices / modelParallel;
  }

  /** Micro-batches each pipeline runs per step. */
  public int microBatches() {
    return globalBatch / (dataParallel() * microBatch);
  }
}
