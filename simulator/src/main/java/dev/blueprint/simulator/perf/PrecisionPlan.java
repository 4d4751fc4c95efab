package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.units.Precision;
import java.util.Objects;

/**
 * The numeric formats one run uses: what weights are stored in, what activations travel between
 * kernels in, what the matrix units multiply in, and what the KV cache holds.
 *
 * @param weights storage of weights
 * @param activations storage of activations between kernels
 * @param math the precision of matrix arithmetic (decides the peak)
 * @param kvCache storage of the attention KV cache
 * @param weightBits bits a stored weight takes, block scales included: the weight format's width,
 *     or more for a block-quantised format ({@link WeightFormat})
 */
public record PrecisionPlan(
    Precision weights,
    Precision activations,
    Precision math,
    Precision kvCache,
    double weightBits) {
  public PrecisionPlan {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(activations, "activations");
    Objects.requireNonNull(math, "math");
    Objects.requireNonNull(kvCache, "kvCache");
    if (!(weightBits >= weights.bitsPerElement())) {
      throw new IllegalArgumentException(
          "a weight takes at least its format's " + weights.bitsPerElement() + " bits");
    }
  }

  /** A plan whose weights take exactly their format's width. */
  public PrecisionPlan(
      Precision weights, Precision activations, Precision math, Precision kvCache) {
    this(weights, activations, math, kvCache, weights.bitsPerElement());
  }

  /** Bytes one stored weight takes, block scales included. */
  public double weightBytesPerElement() {
    return weightBits / 8;
  }

  /** The same plan with weights stored in {@code format} (its block scales counted). */
  public PrecisionPlan withWeightFormat(WeightFormat format) {
    return new PrecisionPlan(
        weights, activations, math, kvCache, Math.max(weights.bitsPerElement(), format.bits()));
  }

  /**
   * The same plan with the KV cache stored in {@code format}: storage only (vLLM keeps an fp8 cache
   * on GPUs without fp8 arithmetic and converts it as attention reads it).
   */
  public PrecisionPlan withKvCache(Precision format) {
    return new PrecisionPlan(weights, activations, math, format, weightBits);
  }

  /**
   * The plan an inference engine uses when asked for {@code precision}:
   *
   * <ul>
   *   <li>int8 (TensorRT-style post-training quantisation of CNNs, encoders, recommenders): int8
   *       weights, activations and arithmetic;
   *   <li>fp8 (Hopper and later LLM serving): fp8 weights, GEMMs and KV cache, activations kept in
   *       16 bits between kernels;
   *   <li>fp4 (NVFP4 / MXFP4 on Blackwell and MI355X): fp4 weights and GEMMs, fp8 KV cache,
   *       activations in 16 bits between kernels; on a device without fp4 arithmetic the weights
   *       are dequantised to its nearest format ({@link LlmServing});
   *   <li>int4 (weight-only quantisation): int4 weights, fp16 activations and arithmetic;
   *   <li>16- and 32-bit formats: everything in that format.
   * </ul>
   */
  public static PrecisionPlan forInference(Precision precision) {
    return switch (precision) {
      case INT8 ->
          new PrecisionPlan(Precision.INT8, Precision.INT8, Precision.INT8, Precision.INT8);
      case FP8 -> new PrecisionPlan(Precision.FP8, Precision.BF16, Precision.FP8, Precision.FP8);
      case FP4 -> new PrecisionPlan(Precision.FP4, Precision.BF16, Precision.FP4, Precision.FP8);
      case INT4 ->
          new PrecisionPlan(Precision.INT4, Precision.FP16, Precision.FP16, Precision.FP16);
      default -> new PrecisionPlan(precision, precision, precision, precision);
    };
  }

  /**
   * The format of a language model's embedding table and output projection: quantisation tools
   * leave both in 16 bits (NVIDIA ModelOpt excludes {@code *lm_head*} by default; embeddings are
   * lookups), so any weight format narrower than 16 bits becomes the 16-bit activation format, or
   * bf16.
   */
  public Precision embeddingAndHead() {
    if (weights.bitsPerElement() >= 16) {
      return weights;
    }
    return activations.bitsPerElement() == 16 ? activations : Precision.BF16;
  }

  /**
   * The plan of mixed-precision training at {@code precision}: GEMMs in that format (fp8 GEMMs in
   * Transformer Engine), activations and gradients in 16 bits.
   */
  public static PrecisionPlan forTraining(Precision precision) {
    return switch (precision) {
      case FP8 -> new PrecisionPlan(Precision.BF16, Precision.BF16, Precision.FP8, Precision.BF16);
      case FP32 ->
          new PrecisionPlan(Precision.FP32, Precision.FP32, Precision.FP32, Precision.FP32);
      case TF32 ->
          new PrecisionPlan(Precision.FP32, Precision.FP32, Precision.TF32, Precision.FP32);
      default -> new PrecisionPlan(precision, precision, precision, precision);
    };
  }
}
