package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.units.DataSize;

/**
 * One training step analysed.
 *
 * @param modelId the model
 * @param hardwareId the device
 * @param setup the layout
 * @param stepSeconds time of one optimizer step
 * @param microBatchSeconds time of one micro-batch on one stage (forward, backward, recompute,
 *     tensor-parallel communication)
 * @param microBatches micro-batches per step
 * @param bubbleSeconds pipeline bubble per step
 * @param tensorCommSeconds tensor/context-parallel communication per step
 * @param exposedDataParallelSeconds gradient reduction not hidden behind the backward pass
 * @param optimizerSeconds optimizer update
 * @param tokensPerStep tokens per step
 * @param modelFlopPerStep model FLOPs (no recomputation)
 * @param hardwareFlopPerStep FLOPs executed, recomputation included
 * @param mfu model FLOPs utilisation against the dense peak of the training precision
 * @param memory memory per device
 */
public record TrainingReport(
    String modelId,
    String hardwareId,
    TrainingSetup setup,
    double stepSeconds,
    double microBatchSeconds,
    int microBatches,
    double bubbleSeconds,
    double tensorCommSeconds,
    double exposedDataParallelSeconds,
    double optimizerSeconds,
    double tokensPerStep,
    double modelFlopPerStep,
    double hardwareFlopPerStep,
    double mfu,
    Memory memory) {

  /**
   * Memory per device.
   *
   * @param weights 16-bit weights
   * @param gradients 16-bit gradients
   * @param optimizer fp32 master weights and Adam moments
   * @param activations stored activations of the micro-batches in flight
   */
  public record Memory(
      DataSize weights, DataSize gradients, DataSize optimizer, DataSize activations) {
    public DataSize total() {
      return weights.plus(gradients).plus(optimizer).plus(activations);
    }
  }

  public double tokensPerSecond() {
    return tokensPerStep / stepSeconds;
  }

  public double tokensPerSecondPerDevice() {
    return tokensPerSecond() / setup.devices();
  }

  /** Model TFLOP/s per device. */
  public double modelFlopPerSecondPerDevice() {
    return modelFlopPerStep / stepSeconds / setup.devices();
  }

  /** Executed TFLOP/s per device, recomputation included. */
  public double hardwareFlopPerSecondPerDevice() {
    return hardwareFlopPerStep / stepSeconds / setup.devices();
  }
}
