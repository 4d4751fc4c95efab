package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.units.Precision;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An LLM serving engine's scheduling defaults and limits: how many sequences it keeps in flight,
 * how many tokens one iteration may carry, how it sizes the KV cache and its page size. At
 * saturation these, not the KV cache, often cap throughput (vLLM keeps at most 256 or 1024
 * sequences, TGI admits 128 requests at a time). The values are each engine's defaults in its
 * source code, read 2026-12 (docs/calibration.md, "Serving engines"); a deployment that changes
 * them is a different engine setting, not a different engine.
 */
public enum ServingEngine {
  /**
   * TensorRT-LLM sized as {@code trtllm-bench} sizes it ({@code tensorrt_llm/bench/build/
   * tuning.py}): up to 4096 sequences and 32768 tokens per iteration, fitted to the KV cache; the
   * cache takes 0.90 of the memory free after weights and buffers ({@code
   * kv_cache_free_gpu_memory_fraction}); 32-token pages ({@code tokens_per_block}).
   */
  TENSORRT_LLM("tensorrt-llm", "TensorRT-LLM"),
  /**
   * vLLM V1 ({@code vllm/engine/arg_utils.py}, {@code vllm/config/cache.py}): {@code max_num_seqs}
   * 1024 and {@code max_num_batched_tokens} 16384 on GPUs with at least 70 GiB other than the A100,
   * 256 and 8192 elsewhere (the offline {@code LLM} entry point's values); chunked prefill on; the
   * KV cache is what is left of {@code gpu_memory_utilization} 0.92 of <em>total</em> memory after
   * weights and the profiled activations; 16-token blocks.
   */
  VLLM("vllm", "vLLM"),
  /**
   * SGLang ({@code python/sglang/srt/server_args.py}): {@code chunked_prefill_size} 2048 below 35
   * GB of memory, 4096 below 60 GB, 8192 below 160 GB, 16384 above; {@code mem_fraction_static}
   * 0.88 at TP 1, 0.87 at 2, 0.85 at 4, 0.81 at 8 of total memory for weights and KV cache; running
   * requests up to {@code min(clamp(kv_tokens / context × 512, 2048, 4096), kv_tokens / 2)}; pages
   * of one token.
   */
  SGLANG("sglang", "SGLang"),
  /**
   * Text Generation Inference ({@code launcher/src/main.rs}, v3.3): {@code max_concurrent_requests}
   * 128 admitted at once; prefill batches up to {@code max_batch_prefill_tokens} 4096; the KV cache
   * is the memory free after a warm-up less 10 % of total ({@code TGI_WIGGLE_ROOM} 0.90);
   * flashinfer pages of one token.
   */
  TGI("tgi", "TGI");

  private final String id;
  private final String displayName;

  ServingEngine(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /**
   * The KV cache's format when the deployment does not set it. vLLM and SGLang keep the cache in
   * the model's dtype unless {@code --kv-cache-dtype} says otherwise (default {@code auto}), and so
   * does TGI (its {@code --kv-cache-dtype} is unset by default): an fp8 checkpoint still caches
   * keys and values in 16 bits there. TensorRT-LLM's FP8 checkpoints (ModelOpt's, NVIDIA's
   * published ones, MLPerf's) quantise the cache too ({@code kv_cache_quant_algo: FP8}), so its
   * plan's format stands.
   */
  public Precision defaultKvCache(PrecisionPlan plan) {
    if (this == TENSORRT_LLM || plan.kvCache().bitsPerElement() >= 16) {
      return plan.kvCache();
    }
    return plan.activations().bitsPerElement() >= 16 ? plan.activations() : Precision.BF16;
  }

  /** The name used in files and on the command line ({@code vllm}). */
  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The largest number of sequences the engine keeps in flight on one replica. */
  public int maxSequences(HardwareProfile hardware, double kvTokens, double tokensPerSequence) {
    return switch (this) {
      case TENSORRT_LLM -> LlmServing.MAX_BATCH;
      case VLLM -> largeNonA100(hardware) ? 1024 : 256;
      case SGLANG -> {
        int pool = (int) Math.min(4096, Math.max(2048, kvTokens / tokensPerSequence * 512));
        yield (int) Math.max(1, Math.min(pool, kvTokens / 2));
      }
      case TGI -> 128;
    };
  }

  /**
   * The most tokens (decode and prefill together) one iteration carries; TensorRT-LLM sizes it per
   * workload (see {@link LlmServing}), this is its ceiling.
   */
  public int maxTokensPerIteration(HardwareProfile hardware) {
    double gb = hardware.memory().capacity().bytes() / 1e9;
    return switch (this) {
      case TENSORRT_LLM -> LlmServing.MAX_TOKENS_PER_ITERATION;
      case VLLM -> largeNonA100(hardware) ? 16384 : 8192;
      case SGLANG -> gb < 35 ? 2048 : gb < 60 ? 4096 : gb < 160 ? 8192 : 16384;
      // TGI's prefill budget; decode tokens ride along outside it.
      case TGI -> 4096;
    };
  }

  /** Whether the token budget of an iteration counts decode tokens as well as prefill ones. */
  public boolean decodeCountsAgainstTokenBudget() {
    return this != TGI;
  }

  /** Tokens per KV-cache page: a sequence's last page is on average half empty. */
  public int pageTokens() {
    return switch (this) {
      case TENSORRT_LLM -> 32;
      case VLLM -> 16;
      case SGLANG, TGI -> 1;
    };
  }

  /**
   * Bytes of one device the KV cache gets, given what the device exposes and what weights and
   * workspace (activations, logits, runtime) take.
   */
  public double kvCacheBytes(
      double capacity, double weights, double workspace, int tensorParallel) {
    double free = capacity - weights - workspace;
    return switch (this) {
      case TENSORRT_LLM -> free * 0.90;
      case VLLM -> 0.92 * capacity - weights - workspace;
      case SGLANG -> sglangStaticFraction(tensorParallel) * capacity - weights;
      case TGI -> free - 0.10 * capacity;
    };
  }

  private static double sglangStaticFraction(int tensorParallel) {
    return tensorParallel >= 8
        ? 0.81
        : tensorParallel >= 4 ? 0.85 : tensorParallel >= 2 ? 0.87 : 0.88;
  }

  // vLLM's larger defaults apply to GPUs of at least 70 GiB except the A100 (vLLM PR 17885).
  private static boolean largeNonA100(HardwareProfile hardware) {
    return hardware.memory().capacity().bytes() >= 70.0 * (1L << 30)
        && !hardware.id().contains("a100");
  }

  /**
   * Reads an engine name, case-insensitively.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static ServingEngine parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (ServingEngine e : values()) {
      if (e.id.equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + text + "'; expected one of " + names());
  }

  /** The accepted names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(ServingEngine::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
