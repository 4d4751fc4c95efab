package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.model.TransformerArchitecture.AudioEncoder;
import dev.blueprint.simulator.model.TransformerArchitecture.BlockKind;
import dev.blueprint.simulator.model.TransformerArchitecture.LatentAttention;
import dev.blueprint.simulator.model.TransformerArchitecture.LocalAttention;
import dev.blueprint.simulator.model.TransformerArchitecture.VisionStem;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the kernels of transformer passes from the architecture parameters, split over a
 * tensor-parallel group, the way fused inference engines and Megatron-style training schedule them:
 * per block a norm, the QKV projection, attention (FlashAttention: scores never reach memory), the
 * output projection, a norm, the MLP up (and gate) projection, its activation, the down projection,
 * and two all-reduces when the block is split over devices.
 *
 * <p>Several passes can share one iteration (in-flight batching: decode steps of running sequences
 * plus prefill chunks of new ones): their tokens go through the projections together, so the
 * weights are read once, while each pass has its own attention.
 */
public final class TransformerOps {
  /** Bytes of one output logit: engines keep logits in fp32 for sampling. */
  static final double LOGIT_BYTES = 4;

  private TransformerOps() {}

  /**
   * @param arch the architecture
   * @param plan numeric formats
   * @param tensorParallel devices each block is split over
   * @param blocks blocks this device runs (all of them, or a pipeline stage's share)
   * @param passes the passes sharing this iteration
   */
  public static TransformerCost forward(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tensorParallel,
      double blocks,
      List<TransformerPass> passes) {
    return forward(arch, plan, tensorParallel, blocks, passes, ExpertSplit.TENSOR);
  }

  /**
   * How the experts of a mixture of experts are split over the tensor-parallel group.
   *
   * <p>{@code TENSOR}: every device holds a {@code 1/tp} slice of every expert's width and runs
   * every routed row (vLLM's default). {@code EXPERT}: every device holds {@code experts/tp} whole
   * experts and runs the rows routed to them (TensorRT-LLM's MoE benchmarks run {@code --ep} equal
   * to the group). Both read the same weight bytes and do the same arithmetic per device, and in
   * both the block ends in one all-reduce (the tokens are replicated after attention); expert
   * parallelism runs fewer, wider GEMMs, which matters when experts are narrow (Qwen3's 1536 split
   * 8 ways is 192 columns). Falls back to {@code TENSOR} when the experts do not divide evenly.
   */
  public enum ExpertSplit {
    TENSOR,
    EXPERT,
    /**
     * {@code EXPERT}, with attention data parallel: each device runs attention for its own share of
     * the sequences with all heads, so it reads only those sequences' cached keys and values.
     */
    EXPERT_WITH_ATTENTION_DP
  }

  /** As above, with the experts split over the group as {@code split} says. */
  public static TransformerCost forward(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tensorParallel,
      double blocks,
      List<TransformerPass> passes,
      ExpertSplit split) {
    boolean expertParallel =
        split != ExpertSplit.TENSOR && tensorParallel > 1 && arch.experts() % tensorParallel == 0;
    boolean attentionDataParallel =
        split == ExpertSplit.EXPERT_WITH_ATTENTION_DP && tensorParallel > 1;
    if (tensorParallel < 1) {
      throw new IllegalArgumentException(
          "tensor parallel degree must be at least 1, got " + tensorParallel);
    }
    if (passes.isEmpty()) {
      throw new IllegalArgumentException("at least one pass is needed");
    }
    double tokens = passes.stream().mapToDouble(TransformerPass::tokens).sum();
    List<CollectiveCall> collectives = blockCollectives(arch, plan, tensorParallel, tokens, false);
    List<OpCost> outer = outer(arch, plan, tensorParallel, passes);
    Map<BlockKind, Integer> kinds = arch.blockKinds();
    if (kinds.size() == 1) {
      BlockKind kind = kinds.keySet().iterator().next();
      List<OpCost> block =
          block(
              arch,
              plan,
              tensorParallel,
              tokens,
              passes,
              kind,
              expertParallel,
              attentionDataParallel,
              "");
      return new TransformerCost(block, collectives, blocks, outer);
    }
    // Several kinds of block: this device's blocks are split among them in the model's
    // proportions (exactly, when it holds every layer). Kernel names carry the kind, so that
    // reports tell a dense layer's attn.core from a routed one's.
    List<TransformerCost.BlockGroup> groups = new ArrayList<>();
    for (Map.Entry<BlockKind, Integer> kind : kinds.entrySet()) {
      String name =
          (kind.getKey().routed() ? "moe" : "dense")
              + (kind.getKey().local() ? ".local" : ".global");
      groups.add(
          new TransformerCost.BlockGroup(
              name,
              block(
                  arch,
                  plan,
                  tensorParallel,
                  tokens,
                  passes,
                  kind.getKey(),
                  expertParallel,
                  attentionDataParallel,
                  name + "."),
              collectives,
              blocks * kind.getValue() / arch.layers()));
    }
    return new TransformerCost(groups, outer);
  }

  /** The block kind of a model whose layers are alike (and of training, which models one kind). */
  static BlockKind uniformKind(TransformerArchitecture arch) {
    return new BlockKind(arch.isMixtureOfExperts(), false);
  }

  /**
   * The forward pass of one training micro-batch: the inference kernels plus the fused
   * bias-dropout-residual kernels after attention and MLP, and, for unfused attention, the score
   * matrix written, soft-maxed and dropped out in memory.
   *
   * @param microBatch sequences in the micro-batch
   * @param tokens tokens of each sequence on this device (after context parallelism)
   * @param sequence full sequence length (what each query attends over)
   */
  public static TransformerCost trainingForward(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tensorParallel,
      double blocks,
      double microBatch,
      double tokens,
      double sequence,
      AttentionKernel attention) {
    double attended =
        arch.stack() == TransformerArchitecture.Stack.ENCODER ? sequence : (sequence + 1) / 2;
    TransformerPass pass = new TransformerPass(microBatch, tokens, attended, 0, tokens);
    double total = pass.tokens();
    List<OpCost> block =
        new ArrayList<>(
            block(
                arch,
                plan,
                tensorParallel,
                total,
                List.of(pass),
                uniformKind(arch),
                false,
                false,
                ""));
    double h = arch.hidden();
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    // Bias, dropout and residual add, fused: read the output and the residual, write the sum and
    // a one-byte mask; once after attention, once after the MLP.
    for (String name : List.of("attn.dropout_add", "mlp.dropout_add")) {
      block.add(vector(name, 3 * total * h, total * h * (3 * ab + 1)));
    }
    if (attention == AttentionKernel.UNFUSED) {
      block.removeIf(op -> op.name().startsWith("attn.core"));
      double headsHere = arch.heads() / (double) tensorParallel;
      double q = arch.queryWidth() / (double) tensorParallel;
      double scores = microBatch * headsHere * tokens * sequence * ab;
      // cuBLAS computes the whole score matrix; the causal mask is applied afterwards.
      double products = 2 * microBatch * tokens * sequence * q;
      block.add(
          new OpCost(
              "attn.scores",
              OpClass.MATRIX,
              plan.math(),
              products,
              scores + total * 2 * q * ab,
              0,
              0,
              0,
              1));
      block.add(vector("attn.softmax", 5 * scores / ab, 2 * scores));
      block.add(vector("attn.dropout", scores / ab, 2.5 * scores));
      block.add(
          new OpCost(
              "attn.values",
              OpClass.MATRIX,
              plan.math(),
              products,
              scores + total * 2 * q * ab,
              0,
              0,
              0,
              1));
    }
    List<CollectiveCall> collectives = blockCollectives(arch, plan, tensorParallel, total, false);
    return new TransformerCost(
        block, collectives, blocks, outer(arch, plan, tensorParallel, List.of(pass)));
  }

  /** The kernels of one block for {@code tokens} tokens. */
  static List<OpCost> block(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tp,
      double tokens,
      List<TransformerPass> passes,
      BlockKind kind,
      boolean expertParallel,
      boolean attentionDataParallel,
      String prefix) {
    return block(
        arch,
        plan,
        tp,
        tokens,
        passes,
        kind.routed() ? arch.ffn() : arch.denseFfn(),
        kind,
        false,
        expertParallel,
        attentionDataParallel,
        prefix);
  }

  /** The kernels of one block for {@code tokens} tokens with an MLP of width {@code ffn}. */
  static List<OpCost> block(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tp,
      double tokens,
      List<TransformerPass> passes,
      int ffn,
      BlockKind kind,
      boolean crossAttention,
      boolean expertParallel,
      boolean attentionDataParallel,
      String prefix) {
    double h = arch.hidden();
    double q = arch.queryWidth() / (double) tp;
    double kv = kvWidthPerDevice(arch, tp);
    double f = ffn / (double) tp;
    double wb = plan.weightBytesPerElement();
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    Precision math = plan.math();
    List<OpCost> ops = new ArrayList<>();

    ops.add(vector(prefix + "attn.norm", 8 * tokens * h, 3 * tokens * h * ab));
    if (arch.latentAttention().isPresent()) {
      latentProjections(ops, arch, plan, tp, tokens, prefix);
    } else {
      quantize(ops, plan, prefix + "attn.qkv", tokens * h);
      ops.add(gemm(prefix + "attn.qkv", math, tokens, h, q + 2 * kv, wb, ab));
    }
    for (int i = 0; i < passes.size(); i++) {
      String name = prefix + "attn.core" + (passes.size() > 1 ? "." + i : "");
      TransformerPass pass = kind.local() ? windowed(arch, passes.get(i)) : passes.get(i);
      // Data-parallel attention: this device's share of the sequences, all heads.
      int attentionTp = attentionDataParallel ? 1 : tp;
      TransformerPass own = attentionDataParallel ? pass.share(1.0 / tp) : pass;
      ops.add(
          arch.latentAttention().isPresent()
              ? latentAttention(name, arch, plan, attentionTp, own)
              : attention(name, arch, plan, attentionTp, own));
    }
    if (arch.latentAttention().isPresent()) {
      double out = (double) arch.heads() / tp * arch.latentAttention().get().vHeadDim();
      quantize(ops, plan, prefix + "attn.out", tokens * out);
      ops.add(gemm(prefix + "attn.out", math, tokens, out, h, wb, ab));
    } else {
      quantize(ops, plan, prefix + "attn.out", tokens * q);
      ops.add(gemm(prefix + "attn.out", math, tokens, q, h, wb, ab));
    }
    if (crossAttention) {
      ops.add(vector(prefix + "xattn.norm", 8 * tokens * h, 3 * tokens * h * ab));
      ops.add(gemm(prefix + "xattn.q", math, tokens, h, q, wb, ab));
      ops.add(gemm(prefix + "xattn.out", math, tokens, q, h, wb, ab));
    }
    if (!arch.parallelAttnMlp()) {
      ops.add(vector(prefix + "mlp.norm", 8 * tokens * h, 3 * tokens * h * ab));
    }
    double upWidth = (arch.gatedMlp() ? 2 : 1) * f;
    if (kind.routed()) {
      ops.add(gemm(prefix + "mlp.router", plan.activations(), tokens, h, arch.experts(), 2, ab));
      double routed = tokens * arch.expertsPerToken();
      double touched =
          arch.experts()
              * (1 - Math.pow(1 - arch.expertsPerToken() / (double) arch.experts(), tokens));
      // Engines copy each token's row once per chosen expert into expert order (casting to fp8
      // on the way when the GEMMs take fp8), and after the down projection gather each token's
      // rows back and sum them by their router weights: TensorRT-LLM's expandInputRowsKernel and
      // finalizeMoeRoutingKernel, two kernels of their own (docs/calibration.md).
      double gemmInput = plan.math() == Precision.FP8 ? 1 : ab;
      if (expertParallel) {
        // Whole experts, experts/tp of them on each device, each running the rows routed to it
        // (uniform routing: a 1/tp share of the rows and of the touched experts).
        double rows = routed / tp;
        double local = Math.max(1, touched / tp);
        double up = (arch.gatedMlp() ? 2.0 : 1.0) * ffn;
        ops.add(vector(prefix + "mlp.expand", 0, tokens * h * ab + rows * h * gemmInput));
        ops.add(expertGemm(prefix + "mlp.up", math, rows, h, up, local, wb, ab));
        ops.add(vector(prefix + "mlp.act", 4 * rows * ffn, rows * (up + ffn) * ab));
        quantize(ops, plan, prefix + "mlp.down", rows * ffn);
        ops.add(expertGemm(prefix + "mlp.down", math, rows, ffn, h, local, wb, ab));
        ops.add(vector(prefix + "mlp.finalize", 2 * rows * h, rows * h * ab + tokens * h * ab));
      } else {
        ops.add(vector(prefix + "mlp.expand", 0, tokens * h * ab + routed * h * gemmInput));
        ops.add(expertGemm(prefix + "mlp.up", math, routed, h, upWidth, touched, wb, ab));
        ops.add(vector(prefix + "mlp.act", 4 * routed * f, routed * (upWidth + f) * ab));
        quantize(ops, plan, prefix + "mlp.down", routed * f);
        ops.add(expertGemm(prefix + "mlp.down", math, routed, f, h, touched, wb, ab));
        ops.add(vector(prefix + "mlp.finalize", 2 * routed * h, routed * h * ab + tokens * h * ab));
      }
      int shared = arch.moeLayout().sharedExperts();
      if (shared > 0) {
        // The shared experts: one dense MLP every token passes through, beside the routed ones.
        double sf = (double) shared * ffn / tp;
        double sharedUp = (arch.gatedMlp() ? 2 : 1) * sf;
        quantize(ops, plan, prefix + "mlp.shared.up", tokens * h);
        ops.add(gemm(prefix + "mlp.shared.up", math, tokens, h, sharedUp, wb, ab));
        ops.add(vector(prefix + "mlp.shared.act", 4 * tokens * sf, tokens * (sharedUp + sf) * ab));
        quantize(ops, plan, prefix + "mlp.shared.down", tokens * sf);
        ops.add(gemm(prefix + "mlp.shared.down", math, tokens, sf, h, wb, ab));
      }
    } else {
      quantize(ops, plan, prefix + "mlp.up", tokens * h);
      ops.add(gemm(prefix + "mlp.up", math, tokens, h, upWidth, wb, ab));
      ops.add(vector(prefix + "mlp.act", 4 * tokens * f, tokens * (upWidth + f) * ab));
      quantize(ops, plan, prefix + "mlp.down", tokens * f);
      ops.add(gemm(prefix + "mlp.down", math, tokens, f, h, wb, ab));
    }
    return ops;
  }

  static List<CollectiveCall> blockCollectives(
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tp,
      double tokens,
      boolean crossAttention) {
    List<CollectiveCall> calls = new ArrayList<>();
    if (tp <= 1) {
      return calls;
    }
    // Activations cross devices in 16 bits even when GEMMs run in fp8 or int8.
    double bytes = tokens * arch.hidden() * Math.max(2, plan.activations().bytesPerElement());
    calls.add(new CollectiveCall("attn.allreduce", Operation.ALL_REDUCE, bytes, tp));
    if (crossAttention) {
      calls.add(new CollectiveCall("xattn.allreduce", Operation.ALL_REDUCE, bytes, tp));
    }
    if (!arch.parallelAttnMlp()) {
      calls.add(new CollectiveCall("mlp.allreduce", Operation.ALL_REDUCE, bytes, tp));
    }
    return calls;
  }

  /** Kernels outside the blocks: embeddings, final norm, output projection, stems and heads. */
  static List<OpCost> outer(
      TransformerArchitecture arch, PrecisionPlan plan, int tp, List<TransformerPass> passes) {
    double h = arch.hidden();
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    double tokens = passes.stream().mapToDouble(TransformerPass::tokens).sum();
    double logits = passes.stream().mapToDouble(p -> p.sequences() * p.logitsPerSequence()).sum();
    Precision headPrecision = plan.embeddingAndHead();
    double headBytes = headPrecision.bytesPerElement();
    List<OpCost> ops = new ArrayList<>();
    if (arch.vision().isPresent()) {
      VisionStem v = arch.vision().get();
      double sequences = passes.stream().mapToDouble(TransformerPass::sequences).sum();
      double patchIn = (double) v.patchSize() * v.patchSize() * v.channels();
      ops.add(
          gemm(
              "patch.embed",
              plan.math(),
              sequences * (v.tokens() - 1),
              patchIn,
              h,
              plan.weightBytesPerElement(),
              ab));
      ops.add(vector("final.norm", 8 * tokens * h, 2 * tokens * h * ab));
      ops.add(
          gemm("head", plan.math(), sequences, h, v.labels(), plan.weightBytesPerElement(), ab));
      return ops;
    }
    ops.add(
        new OpCost(
            "embed",
            OpClass.GATHER,
            plan.activations(),
            0,
            tokens * h * ab,
            tokens * h * ab,
            tokens * h * headBytes,
            0,
            1));
    if (arch.stack() == TransformerArchitecture.Stack.ENCODER) {
      ops.add(vector("embed.norm", 8 * tokens * h, 2 * tokens * h * ab));
      if (arch.pooler()) {
        double sequences = passes.stream().mapToDouble(TransformerPass::sequences).sum();
        ops.add(gemm("pooler", plan.math(), sequences, h, h, plan.weightBytesPerElement(), ab));
      }
      return ops;
    }
    ops.add(vector("final.norm", 8 * logits * h, 2 * logits * h * ab));
    if (logits > 0) {
      Precision headMath = headPrecision == plan.weights() ? plan.math() : headPrecision;
      double vocabShard = arch.vocab() / (double) tp;
      ops.add(
          new OpCost(
              "lm_head",
              OpClass.MATRIX,
              headMath,
              2 * logits * h * vocabShard,
              h * vocabShard * headBytes + logits * (h * ab + vocabShard * LOGIT_BYTES),
              logits * h * ab,
              0,
              0,
              1));
      if (passes.stream()
          .anyMatch(p -> p.logitsPerSequence() < p.newTokens() || p.newTokens() == 1)) {
        // Serving samples the next token: a softmax / top-k pass over every logit.
        ops.add(vector("sampling", 5 * logits * vocabShard, logits * vocabShard * LOGIT_BYTES));
      }
    }
    return ops;
  }

  /** The audio encoder of an encoder-decoder model over {@code sequences} inputs. */
  public static TransformerCost audioEncoder(
      TransformerArchitecture arch, PrecisionPlan plan, int tp, double sequences) {
    AudioEncoder e =
        arch.encoder()
            .orElseThrow(() -> new IllegalArgumentException("not an encoder-decoder model"));
    double frames = e.sourcePositions();
    TransformerPass pass = TransformerPass.encoder(sequences, frames);
    double tokens = pass.tokens();
    double h = arch.hidden();
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    double wb = plan.weightBytesPerElement();
    List<OpCost> block =
        block(
            arch,
            plan,
            tp,
            tokens,
            List.of(pass),
            e.ffn(),
            uniformKind(arch),
            false,
            false,
            false,
            "enc.");
    List<OpCost> outer = new ArrayList<>();
    // Two kernel-3 convolutions: mel bins -> hidden over 2x frames, then hidden -> hidden, stride
    // 2.
    outer.add(gemm("enc.conv1", plan.math(), 2 * tokens, 3.0 * e.melBins(), h, wb, ab));
    outer.add(gemm("enc.conv2", plan.math(), tokens, 3.0 * h, h, wb, ab));
    outer.add(vector("enc.final.norm", 8 * tokens * h, 2 * tokens * h * ab));
    // The decoder's cross-attention keys and values are projected once per input.
    outer.add(
        gemm(
            "dec.xattn.kv",
            plan.math(),
            tokens,
            h,
            2.0 * kvWidthPerDevice(arch, tp) * arch.layers(),
            wb,
            ab));
    return new TransformerCost(
        block, blockCollectives(arch, plan, tp, tokens, false), e.layers(), outer);
  }

  /**
   * The decoder of an encoder-decoder model: self-attention, cross-attention to the encoder, MLP.
   */
  public static TransformerCost decoderWithCrossAttention(
      TransformerArchitecture arch, PrecisionPlan plan, int tp, List<TransformerPass> passes) {
    AudioEncoder e =
        arch.encoder()
            .orElseThrow(() -> new IllegalArgumentException("not an encoder-decoder model"));
    double tokens = passes.stream().mapToDouble(TransformerPass::tokens).sum();
    List<OpCost> block =
        new ArrayList<>(
            block(
                arch,
                plan,
                tp,
                tokens,
                passes,
                arch.ffn(),
                uniformKind(arch),
                true,
                false,
                false,
                ""));
    for (TransformerPass pass : passes) {
      TransformerPass cross =
          new TransformerPass(
              pass.sequences(), pass.newTokens(), e.sourcePositions(), e.sourcePositions(), 0);
      block.add(attention("xattn.core", arch, plan, tp, cross));
    }
    return new TransformerCost(
        block,
        blockCollectives(arch, plan, tp, tokens, true),
        arch.layers(),
        outer(arch, plan, tp, passes));
  }

  private static OpCost attention(
      String name, TransformerArchitecture arch, PrecisionPlan plan, int tp, TransformerPass pass) {
    double q = arch.queryWidth() / (double) tp;
    double kv = kvWidthPerDevice(arch, tp);
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    double kvb = plan.kvCache().bytesPerElement();
    double tokens = pass.tokens();
    // Scores and weighted values: two matrix products of width q over the attended keys.
    double flop = 4 * tokens * pass.attendedContext() * q;
    // Queries in, outputs out, new keys and values written to the cache, cached ones read.
    double bytes = tokens * 2 * q * ab + tokens * 2 * kv * kvb;
    double paged = pass.sequences() * pass.kvReadPerSequence() * 2 * kv * kvb;
    double perPassKeys = pass.kvReadPerSequence() == 0 ? tokens * 2 * kv * ab : 0;
    Precision math =
        plan.activations() == Precision.INT8
            ? Precision.INT8
            : (plan.kvCache() == Precision.FP8 ? Precision.FP8 : plan.activations());
    return new OpCost(
        name,
        OpClass.ATTENTION,
        math,
        flop,
        bytes + perPassKeys,
        tokens * 2 * q * ab + perPassKeys,
        0,
        0,
        1,
        paged,
        1);
  }

  /**
   * A pass as a local layer sees it: each token attends to at most the window (or its chunk), and a
   * decode step reads at most the window's tokens from the cache.
   */
  static TransformerPass windowed(TransformerArchitecture arch, TransformerPass pass) {
    LocalAttention local = arch.localAttention().orElseThrow();
    if (pass.kvReadPerSequence() == 0) {
      // A causal pass from an empty cache attends to (n + 1) / 2 keys on average in a full layer.
      double tokens = 2 * pass.attendedContext() - 1;
      return new TransformerPass(
          pass.sequences(),
          pass.newTokens(),
          Math.min(pass.attendedContext(), local.averageAttended(tokens)),
          0,
          pass.logitsPerSequence());
    }
    return new TransformerPass(
        pass.sequences(),
        pass.newTokens(),
        Math.min(pass.attendedContext(), local.window()),
        Math.min(pass.kvReadPerSequence(), local.window()),
        pass.logitsPerSequence());
  }

  /**
   * The projections of multi-head latent attention over a tensor-parallel group. The query
   * bottleneck ({@code q_a_proj}) and the key/value latent ({@code kv_a_proj_with_mqa}) produce one
   * latent for all heads, so every device computes them whole (one fused GEMM); the per-head
   * expansions ({@code q_b_proj}, {@code kv_b_proj}) are split by heads. {@code kv_b_proj} costs
   * the same whether it expands the new tokens' keys and values (prefill) or is absorbed into the
   * queries and outputs (decode): {@code tokens × kv_lora_rank × heads × (qk_nope + v)}
   * multiply-adds, its weights read once.
   */
  private static void latentProjections(
      List<OpCost> ops,
      TransformerArchitecture arch,
      PrecisionPlan plan,
      int tp,
      double tokens,
      String prefix) {
    LatentAttention m = arch.latentAttention().orElseThrow();
    double h = arch.hidden();
    double headsHere = arch.heads() / (double) tp;
    double wb = plan.weightBytesPerElement();
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    Precision math = plan.math();
    quantize(ops, plan, prefix + "attn.qkv_a", tokens * h);
    if (m.qLoraRank() > 0) {
      ops.add(
          gemm(prefix + "attn.qkv_a", math, tokens, h, m.qLoraRank() + m.cachedWidth(), wb, ab));
      ops.add(
          vector(
              prefix + "attn.latent_norm",
              8 * tokens * (m.qLoraRank() + m.kvLoraRank()),
              2 * tokens * (m.qLoraRank() + m.kvLoraRank()) * ab));
      quantize(ops, plan, prefix + "attn.q_b", tokens * m.qLoraRank());
      ops.add(
          gemm(
              prefix + "attn.q_b", math, tokens, m.qLoraRank(), headsHere * m.qkHeadDim(), wb, ab));
    } else {
      ops.add(
          gemm(
              prefix + "attn.qkv_a",
              math,
              tokens,
              h,
              headsHere * m.qkHeadDim() + m.cachedWidth(),
              wb,
              ab));
      ops.add(
          vector(
              prefix + "attn.latent_norm",
              8 * tokens * m.kvLoraRank(),
              2 * tokens * m.kvLoraRank() * ab));
    }
    quantize(ops, plan, prefix + "attn.kv_b", tokens * m.kvLoraRank());
    ops.add(
        gemm(
            prefix + "attn.kv_b",
            math,
            tokens,
            m.kvLoraRank(),
            headsHere * (m.qkNopeHeadDim() + m.vHeadDim()),
            wb,
            ab));
  }

  /**
   * The attention core of multi-head latent attention. A pass over new tokens only (prefill) runs
   * ordinary attention over keys and values expanded from the latent: scores of width {@code
   * qk_nope + qk_rope}, values of {@code v_head_dim}. A pass that reads a cache (decode) runs the
   * absorbed form the DeepSeek-V2 paper describes: queries projected into the latent space, scores
   * of width {@code kv_lora_rank + qk_rope} and values of {@code kv_lora_rank} per head, all heads
   * reading the same cached latent once (docs/calibration.md).
   */
  private static OpCost latentAttention(
      String name, TransformerArchitecture arch, PrecisionPlan plan, int tp, TransformerPass pass) {
    LatentAttention m = arch.latentAttention().orElseThrow();
    double headsHere = arch.heads() / (double) tp;
    double ab = Math.max(plan.activations().bytesPerElement(), 1);
    double kvb = plan.kvCache().bytesPerElement();
    double tokens = pass.tokens();
    boolean absorbed = pass.kvReadPerSequence() > 0;
    double qk = absorbed ? m.cachedWidth() : m.qkHeadDim();
    double v = absorbed ? m.kvLoraRank() : m.vHeadDim();
    double flop = 2 * tokens * pass.attendedContext() * headsHere * (qk + v);
    double io = tokens * headsHere * (qk + v) * ab;
    double written = tokens * m.cachedWidth() * kvb;
    double paged = pass.sequences() * pass.kvReadPerSequence() * m.cachedWidth() * kvb;
    double perPassKeys = absorbed ? 0 : tokens * headsHere * (m.qkHeadDim() + m.vHeadDim()) * ab;
    Precision math =
        plan.activations() == Precision.INT8
            ? Precision.INT8
            : (plan.kvCache() == Precision.FP8 ? Precision.FP8 : plan.activations());
    return new OpCost(
        name,
        OpClass.ATTENTION,
        math,
        flop,
        io + written + perPassKeys,
        io + perPassKeys,
        0,
        0,
        1,
        paged,
        1);
  }

  /** Key (or value) width one device holds: its share of the KV heads, at least one head. */
  static double kvWidthPerDevice(TransformerArchitecture arch, int tp) {
    return (double) arch.kvHeadsPerDevice(tp) * arch.headDim();
  }

  private static OpCost gemm(
      String name, Precision math, double rows, double in, double out, double wb, double ab) {
    double weights = in * out * wb;
    double activations = rows * (in + out) * ab;
    return new OpCost(
        name,
        OpClass.MATRIX,
        math,
        2 * rows * in * out,
        weights + activations,
        activations,
        0,
        0,
        1);
  }

  /** One grouped GEMM over the experts the tokens were routed to: each expert is its own GEMM. */
  private static OpCost expertGemm(
      String name,
      Precision math,
      double routedRows,
      double in,
      double out,
      double experts,
      double wb,
      double ab) {
    double weights = experts * in * out * wb;
    double activations = routedRows * (in + out) * ab;
    return new OpCost(
        name,
        OpClass.MATRIX,
        math,
        2 * routedRows * in * out,
        weights + activations,
        activations,
        0,
        0,
        1,
        0,
        Math.max(1, experts));
  }

  /**
   * FP8 GEMMs take FP8 inputs, but activations travel in 16 bits: a scaled cast reads the 16-bit
   * tensor and writes its FP8 copy before each GEMM. Published profiles put these casts at 17–18 %
   * of FP8 GEMM time (Transformer Engine GEMM profiling on H200; an nm-vllm decode profile);
   * docs/calibration.md.
   */
  private static void quantize(List<OpCost> ops, PrecisionPlan plan, String gemm, double elements) {
    if (plan.math() != Precision.FP8 || plan.activations().bytesPerElement() < 2) {
      return;
    }
    double ab = plan.activations().bytesPerElement();
    ops.add(vector(gemm + ".quant", 2 * elements, elements * (ab + 1)));
  }

  private static OpCost vector(String name, double flop, double bytes) {
    return new OpCost(name, OpClass.VECTOR, Precision.FP32, flop, bytes, bytes, 0, 0, 1);
  }
}
