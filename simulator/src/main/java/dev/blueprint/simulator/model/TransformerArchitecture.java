package dev.blueprint.simulator.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A transformer described by the architecture parameters of its Hugging Face {@code config.json}.
 * Parameter counts and (in {@code perf}) FLOPs, weight traffic and KV-cache bytes are derived from
 * these numbers, never written down.
 *
 * @param stack decoder-only, encoder-only or encoder-decoder
 * @param layers transformer blocks (the decoder's, for an encoder-decoder)
 * @param hidden model width
 * @param heads query heads
 * @param kvHeads key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param headDim width of one head
 * @param ffn width of the MLP (of one expert, for a mixture of experts)
 * @param gatedMlp three matrices (SwiGLU, GeGLU) rather than two
 * @param vocab vocabulary size (0 for a vision encoder)
 * @param tiedEmbeddings whether the output projection shares the input embedding
 * @param position how positions are encoded
 * @param maxPositions the longest context (learned position tables have this many rows)
 * @param rmsNorm RMSNorm (a scale only) rather than LayerNorm (scale and shift)
 * @param attentionBias biases on the q, k, v and output projections
 * @param mlpBias biases in the MLP
 * @param lmHeadBias a bias on the output projection (GPT-J)
 * @param experts experts per MLP; 1 for a dense model
 * @param expertsPerToken experts each token is routed to
 * @param parallelAttnMlp attention and MLP read the same normalised input (GPT-J), one norm per
 *     block
 * @param typeVocab token-type embeddings (BERT), or 0
 * @param pooler a pooler dense layer on the first token (BERT)
 * @param defaultSequence the sequence length used when none is given
 * @param vision the patch embedding and classifier of a vision transformer, if any
 * @param encoder the encoder of an encoder-decoder model (Whisper), if any
 * @param moeLayout which layers of a mixture of experts route (the others are dense), their shared
 *     experts and the width of the dense layers
 * @param localAttention layers that attend only within a window or chunk (Gemma 3, GPT-OSS, Llama
 *     4), if any
 * @param latentAttention multi-head latent attention (DeepSeek-V3), if the model uses it
 */
public record TransformerArchitecture(
    Stack stack,
    int layers,
    int hidden,
    int heads,
    int kvHeads,
    int headDim,
    int ffn,
    boolean gatedMlp,
    int vocab,
    boolean tiedEmbeddings,
    PositionEncoding position,
    int maxPositions,
    boolean rmsNorm,
    boolean attentionBias,
    boolean mlpBias,
    boolean lmHeadBias,
    int experts,
    int expertsPerToken,
    boolean parallelAttnMlp,
    int typeVocab,
    boolean pooler,
    int defaultSequence,
    Optional<VisionStem> vision,
    Optional<AudioEncoder> encoder,
    MoeLayout moeLayout,
    Optional<LocalAttention> localAttention,
    Optional<LatentAttention> latentAttention)
    implements ModelStructure {

  /** Which halves of the transformer the model has. */
  public enum Stack {
    DECODER,
    ENCODER,
    ENCODER_DECODER
  }

  /** How token positions enter the model. */
  public enum PositionEncoding {
    ROPE,
    LEARNED,
    ALIBI,
    SINUSOIDAL;

    public static PositionEncoding parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "expected one of rope, learned, alibi, sinusoidal, got '" + text + "'");
      }
    }
  }

  /**
   * The patch embedding and head of a vision transformer.
   *
   * @param imageSize input height and width in pixels
   * @param patchSize patch height and width
   * @param channels input channels
   * @param labels classifier outputs
   */
  public record VisionStem(int imageSize, int patchSize, int channels, int labels) {
    public VisionStem {
      if (imageSize < 1
          || patchSize < 1
          || channels < 1
          || labels < 1
          || imageSize % patchSize != 0) {
        throw new IllegalArgumentException(
            "image size must be a positive multiple of the patch size, got "
                + imageSize
                + " and "
                + patchSize);
      }
    }

    /** Patches plus the class token. */
    public int tokens() {
      int side = imageSize / patchSize;
      return side * side + 1;
    }
  }

  /**
   * The audio encoder of a Whisper-style model: two 1-D convolutions over mel frames, then
   * transformer blocks of the same width as the decoder.
   *
   * @param layers encoder blocks
   * @param ffn encoder MLP width
   * @param melBins input features per frame
   * @param sourcePositions encoder frames after the stride-2 convolution (1500 for 30 s)
   */
  public record AudioEncoder(int layers, int ffn, int melBins, int sourcePositions) {
    public AudioEncoder {
      if (layers < 1 || ffn < 1 || melBins < 1 || sourcePositions < 1) {
        throw new IllegalArgumentException("audio encoder sizes must be positive");
      }
    }
  }

  /**
   * Where the experts of a mixture of experts sit. Layer {@code i} routes when {@code i >=
   * firstDenseLayers} and {@code i % moeLayerStep == moeLayerStep - 1} (DeepSeek's {@code
   * first_k_dense_replace}, Llama 4's {@code interleave_moe_layer_step}, whose MoE layers are 1, 3,
   * 5, ... for a step of 2); the other layers have a dense MLP of {@code denseFfn}.
   *
   * @param sharedExperts experts every token passes through besides the routed ones; together one
   *     MLP of {@code sharedExperts} times the expert width (DeepSeek's {@code n_shared_experts};
   *     Llama 4 always has one)
   * @param denseFfn MLP width of the dense layers, or 0 for the expert width (Mixtral has none)
   * @param firstDenseLayers leading layers that stay dense
   * @param moeLayerStep every how many layers one routes
   */
  public record MoeLayout(int sharedExperts, int denseFfn, int firstDenseLayers, int moeLayerStep) {
    /** Every layer routes, no shared experts (Mixtral, Qwen3 MoE, GPT-OSS). */
    public static final MoeLayout EVERY_LAYER = new MoeLayout(0, 0, 0, 1);

    public MoeLayout {
      if (sharedExperts < 0 || denseFfn < 0 || firstDenseLayers < 0 || moeLayerStep < 1) {
        throw new IllegalArgumentException(
            "n_shared_experts, the dense MLP width and first_k_dense_replace must not be"
                + " negative and interleave_moe_layer_step must be at least 1, got "
                + sharedExperts
                + ", "
                + denseFfn
                + ", "
                + firstDenseLayers
                + ", "
                + moeLayerStep);
      }
    }
  }

  /**
   * Layers that attend locally: each token sees at most the last {@code window} tokens (a sliding
   * window: Gemma 3, GPT-OSS) or only the tokens of its own {@code window}-token chunk (chunked
   * attention: Llama 4). Every {@code globalInterval}-th layer ({@code (i + 1) % globalInterval ==
   * 0}) attends to the whole context; 0 means every layer is local. Such a layer caches at most
   * {@code window} tokens per sequence and attends to at most that many.
   *
   * @param window tokens in the window or chunk
   * @param chunked chunked rather than sliding
   * @param globalInterval every how many layers one attends globally, or 0
   */
  public record LocalAttention(int window, boolean chunked, int globalInterval) {
    public LocalAttention {
      if (window < 1 || globalInterval < 0 || globalInterval == 1) {
        throw new IllegalArgumentException(
            "a local attention window must be positive and the global interval 0 or at least 2,"
                + " got "
                + window
                + " and "
                + globalInterval);
      }
    }

    /**
     * Average number of keys each of {@code tokens} new tokens attends to in a causal pass from an
     * empty cache: {@code (tokens + 1) / 2} for a full layer, capped by the window or chunk.
     */
    public double averageAttended(double tokens) {
      if (tokens <= window) {
        return (tokens + 1) / 2;
      }
      if (chunked) {
        double chunks = Math.floor(tokens / window);
        double rest = tokens - chunks * window;
        return (chunks * window * (window + 1) / 2 + rest * (rest + 1) / 2) / tokens;
      }
      return ((double) window * (window + 1) / 2 + (tokens - window) * window) / tokens;
    }
  }

  /**
   * Multi-head latent attention (DeepSeek-V2/V3): keys and values are compressed into one latent of
   * {@code kvLoraRank} per token plus a shared rotary key of {@code qkRopeHeadDim}, which is all
   * the cache holds; each head's keys ({@code qkNopeHeadDim}) and values ({@code vHeadDim}) are
   * expanded from the latent by {@code kv_b_proj}. Queries go through a rank-{@code qLoraRank}
   * bottleneck (0: a plain projection).
   *
   * @param kvLoraRank width of the compressed key/value latent
   * @param qLoraRank width of the query bottleneck, or 0
   * @param qkNopeHeadDim per-head key/query width without rotary positions
   * @param qkRopeHeadDim width of the rotary part (one key shared by all heads)
   * @param vHeadDim per-head value width
   */
  public record LatentAttention(
      int kvLoraRank, int qLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    public LatentAttention {
      if (kvLoraRank < 1
          || qLoraRank < 0
          || qkNopeHeadDim < 1
          || qkRopeHeadDim < 0
          || vHeadDim < 1) {
        throw new IllegalArgumentException(
            "latent attention sizes must be positive (q_lora_rank 0 for none), got kv_lora_rank "
                + kvLoraRank
                + ", q_lora_rank "
                + qLoraRank
                + ", qk_nope_head_dim "
                + qkNopeHeadDim
                + ", qk_rope_head_dim "
                + qkRopeHeadDim
                + ", v_head_dim "
                + vHeadDim);
      }
    }

    /** Per-head query and key width: the part without positions plus the rotary part. */
    public int qkHeadDim() {
      return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Elements one token adds to one layer's cache: the latent and the rotary key. */
    public int cachedWidth() {
      return kvLoraRank + qkRopeHeadDim;
    }
  }

  public TransformerArchitecture {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(vision, "vision");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(moeLayout, "moeLayout");
    Objects.requireNonNull(localAttention, "localAttention");
    Objects.requireNonNull(latentAttention, "latentAttention");
    positive("num_hidden_layers", layers);
    positive("hidden_size", hidden);
    positive("num_attention_heads", heads);
    positive("num_key_value_heads", kvHeads);
    positive("head_dim", headDim);
    positive("intermediate_size", ffn);
    positive("max_position_embeddings", maxPositions);
    positive("num_local_experts", experts);
    positive("num_experts_per_tok", expertsPerToken);
    positive("default_sequence", defaultSequence);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads ("
              + heads
              + ") must be a multiple of num_key_value_heads ("
              + kvHeads
              + ")");
    }
    if (expertsPerToken > experts) {
      throw new IllegalArgumentException(
          "num_experts_per_tok ("
              + expertsPerToken
              + ") exceeds num_local_experts ("
              + experts
              + ")");
    }
    if (vocab < 0 || typeVocab < 0) {
      throw new IllegalArgumentException("vocabulary sizes must not be negative");
    }
    if (vocab == 0 && vision.isEmpty()) {
      throw new IllegalArgumentException(
          "vocab_size is required unless the model is a vision transformer");
    }
    if (moeLayout.firstDenseLayers() >= layers && experts > 1) {
      throw new IllegalArgumentException(
          "first_k_dense_replace ("
              + moeLayout.firstDenseLayers()
              + ") leaves none of the "
              + layers
              + " layers routed");
    }
    if (stack != Stack.DECODER && (localAttention.isPresent() || latentAttention.isPresent())) {
      throw new IllegalArgumentException(
          "local and latent attention are modelled for decoder-only models");
    }
    if ((stack == Stack.ENCODER_DECODER) != encoder.isPresent()) {
      throw new IllegalArgumentException(
          "an encoder-decoder model needs its encoder description, and only it");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Width of all query heads together. */
  public int queryWidth() {
    return heads * headDim;
  }

  /** Width of the keys (or of the values). */
  public int kvWidth() {
    return kvHeads * headDim;
  }

  public boolean isMixtureOfExperts() {
    return experts > 1;
  }

  /** Parameters of one self-attention block. */
  public double attentionParams() {
    if (latentAttention.isPresent()) {
      LatentAttention m = latentAttention.get();
      double qHeads = (double) heads * m.qkHeadDim();
      double query =
          m.qLoraRank() > 0
              ? (double) hidden * m.qLoraRank() + m.qLoraRank() + (double) m.qLoraRank() * qHeads
              : hidden * qHeads;
      double latent = (double) hidden * m.cachedWidth() + m.kvLoraRank();
      double expand = (double) m.kvLoraRank() * heads * (m.qkNopeHeadDim() + m.vHeadDim());
      double out = (double) heads * m.vHeadDim() * hidden;
      return query + latent + expand + out;
    }
    double weights = (double) hidden * queryWidth() * 2 + 2.0 * hidden * kvWidth();
    double biases = attentionBias ? queryWidth() + 2.0 * kvWidth() + hidden : 0;
    return weights + biases;
  }

  /** Parameters of one expert's MLP (or of the dense MLP) of width {@code width}. */
  public double mlpParams(int width) {
    double weights = (gatedMlp ? 3.0 : 2.0) * hidden * width;
    double biases = mlpBias ? (gatedMlp ? 2.0 * width : width) + hidden : 0;
    return weights + biases;
  }

  /** Parameters of one normalisation layer. */
  public double normParams() {
    return rmsNorm ? hidden : 2.0 * hidden;
  }

  private boolean bertStyle() {
    return typeVocab > 0 || pooler;
  }

  private double blockParams(boolean routed, int activeExperts) {
    double mlp =
        routed
            ? activeExperts * mlpParams(ffn)
                + (double) hidden * experts
                + (moeLayout.sharedExperts() > 0 ? mlpParams(moeLayout.sharedExperts() * ffn) : 0)
            : mlpParams(denseFfn());
    int norms = parallelAttnMlp ? 1 : 2;
    double crossAttention = stack == Stack.ENCODER_DECODER ? attentionParams() + normParams() : 0;
    return attentionParams() + mlp + norms * normParams() + crossAttention;
  }

  /** MLP width of a layer that does not route: the dense layers' width, or the expert width. */
  public int denseFfn() {
    return moeLayout.denseFfn() > 0 ? moeLayout.denseFfn() : ffn;
  }

  /** Whether layer {@code index} (from 0) routes its tokens to experts. */
  public boolean isMoeLayer(int index) {
    return experts > 1
        && index >= moeLayout.firstDenseLayers()
        && index % moeLayout.moeLayerStep() == moeLayout.moeLayerStep() - 1;
  }

  /** Layers whose MLP is a mixture of experts. */
  public int moeLayers() {
    int count = 0;
    for (int i = 0; i < layers; i++) {
      count += isMoeLayer(i) ? 1 : 0;
    }
    return count;
  }

  /** Whether layer {@code index} (from 0) attends only within its window or chunk. */
  public boolean isLocalLayer(int index) {
    return localAttention
        .map(l -> l.globalInterval() == 0 || (index + 1) % l.globalInterval() != 0)
        .orElse(false);
  }

  /**
   * The kinds of block the model has and how many of each: the MLP dense or routed, the attention
   * full or local. A uniform model has one kind.
   */
  public java.util.Map<BlockKind, Integer> blockKinds() {
    java.util.Map<BlockKind, Integer> kinds = new java.util.LinkedHashMap<>();
    for (int i = 0; i < layers; i++) {
      kinds.merge(new BlockKind(isMoeLayer(i), isLocalLayer(i)), 1, Integer::sum);
    }
    return kinds;
  }

  /**
   * One kind of block.
   *
   * @param routed its MLP is a mixture of experts
   * @param local its attention is limited to a window or chunk
   */
  public record BlockKind(boolean routed, boolean local) {}

  private double nonBlockParams() {
    double total = 0;
    if (vision.isPresent()) {
      VisionStem v = vision.get();
      total += (double) v.patchSize() * v.patchSize() * v.channels() * hidden + hidden;
      total += hidden; // class token
      total += (double) v.tokens() * hidden;
      total += (double) hidden * v.labels() + v.labels();
      total += normParams();
      return total;
    }
    total += (double) vocab * hidden;
    if (position == PositionEncoding.LEARNED) {
      total += (double) maxPositions * hidden;
    }
    total += (double) typeVocab * hidden;
    if (bertStyle()) {
      total += normParams(); // embedding LayerNorm; BERT has no final norm
      if (pooler) {
        total += (double) hidden * hidden + hidden;
      }
    } else {
      total += normParams();
    }
    if (!tiedEmbeddings && stack != Stack.ENCODER) {
      total += (double) vocab * hidden;
    }
    if (lmHeadBias) {
      total += vocab;
    }
    if (encoder.isPresent()) {
      AudioEncoder e = encoder.get();
      total += 3.0 * e.melBins() * hidden + hidden; // conv1, kernel 3
      total += 3.0 * hidden * hidden + hidden; // conv2, kernel 3, stride 2
      total += (double) e.sourcePositions() * hidden; // position table
      double encoderBlock = attentionParams() + mlpParams(e.ffn()) + 2 * normParams();
      total += e.layers() * encoderBlock + normParams();
    }
    return total;
  }

  @Override
  public double parameterCount() {
    int routed = moeLayers();
    return routed * blockParams(true, experts)
        + (layers - routed) * blockParams(false, 1)
        + nonBlockParams();
  }

  @Override
  public double activeParameterCount() {
    int routed = moeLayers();
    return routed * blockParams(true, expertsPerToken)
        + (layers - routed) * blockParams(false, 1)
        + nonBlockParams();
  }

  /** Parameters of the input embedding table (which some publishers leave out of active counts). */
  public double inputEmbeddingParams() {
    return (double) vocab * hidden;
  }

  /**
   * Multiply-accumulates of one forward pass over one sequence of {@code tokens} tokens: the
   * projections and MLPs (active experts only), the attention products (bidirectional for encoders,
   * causal for decoders), the patch embedding and classifier of a vision model, and the output
   * projection for every token of a language model.
   */
  public double forwardMacs(int tokens) {
    double total = 0;
    if (localAttention.isEmpty()
        && latentAttention.isEmpty()
        && moeLayout.sharedExperts() == 0
        && moeLayers() % layers == 0) {
      // A uniform stack: every block alike (the form the published checks were first made with).
      double q = queryWidth();
      double kv = kvWidth();
      double mlp = (gatedMlp ? 3.0 : 2.0) * hidden * ffn * (experts > 1 ? expertsPerToken : 1);
      double projections = (double) hidden * q * 2 + 2.0 * hidden * kv;
      double attended = stack == Stack.DECODER ? (tokens + 1) / 2.0 : tokens;
      double perLayer = tokens * (projections + mlp) + 2.0 * tokens * attended * q;
      total = layers * perLayer;
    } else {
      for (var kind : blockKinds().entrySet()) {
        total += kind.getValue() * blockMacs(kind.getKey(), tokens);
      }
    }
    if (vision.isPresent()) {
      VisionStem v = vision.get();
      total += (double) (v.tokens() - 1) * v.patchSize() * v.patchSize() * v.channels() * hidden;
      total += (double) hidden * v.labels();
    } else if (stack != Stack.ENCODER) {
      total += (double) tokens * hidden * vocab;
    }
    return total;
  }

  /**
   * Multiply-accumulates of one block of {@code kind} over one causal sequence of {@code tokens}.
   */
  private double blockMacs(BlockKind kind, int tokens) {
    double mlpWidth =
        kind.routed() ? (double) ffn * (expertsPerToken + moeLayout.sharedExperts()) : denseFfn();
    double mlp = (gatedMlp ? 3.0 : 2.0) * hidden * mlpWidth;
    double attended =
        kind.local() ? localAttention.orElseThrow().averageAttended(tokens) : (tokens + 1) / 2.0;
    double projections;
    double scoreAndValueWidth;
    if (latentAttention.isPresent()) {
      // Prefill as engines run it: keys and values expanded from the latent for every token.
      projections = attentionParams();
      LatentAttention m = latentAttention.get();
      scoreAndValueWidth = (double) heads * (m.qkHeadDim() + m.vHeadDim());
    } else {
      projections = (double) hidden * queryWidth() * 2 + 2.0 * hidden * kvWidth();
      scoreAndValueWidth = 2.0 * queryWidth();
    }
    return tokens * (projections + mlp) + tokens * attended * scoreAndValueWidth;
  }

  /**
   * Key/value heads each device holds when the attention heads are split over {@code
   * tensorParallel} devices: a share of them, or one replicated head when there are more devices
   * than key/value heads (grouped-query attention).
   */
  public int kvHeadsPerDevice(int tensorParallel) {
    return Math.max(1, (kvHeads + tensorParallel - 1) / tensorParallel);
  }

  /**
   * Checks that the attention splits evenly over {@code tensorParallel} devices.
   *
   * @throws IllegalArgumentException naming the option and the head counts
   */
  public void requireTensorParallel(int tensorParallel) {
    if (tensorParallel < 1) {
      throw new IllegalArgumentException("--tp must be at least 1, got " + tensorParallel);
    }
    if (heads % tensorParallel != 0) {
      throw new IllegalArgumentException(
          "tp (" + tensorParallel + ") must divide the " + heads + " attention heads");
    }
    if (kvHeads % tensorParallel != 0 && tensorParallel % kvHeads != 0) {
      throw new IllegalArgumentException(
          "tp ("
              + tensorParallel
              + ") must divide the "
              + kvHeads
              + " key/value heads, or be a multiple of them");
    }
  }

  /**
   * The longest sequence the model can take: the learned position table's size; models with rotary
   * or other relative positions have no hard limit here.
   */
  public OptionalInt positionLimit() {
    return position == PositionEncoding.LEARNED
        ? OptionalInt.of(maxPositions)
        : OptionalInt.empty();
  }

  /**
   * Checks a sequence length against the learned position table.
   *
   * @throws IllegalArgumentException naming the length and the limit
   */
  public void requireSequence(int tokens, String what) {
    if (tokens < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + tokens);
    }
    if (positionLimit().isPresent() && tokens > positionLimit().getAsInt()) {
      throw new IllegalArgumentException(
          what
              + " of "
              + tokens
              + " tokens exceeds the "
              + positionLimit().getAsInt()
              + " learned positions of the model");
    }
  }

  /**
   * Key and value elements one token adds to the cache, over all layers, while the context is no
   * longer than any local window: two heads' worth per key/value head, or the latent and rotary key
   * of latent attention.
   */
  public double kvElementsPerToken() {
    return latentAttention.isPresent()
        ? (double) layers * latentAttention.get().cachedWidth()
        : 2.0 * layers * kvWidth();
  }

  /**
   * Cache elements one token takes on one device of a {@code tensorParallel} × {@code
   * pipelineParallel} group, over its stage's layers: its share of the key/value heads, or the
   * whole latent of latent attention, which every device holds (the latent has no head dimension to
   * split, and engines replicate its projection).
   */
  public double kvElementsPerTokenPerDevice(int tensorParallel, int pipelineParallel) {
    // The fullest stage of an uneven split holds ceil(layers / pp) layers.
    double stageLayers = Math.ceil(layers / (double) pipelineParallel);
    if (latentAttention.isPresent()) {
      return stageLayers * latentAttention.get().cachedWidth();
    }
    return 2.0 * stageLayers * kvHeadsPerDevice(tensorParallel) * headDim;
  }

  /**
   * The share of a sequence's tokens each layer caches, averaged over the layers: 1 without local
   * attention; a local layer holds only the last {@code window} tokens (a sliding window) or at
   * most one chunk, so for a sequence of {@code tokens} it holds {@code min(tokens, window)}.
   */
  public double cachedTokenShare(double tokens) {
    if (localAttention.isEmpty() || tokens <= localAttention.get().window()) {
      return 1;
    }
    int window = localAttention.get().window();
    int local = 0;
    for (int i = 0; i < layers; i++) {
      local += isLocalLayer(i) ? 1 : 0;
    }
    return (layers - local + local * window / tokens) / layers;
  }

  /** Builder with the defaults of a Llama-style decoder; set what differs. */
  public static Builder builder(
      Stack stack, int layers, int hidden, int heads, int ffn, int vocab) {
    return new Builder(stack, layers, hidden, heads, ffn, vocab);
  }

  /** Sets the optional architecture parameters one at a time. */
  public static final class Builder {
    private final Stack stack;
    private final int layers;
    private final int hidden;
    private final int heads;
    private final int ffn;
    private final int vocab;
    private int kvHeads;
    private int headDim;
    private boolean gatedMlp = true;
    private boolean tiedEmbeddings;
    private PositionEncoding position = PositionEncoding.ROPE;
    private int maxPositions = 4096;
    private boolean rmsNorm = true;
    private boolean attentionBias;
    private boolean mlpBias;
    private boolean lmHeadBias;
    private int experts = 1;
    private int expertsPerToken = 1;
    private boolean parallelAttnMlp;
    private int typeVocab;
    private boolean pooler;
    private int defaultSequence = 2048;
    private Optional<VisionStem> vision = Optional.empty();
    private Optional<AudioEncoder> encoder = Optional.empty();
    private MoeLayout moeLayout = MoeLayout.EVERY_LAYER;
    private Optional<LocalAttention> localAttention = Optional.empty();
    private Optional<LatentAttention> latentAttention = Optional.empty();

    private Builder(Stack stack, int layers, int hidden, int heads, int ffn, int vocab) {
      this.stack = stack;
      this.layers = layers;
      this.hidden = hidden;
      this.heads = heads;
      this.ffn = ffn;
      this.vocab = vocab;
      this.kvHeads = heads;
      this.headDim = heads > 0 ? hidden / heads : 1;
    }

    public Builder kvHeads(int value) {
      kvHeads = value;
      return this;
    }

    public Builder headDim(int value) {
      headDim = value;
      return this;
    }

    public Builder gatedMlp(boolean value) {
      gatedMlp = value;
      return this;
    }

    public Builder tiedEmbeddings(boolean value) {
      tiedEmbeddings = value;
      return this;
    }

    public Builder position(PositionEncoding value) {
      position = value;
      return this;
    }

    public Builder maxPositions(int value) {
      maxPositions = value;
      return this;
    }

    public Builder rmsNorm(boolean value) {
      rmsNorm = value;
      return this;
    }

    public Builder attentionBias(boolean value) {
      attentionBias = value;
      return this;
    }

    public Builder mlpBias(boolean value) {
      mlpBias = value;
      return this;
    }

    public Builder lmHeadBias(boolean value) {
      lmHeadBias = value;
      return this;
    }

    public Builder experts(int total, int perToken) {
      experts = total;
      expertsPerToken = perToken;
      return this;
    }

    public Builder parallelAttnMlp(boolean value) {
      parallelAttnMlp = value;
      return this;
    }

    public Builder typeVocab(int value) {
      typeVocab = value;
      return this;
    }

    public Builder pooler(boolean value) {
      pooler = value;
      return this;
    }

    public Builder defaultSequence(int value) {
      defaultSequence = value;
      return this;
    }

    public Builder vision(VisionStem value) {
      vision = Optional.of(value);
      return this;
    }

    public Builder encoder(AudioEncoder value) {
      encoder = Optional.of(value);
      return this;
    }

    public Builder moeLayout(MoeLayout value) {
      moeLayout = value;
      return this;
    }

    public Builder localAttention(LocalAttention value) {
      localAttention = Optional.of(value);
      return this;
    }

    public Builder latentAttention(LatentAttention value) {
      latentAttention = Optional.of(value);
      return this;
    }

    public TransformerArchitecture build() {
      return new TransformerArchitecture(
          stack,
          layers,
          hidden,
          heads,
          kvHeads,
          headDim,
          ffn,
          gatedMlp,
          vocab,
          tiedEmbeddings,
          position,
          maxPositions,
          rmsNorm,
          attentionBias,
          mlpBias,
          lmHeadBias,
          experts,
          expertsPerToken,
          parallelAttnMlp,
          typeVocab,
          pooler,
          defaultSequence,
          vision,
          encoder,
          moeLayout,
          localAttention,
          latentAttention);
    }
  }
}
