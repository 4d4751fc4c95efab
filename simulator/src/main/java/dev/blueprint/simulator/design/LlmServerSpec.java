package dev.blueprint.simulator.design;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.ServingEngine;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.Precision;
import java.util.Objects;

/**
 * Replicas of a decoder LLM with iteration-level (continuous) batching, as vLLM and TensorRT-LLM
 * serve: every iteration decodes one token for each running sequence and prefills chunks of new
 * prompts within a token budget; a request is admitted when the KV cache can hold its prompt and
 * its whole answer. Iteration times come from the simulator core's LLM performance model.
 *
 * @param name the component's name
 * @param model a decoder LLM
 * @param hardware each device
 * @param precision the serving precision
 * @param tensorParallel devices per replica
 * @param replicas independent replicas; arriving requests go to the least loaded
 * @param maxBatch running sequences per replica at most
 * @param maxTokensPerIteration tokens (decode plus prefill chunks) one iteration processes
 * @param pricing which price of the hardware profile the cost uses
 */
public record LlmServerSpec(
    String name,
    ModelProfile model,
    HardwareProfile hardware,
    Precision precision,
    int tensorParallel,
    int replicas,
    int maxBatch,
    int maxTokensPerIteration,
    PricingTier pricing,
    ServingEngine engine)
    implements ComponentSpec {
  /** vLLM's default {@code max_num_seqs}. */
  public static final int DEFAULT_MAX_BATCH = 256;

  /** TensorRT-LLM's default {@code max_num_tokens}. */
  public static final int DEFAULT_MAX_TOKENS = 8192;

  public LlmServerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(pricing, "pricing");
    Objects.requireNonNull(engine, "engine");
    if (tensorParallel < 1 || replicas < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("tp, replicas and max_batch must be at least 1");
    }
    if (maxTokensPerIteration < maxBatch) {
      throw new IllegalArgumentException(
          "max_tokens_per_iteration ("
              + maxTokensPerIteration
              + ") must be at least max_batch ("
              + maxBatch
              + "): every running sequence decodes a token per iteration");
    }
  }

  /** A server with TensorRT-LLM's KV-cache rule (the default engine). */
  public LlmServerSpec(
      String name,
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int tensorParallel,
      int replicas,
      int maxBatch,
      int maxTokensPerIteration,
      PricingTier pricing) {
    this(
        name,
        model,
        hardware,
        precision,
        tensorParallel,
        replicas,
        maxBatch,
        maxTokensPerIteration,
        pricing,
        ServingEngine.TENSORRT_LLM);
  }

  @Override
  public String kind() {
    return "llm-server";
  }

  @Override
  public MoneyRate cost() {
    return MoneyRate.perHour(
        hardware.priceFor(pricing).perDevice().dollarsPerHour() * tensorParallel * replicas);
  }
}
