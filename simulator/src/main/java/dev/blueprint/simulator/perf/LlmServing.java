package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * LLM serving on a tensor- and pipeline-parallel group: memory (weights, workspace, KV cache and
 * how many sequences fit), prefill and decode separately, and in-flight (continuous) batching at
 * saturation.
 *
 * <p>The engine model follows TensorRT-LLM / vLLM practice (docs/calibration.md, "LLM serving"):
 * quantised weights with the embedding and output projection kept in 16 bits, a paged KV cache
 * given {@link #KV_CACHE_FRACTION} of the memory left after weights and workspace, admission that
 * reserves a request's whole KV footprint (input + output tokens, "guaranteed no evict"), and
 * iterations that run the decode step of every running sequence together with prefill chunks of new
 * ones. At saturation the prefill work is spread evenly over the decode steps: each iteration
 * carries {@code N · input/output} prefill tokens besides its N decode tokens.
 */
public final class LlmServing {
  /** Share of the free memory the KV cache takes (TensorRT-LLM's default 0.90). */
  public static final double KV_CACHE_FRACTION = 0.90;

  /** CUDA context, library workspaces and allocator slack held besides the engine. */
  public static final double RUNTIME_RESERVE_BYTES = 1.5 * 1024 * 1024 * 1024;

  /** The largest number of sequences an engine schedules at once (TensorRT-LLM's tuning cap). */
  public static final int MAX_BATCH = 4096;

  /** The largest number of tokens in one iteration (TensorRT-LLM's tuning cap). */
  public static final int MAX_TOKENS_PER_ITERATION = 32768;

  private final ModelProfile model;
  private final TransformerArchitecture arch;
  private final HardwareProfile hardware;
  private final int tensorParallel;
  private final int pipelineParallel;
  private final int replicas;
  private final Precision precision;
  private final PrecisionPlan plan;
  private final KernelTimeModel timeModel;
  private final ServingEngine engine;
  private final MoeLayout moeLayout;
  private final OptionalInt maxSequences;
  private final OptionalInt maxTokensPerIteration;

  /**
   * How a mixture-of-experts model uses its tensor-parallel group. Engines default to {@code
   * TENSOR} (every expert split over the group); MLPerf's DeepSeek submissions run experts whole on
   * one device each ({@code EXPERT}, TensorRT-LLM's and SGLang's {@code --ep}) and attention data
   * parallel ({@code EXPERT_WITH_ATTENTION_DP}: each device runs attention for its own sequences
   * with the attention weights replicated, so a latent KV cache is no longer copied on every
   * device).
   */
  public enum MoeLayout {
    TENSOR,
    EXPERT,
    EXPERT_WITH_ATTENTION_DP
  }

  /**
   * @param devices devices in total; must be a multiple of tp × pp (the rest is replicas)
   * @throws IllegalArgumentException for a model that is not a decoder LLM, a precision the device
   *     lacks, or a parallel layout that does not divide the model
   */
  public LlmServing(
      ModelProfile model,
      HardwareProfile hardware,
      int devices,
      int tensorParallel,
      int pipelineParallel,
      Precision precision) {
    this(
        model,
        hardware,
        devices,
        tensorParallel,
        pipelineParallel,
        precision,
        ServingEngine.TENSORRT_LLM);
  }

  /**
   * @param engine the serving engine whose scheduling limits and memory rule apply
   * @throws IllegalArgumentException as the other constructor
   */
  public LlmServing(
      ModelProfile model,
      HardwareProfile hardware,
      int devices,
      int tensorParallel,
      int pipelineParallel,
      Precision precision,
      ServingEngine engine) {
    this(
        model,
        hardware,
        devices,
        tensorParallel,
        pipelineParallel,
        precision,
        engine,
        MoeLayout.TENSOR);
  }

  /**
   * @param moeLayout how a mixture-of-experts model's experts and attention spread over the
   *     tensor-parallel group
   * @throws IllegalArgumentException as the other constructors
   */
  public LlmServing(
      ModelProfile model,
      HardwareProfile hardware,
      int devices,
      int tensorParallel,
      int pipelineParallel,
      Precision precision,
      ServingEngine engine,
      MoeLayout moeLayout) {
    this.engine = engine;
    this.moeLayout = moeLayout;
    this.maxSequences = OptionalInt.empty();
    this.maxTokensPerIteration = OptionalInt.empty();
    this.model = model;
    this.arch =
        model
            .transformer()
            .filter(a -> a.stack() == TransformerArchitecture.Stack.DECODER)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        model.id()
                            + " is not a decoder LLM (family "
                            + model.family()
                            + "); use roofline for it"));
    PrecisionPlan requested = PrecisionPlan.forInference(precision);
    KernelTimeModel kernels = new KernelTimeModel(hardware, ExecutionMode.GRAPH);
    if (requested.weights().bitsPerElement() <= 4 && hardware.peak(requested.math()).isEmpty()) {
      // 4-bit weights on a device without 4-bit arithmetic are weight-only: kernels dequantise
      // them to what the device computes in (MXFP4 on Hopper runs fp8 or bf16 GEMMs; llama.cpp on a
      // CPU without fp16 arithmetic computes in fp32).
      Precision math = kernels.effectiveMath(requested.math());
      Precision kv = hardware.peak(requested.kvCache()).isPresent() ? requested.kvCache() : math;
      Precision activations = math.bitsPerElement() >= 16 ? math : Precision.BF16;
      requested = new PrecisionPlan(requested.weights(), activations, math, kv);
    } else {
      hardware.requireRunnable(requested.math());
    }
    if (tensorParallel < 1 || pipelineParallel < 1 || devices < 1) {
      throw new IllegalArgumentException("--count, --tp and --pp must be at least 1");
    }
    if (devices % (tensorParallel * pipelineParallel) != 0) {
      throw new IllegalArgumentException(
          "devices ("
              + devices
              + ") must be a multiple of tp x pp ("
              + tensorParallel * pipelineParallel
              + ")");
    }
    arch.requireTensorParallel(tensorParallel);
    if (pipelineParallel > arch.layers()) {
      throw new IllegalArgumentException(
          "pp ("
              + pipelineParallel
              + ") exceeds the "
              + arch.layers()
              + " layers of "
              + model.id());
    }
    this.hardware = hardware;
    this.tensorParallel = tensorParallel;
    this.pipelineParallel = pipelineParallel;
    this.replicas = devices / (tensorParallel * pipelineParallel);
    this.precision = precision;
    this.plan = requested.withKvCache(engine.defaultKvCache(requested));
    this.timeModel = kernels;
  }

  private LlmServing(
      LlmServing other,
      PrecisionPlan plan,
      OptionalInt maxSequences,
      OptionalInt maxTokensPerIteration) {
    this.model = other.model;
    this.arch = other.arch;
    this.hardware = other.hardware;
    this.tensorParallel = other.tensorParallel;
    this.pipelineParallel = other.pipelineParallel;
    this.replicas = other.replicas;
    this.precision = other.precision;
    this.plan = plan;
    this.timeModel = other.timeModel;
    this.engine = other.engine;
    this.moeLayout = other.moeLayout;
    this.maxSequences = maxSequences;
    this.maxTokensPerIteration = maxTokensPerIteration;
  }

  /**
   * The same group with the engine's limits set as a deployment sets them (vLLM's {@code
   * max_num_seqs} and {@code max_num_batched_tokens}, TensorRT-LLM's {@code max_batch_size} and
   * {@code max_num_tokens}); an empty limit keeps the engine's default.
   */
  public LlmServing withLimits(OptionalInt sequences, OptionalInt tokensPerIteration) {
    return new LlmServing(this, plan, sequences, tokensPerIteration);
  }

  /** Sequences in flight the engine allows at most (TensorRT-LLM's sizing cap by default). */
  private int sequenceCap() {
    return maxSequences.orElse(MAX_BATCH);
  }

  /** Tokens one iteration may carry: the deployment's setting or the engine's default. */
  private int tokenBudget() {
    return maxTokensPerIteration.orElse(engine.maxTokensPerIteration(hardware));
  }

  /**
   * The same group with the KV cache stored in {@code format} (vLLM's and SGLang's {@code
   * --kv-cache-dtype}, TensorRT-LLM's {@code kv_cache_dtype}), instead of the engine's default.
   */
  public LlmServing withKvCache(Precision format) {
    return new LlmServing(this, plan.withKvCache(format), maxSequences, maxTokensPerIteration);
  }

  /**
   * The same group with weights stored in a block-quantised format (GGUF, AWQ, NVFP4): the weight
   * bytes every kernel streams and the memory they take include the format's scales.
   */
  public LlmServing withWeightFormat(WeightFormat format) {
    return new LlmServing(this, plan.withWeightFormat(format), maxSequences, maxTokensPerIteration);
  }

  public ModelProfile model() {
    return model;
  }

  public HardwareProfile hardware() {
    return hardware;
  }

  public PrecisionPlan plan() {
    return plan;
  }

  public ServingEngine engine() {
    return engine;
  }

  /**
   * The sequences the engine keeps in flight by default when requests may run to {@code
   * contextTokens} (SGLang sizes its pool from the KV cache and the context length).
   */
  public int engineMaxSequences(double contextTokens) {
    return Math.max(1, engine.maxSequences(hardware, roughKvTokens(), contextTokens));
  }

  /**
   * KV-cache tokens per replica by the engine's memory rule before the activation workspace is
   * known: what engines size their limits from.
   */
  private double roughKvTokens() {
    return Math.max(
            0,
            engine.kvCacheBytes(
                hardware.memory().allocatable().bytes(),
                weightBytesPerDevice(),
                RUNTIME_RESERVE_BYTES,
                tensorParallel))
        / kvBytesPerTokenPerDevice();
  }

  /**
   * Tokens of KV cache a request of {@code tokens} holds: whole pages of the engine's page size
   * (admission reserves a request's last page whole).
   */
  public double pagedTokens(double tokens) {
    int page = engine.pageTokens();
    return Math.ceil(tokens / page) * page;
  }

  // ---- memory ---------------------------------------------------------------------------

  /**
   * Weight bytes on the most loaded device: its share of the blocks, and the embedding table (first
   * stage) or the output projection (last stage) — both on the one stage when pp is 1.
   */
  public double weightBytesPerDevice() {
    double embedding = (double) arch.vocab() * arch.hidden();
    double head = arch.tiedEmbeddings() ? 0 : embedding;
    double blocks = arch.parameterCount() - embedding - head;
    double outer = pipelineParallel == 1 ? embedding + head : Math.max(embedding, head);
    double stageShare = Math.ceil(arch.layers() / (double) pipelineParallel) / arch.layers();
    // Data-parallel attention keeps a whole copy of the attention weights on every device.
    double replicatedAttention =
        moeLayout == MoeLayout.EXPERT_WITH_ATTENTION_DP
            ? arch.attentionParams() * arch.layers() * stageShare * (1 - 1.0 / tensorParallel)
            : 0;
    return (blocks * stageShare / tensorParallel + replicatedAttention)
            * plan.weightBytesPerElement()
        + outer * plan.embeddingAndHead().bytesPerElement() / tensorParallel;
  }

  /** Activation workspace for the largest iteration and the logits of a full batch. */
  public double workspaceBytesPerDevice(int maxTokens, int maxBatch) {
    double ab = Math.max(2, plan.activations().bytesPerElement());
    double perToken =
        (4.0 * arch.hidden()
                + (arch.queryWidth() + 2.0 * arch.kvWidth()) / tensorParallel
                + 3.0 * arch.ffn() / tensorParallel)
            * ab;
    double logits = (double) maxBatch * arch.vocab() / tensorParallel * 4;
    return maxTokens * perToken + logits;
  }

  /**
   * Bytes one token's keys and values take on one device (its pipeline stage's layers) while the
   * sequence is no longer than any local-attention window: the device's share of the key/value
   * heads, or the whole compressed latent of latent attention (TransformerArchitecture).
   */
  public double kvBytesPerTokenPerDevice() {
    if (moeLayout == MoeLayout.EXPERT_WITH_ATTENTION_DP) {
      // Each device caches its own sequences whole: per token of the replica, a tp-th of one
      // full copy.
      return arch.kvElementsPerTokenPerDevice(1, pipelineParallel)
          * plan.kvCache().bytesPerElement()
          / tensorParallel;
    }
    return arch.kvElementsPerTokenPerDevice(tensorParallel, pipelineParallel)
        * plan.kvCache().bytesPerElement();
  }

  public MoeLayout moeLayout() {
    return moeLayout;
  }

  /**
   * Bytes per token, averaged over a sequence of {@code tokensPerSequence}, that the keys and
   * values take on one device: layers with a sliding window or chunked attention hold at most the
   * window's tokens of each sequence, so longer sequences cost less per token.
   */
  public double kvBytesPerTokenPerDevice(double tokensPerSequence) {
    return kvBytesPerTokenPerDevice() * arch.cachedTokenShare(tokensPerSequence);
  }

  /**
   * Tokens of a sequence of {@code tokens} that the KV cache holds, counted at the full per-token
   * size of {@link MemoryPlan#kvTokens()}: all of them, less what local-attention layers drop
   * beyond their window.
   */
  private double cachedTokens(double tokens) {
    return tokens * arch.cachedTokenShare(tokens);
  }

  /**
   * The memory plan of one device for a given engine size.
   *
   * @throws MemoryFit.DoesNotFitException when the weights and workspace alone do not fit
   */
  public MemoryPlan memory(int maxTokens, int maxBatch) {
    double capacity = hardware.memory().allocatable().bytes();
    double weights = weightBytesPerDevice();
    double workspace = workspaceBytesPerDevice(maxTokens, maxBatch);
    double free = capacity - weights - workspace - RUNTIME_RESERVE_BYTES;
    double kv =
        engine.kvCacheBytes(capacity, weights, workspace + RUNTIME_RESERVE_BYTES, tensorParallel);
    if (free <= 0 || kv <= 0) {
      throw new MemoryFit.DoesNotFitException(
          "does not fit: "
              + model.id()
              + " in "
              + precision.id()
              + " needs "
              + DataSize.bytes(weights).toHumanString()
              + " of weights + "
              + DataSize.bytes(workspace + RUNTIME_RESERVE_BYTES).toHumanString()
              + " of workspace per device, but "
              + hardware.id()
              + " exposes "
              + hardware.memory().allocatable().toHumanString()
              + "; use more devices (--tp or --pp), or a narrower precision");
    }
    return new MemoryPlan(
        DataSize.bytes(weights),
        DataSize.bytes(workspace + RUNTIME_RESERVE_BYTES),
        DataSize.bytes(kv),
        kv / kvBytesPerTokenPerDevice(),
        hardware.memory().allocatable());
  }

  /**
   * @param weights per device
   * @param workspace activations, logits and runtime reserve per device
   * @param kvCache KV-cache bytes per device
   * @param kvTokens tokens whose keys and values fit on every stage of a replica
   * @param capacity the device memory planned against
   */
  public record MemoryPlan(
      DataSize weights, DataSize workspace, DataSize kvCache, double kvTokens, DataSize capacity) {
    /** Sequences of {@code tokensPerSequence} that fit at once. */
    public int sequencesThatFit(double tokensPerSequence) {
      return (int) Math.floor(kvTokens / tokensPerSequence);
    }

    /**
     * Whether the KV cache holds {@code sequences} sequences of {@code tokensPerSequence} tokens at
     * once: the rule for "fits" in LLM serving that static and in-flight batches and {@link
     * DeviceMemory} share.
     */
    public boolean holds(int sequences, double tokensPerSequence) {
      return sequencesThatFit(tokensPerSequence) >= sequences;
    }
  }

  // ---- timing ---------------------------------------------------------------------------

  /**
   * One iteration of {@code passes}: the kernels of one pipeline stage's blocks (with their
   * collectives) and, separately, the kernels outside the blocks, which only the first stage
   * (embedding) and the last (final norm, output projection, sampling) run.
   *
   * @param blocks one stage's blocks
   * @param outer the embedding and head kernels
   * @param embedding the part of {@code outer} the first stage runs
   */
  public record StageTiming(PlanTiming blocks, PlanTiming outer, double embeddingSeconds) {
    /** The slowest stage of a pipeline: its blocks plus whichever end it carries. */
    public double slowestStageSeconds(int pipelineParallel) {
      if (pipelineParallel == 1) {
        return blocks.totalSeconds() + outer.totalSeconds();
      }
      double head = outer.totalSeconds() - embeddingSeconds;
      return blocks.totalSeconds() + Math.max(embeddingSeconds, head);
    }

    /** One pass through every stage in turn: all blocks, then the ends once. */
    public double sequentialSeconds(int pipelineParallel) {
      return pipelineParallel * blocks.totalSeconds() + outer.totalSeconds();
    }
  }

  /** Times one iteration of {@code passes} on one pipeline stage. */
  public StageTiming iteration(List<TransformerPass> passes) {
    TransformerCost cost =
        TransformerOps.forward(
            arch,
            plan,
            tensorParallel,
            Math.ceil(arch.layers() / (double) pipelineParallel),
            passes,
            switch (moeLayout) {
              case TENSOR -> TransformerOps.ExpertSplit.TENSOR;
              case EXPERT -> TransformerOps.ExpertSplit.EXPERT;
              case EXPERT_WITH_ATTENTION_DP -> TransformerOps.ExpertSplit.EXPERT_WITH_ATTENTION_DP;
            });
    PlanTiming blocks = PlanTiming.of(KernelPlan.blocks(cost), timeModel);
    PlanTiming outer = PlanTiming.of(KernelPlan.ofKernels(cost.outer()), timeModel);
    double embedding =
        outer.kernels().stream()
            .filter(k -> k.op().name().equals("embed"))
            .mapToDouble(PlanTiming.TimedKernel::totalSeconds)
            .sum();
    return new StageTiming(blocks, outer, embedding);
  }

  /** Time to first token for {@code batch} prompts of {@code inputTokens}, prefilled together. */
  public double prefillSeconds(double batch, int inputTokens) {
    return iteration(List.of(TransformerPass.prefill(batch, inputTokens)))
        .sequentialSeconds(pipelineParallel);
  }

  /** One decode step for {@code batch} sequences with {@code context} tokens cached. */
  public double decodeStepSeconds(double batch, double context) {
    return iteration(List.of(TransformerPass.decode(batch, context)))
        .sequentialSeconds(pipelineParallel);
  }

  /**
   * A static batch: prefill all prompts together, then decode them in lock step.
   *
   * @return time to first token and the output throughput of the whole group
   */
  public StaticBatch staticBatch(int batch, int inputTokens, int outputTokens) {
    arch.requireSequence(inputTokens + outputTokens, "a sequence");
    // Engines prefill a static batch in chunks of at most their token budget, so the activation
    // workspace is that of one chunk, not of the whole batch's prompts.
    int prefillChunk = (int) Math.min((long) batch * inputTokens, tokenBudget());
    MemoryPlan memory = memory(Math.max(prefillChunk, 1), batch);
    if (!memory.holds(batch, pagedTokens(cachedTokens(inputTokens + outputTokens)))) {
      throw new MemoryFit.DoesNotFitException(
          "does not fit: "
              + batch
              + " sequences of "
              + (inputTokens + outputTokens)
              + " tokens need "
              + DataSize.bytes(
                      batch
                          * (inputTokens + outputTokens)
                          * kvBytesPerTokenPerDevice(inputTokens + outputTokens))
                  .toHumanString()
              + " of KV cache per device, "
              + memory.kvCache().toHumanString()
              + " is free");
    }
    double ttft = prefillSeconds(batch, inputTokens);
    // Decode steps at contexts from input to input+output: Simpson's rule over the context.
    double decode = 0;
    if (outputTokens > 1) {
      int steps = outputTokens - 1;
      double a = decodeStepSeconds(batch, inputTokens);
      double m = decodeStepSeconds(batch, inputTokens + steps / 2.0);
      double b = decodeStepSeconds(batch, inputTokens + steps);
      decode = steps * (a + 4 * m + b) / 6;
    }
    double total = ttft + decode;
    return new StaticBatch(
        ttft,
        decode / Math.max(1, outputTokens - 1),
        batch * (double) outputTokens * replicas / total);
  }

  /**
   * @param ttftSeconds prefill time of the batch
   * @param tpotSeconds average decode step
   * @param outputTokensPerSecond output tokens over the whole run, all replicas
   */
  public record StaticBatch(double ttftSeconds, double tpotSeconds, double outputTokensPerSecond) {}

  /**
   * In-flight batching with {@code concurrency} sequences running (or as many as fit, when empty),
   * each with the given input and output lengths, prefill spread over the decode steps.
   */
  public Continuous continuous(int inputTokens, int outputTokens, OptionalInt concurrency) {
    return continuous(SequenceLengths.fixed(inputTokens, outputTokens), concurrency);
  }

  /**
   * In-flight batching of requests whose lengths follow {@code lengths}: the running set is
   * weighted by output length (long answers stay longer), so its KV footprint and decode context
   * are those averages, prefill work per decode token is the ratio of the mean lengths, and prefill
   * attention is charged at the length whose per-token cost matches the mix ({@link
   * SequenceLengths}).
   */
  public Continuous continuous(SequenceLengths lengths, OptionalInt concurrency) {
    arch.requireSequence((int) Math.ceil(lengths.longest()), "a request (--input + --output)");
    double meanInput = lengths.meanInput();
    int inputTokens = (int) Math.round(meanInput);
    double prefillPerDecode = meanInput / lengths.meanOutput();
    double tokensPerSequence = lengths.runningFootprint(t -> pagedTokens(cachedTokens(t)));
    String requestSize =
        lengths.isFixed()
            ? String.valueOf(Math.round(lengths.longest()))
            : String.format(
                java.util.Locale.ROOT, "%.0f (average while running)", tokensPerSequence);
    int maxBatch;
    String batchLimit;
    MemoryPlan memory;
    if (engine == ServingEngine.TENSORRT_LLM) {
      int tokenCapBatch = (int) Math.floor(tokenBudget() / (1 + prefillPerDecode));
      // Size the engine the way TensorRT-LLM's build heuristic does: from the requests the KV
      // cache could hold before activations are accounted for.
      double roughKv =
          (hardware.memory().allocatable().bytes() - weightBytesPerDevice() - RUNTIME_RESERVE_BYTES)
              * KV_CACHE_FRACTION;
      int kvRequests =
          (int) Math.max(1, Math.floor(roughKv / (kvBytesPerTokenPerDevice() * tokensPerSequence)));
      maxBatch = Math.max(1, Math.min(Math.min(sequenceCap(), tokenCapBatch), kvRequests));
      int maxTokens =
          (int) Math.min(tokenBudget(), Math.max(2048, maxBatch * (1 + prefillPerDecode)));
      memory = memory(maxTokens, maxBatch);
      batchLimit = maxBatch == sequenceCap() ? "max-batch" : "tokens-per-iteration";
    } else {
      int budget = tokenBudget();
      // vLLM and SGLang count every token of an iteration against the budget; TGI's budget is
      // for prefill, the decode tokens ride along.
      int tokenCapBatch =
          (int)
              Math.max(
                  1,
                  Math.floor(
                      engine.decodeCountsAgainstTokenBudget()
                          ? budget / (1 + prefillPerDecode)
                          : budget / prefillPerDecode));
      int roughSequences =
          maxSequences.orElse(engine.maxSequences(hardware, roughKvTokens(), tokensPerSequence));
      int workspaceTokens =
          engine.decodeCountsAgainstTokenBudget() ? budget : budget + roughSequences;
      memory = memory(workspaceTokens, Math.min(roughSequences, tokenCapBatch));
      int sequences =
          maxSequences.orElse(engine.maxSequences(hardware, memory.kvTokens(), tokensPerSequence));
      maxBatch = Math.max(1, Math.min(sequences, tokenCapBatch));
      batchLimit =
          sequences <= tokenCapBatch
              ? "max-sequences ("
                  + engine.displayName()
                  + (maxSequences.isPresent() ? " set to " : " default ")
                  + sequences
                  + ")"
              : "tokens-per-iteration (" + engine.displayName() + " budget " + budget + ")";
    }
    // Every stage holds the keys and values of all running sequences for its own layers.
    int fit = memory.sequencesThatFit(tokensPerSequence);
    if (!memory.holds(1, tokensPerSequence)) {
      throw new MemoryFit.DoesNotFitException(
          "does not fit: one sequence of "
              + requestSize
              + " tokens needs "
              + DataSize.bytes(tokensPerSequence * kvBytesPerTokenPerDevice()).toHumanString()
              + " of KV cache per device, only "
              + memory.kvCache().toHumanString()
              + " is free");
    }
    String limit;
    int running;
    if (concurrency.isPresent()) {
      if (!memory.holds(concurrency.getAsInt(), tokensPerSequence)) {
        throw new MemoryFit.DoesNotFitException(
            "does not fit: "
                + concurrency.getAsInt()
                + " concurrent sequences of "
                + requestSize
                + " tokens, but the KV cache holds "
                + fit
                + "; lower --concurrency or add devices");
      }
      running = concurrency.getAsInt();
      limit = "requested";
    } else if (fit <= maxBatch) {
      running = fit;
      limit = "kv-cache";
    } else {
      running = maxBatch;
      limit = batchLimit;
    }
    // Pipeline stages each hold a micro-batch; every stage iteration advances one of them.
    double perStage = running / (double) pipelineParallel;
    double context = lengths.decodeContext();
    double prefillTokens = perStage * prefillPerDecode;
    int prefillLength = Math.max(1, (int) Math.round(lengths.prefillLength()));
    List<TransformerPass> passes = new ArrayList<>();
    passes.add(TransformerPass.decode(perStage, context));
    passes.add(TransformerPass.prefill(prefillTokens / prefillLength, prefillLength));
    StageTiming timing = iteration(passes);
    double stageSeconds = timing.slowestStageSeconds(pipelineParallel);
    double tokensPerSecond = perStage / stageSeconds * replicas;
    double tpot = stageSeconds * pipelineParallel;
    double ttft = prefillSeconds(1, inputTokens) + stageSeconds;
    return new Continuous(running, limit, memory, ttft, tpot, tokensPerSecond, timing);
  }

  /**
   * The highest Poisson request rate whose 99th-percentile time to first token and time per output
   * token stay within the bounds (MLPerf's LLM Server scenario). Each replica is {@code N} slots
   * (sequences in flight): a request holds one for its prefill and its decode steps. Over the
   * concurrency levels the engine can run, the TPOT at N must meet its bound, and the rate is the
   * highest at which the Erlang-C waiting time for a slot, at its 99th percentile, plus the
   * request's own prefill and first iteration, meets the TTFT bound.
   *
   * @param ttftBoundSeconds p99 bound on the time to first token
   * @param tpotBoundSeconds p99 bound on the time per output token
   * @throws MemoryFit.DoesNotFitException when not even one sequence fits
   * @throws IllegalArgumentException when no concurrency meets the TPOT bound
   */
  public Server server(
      int inputTokens, int outputTokens, double ttftBoundSeconds, double tpotBoundSeconds) {
    return server(
        SequenceLengths.fixed(inputTokens, outputTokens), ttftBoundSeconds, tpotBoundSeconds);
  }

  /** {@link #server(int, int, double, double)} for requests of varying lengths. */
  public Server server(SequenceLengths lengths, double ttftBoundSeconds, double tpotBoundSeconds) {
    Continuous saturated = continuous(lengths, OptionalInt.empty());
    double prefill = prefillSeconds(1, (int) Math.round(lengths.meanInput()));
    double outputTokens = lengths.meanOutput();
    Server best = null;
    for (int n = 1; ; n = Math.min(saturated.concurrency(), n * 2)) {
      Continuous c = continuous(lengths, OptionalInt.of(n));
      if (c.tpotSeconds() <= tpotBoundSeconds) {
        double service = prefill + outputTokens * c.tpotSeconds();
        double firstToken = prefill + c.tpotSeconds();
        double rate = ErlangC.highestRate(n, service, ttftBoundSeconds - firstToken, 0.99);
        double tokens = rate * outputTokens * replicas;
        if (rate > 0 && (best == null || tokens > best.outputTokensPerSecond())) {
          best = new Server(n, rate * replicas, tokens, c.tpotSeconds(), firstToken);
        }
      }
      if (n == saturated.concurrency()) {
        break;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "no concurrency meets the bounds: TPOT at one sequence is "
              + String.format(
                  java.util.Locale.ROOT,
                  "%.1f ms",
                  continuous(lengths, OptionalInt.of(1)).tpotSeconds() * 1e3)
              + " or the prefill alone exceeds the TTFT bound");
    }
    return best;
  }

  /**
   * @param concurrency slots (sequences in flight) per replica
   * @param requestsPerSecond the highest arrival rate meeting the bounds, all replicas
   * @param outputTokensPerSecond generated tokens per second at that rate, all replicas
   * @param tpotSeconds time per output token at that concurrency
   * @param unloadedTtftSeconds time to first token without waiting: prefill plus one iteration
   */
  public record Server(
      int concurrency,
      double requestsPerSecond,
      double outputTokensPerSecond,
      double tpotSeconds,
      double unloadedTtftSeconds) {}

  /**
   * @param concurrency sequences running at once (per replica, over all pipeline stages)
   * @param limitedBy what capped the concurrency: requested, kv-cache, max-batch or
   *     tokens-per-iteration
   * @param memory the memory plan
   * @param ttftSeconds time to first token of a new request (its prefill plus one iteration)
   * @param tpotSeconds time per output token of each sequence
   * @param outputTokensPerSecond generated tokens per second, all replicas
   * @param iteration the timed iteration of one stage
   */
  public record Continuous(
      int concurrency,
      String limitedBy,
      MemoryPlan memory,
      double ttftSeconds,
      double tpotSeconds,
      double outputTokensPerSecond,
      StageTiming iteration) {}

  public int tensorParallel() {
    return tensorParallel;
  }

  public int pipelineParallel() {
    return pipelineParallel;
  }

  public int replicas() {
    return replicas;
  }
}
