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
    Optional<AudioEncoder> encoder)
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

  public TransformerArchitecture {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(vision, "vision");
    Objects.requireNonNull(encoder, "encoder");
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

  private double blockParams(int activeExperts) {
    double mlp =
        experts > 1 ? activeExperts * mlpParams(ffn) + (double) hidden * experts : mlpParams(ffn);
    int norms = parallelAttnMlp ? 1 : 2;
    double crossAttention = stack == Stack.ENCODER_DECODER ? attentionParams() + normParams() : 0;
    return attentionParams() + mlp + norms * normParams() + crossAttention;
  }

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
    return layers * blockParams(experts) + nonBlockParams();
  }

  @Override
  public double activeParameterCount() {
    return layers * blockParams(expertsPerToken) + nonBlockParams();
  }

  /**
   * Multiply-accumulates of one forward pass over one sequence of {@code tokens} tokens: the
   * projections and MLPs (active experts only), the attention products (bidirectional for encoders,
   * causal for decoders), the patch embedding and classifier of a vision model, and the output
   * projection for every token of a language model.
   */
  public double forwardMacs(int tokens) {
    double q = queryWidth();
    double kv = kvWidth();
    double mlp = (gatedMlp ? 3.0 : 2.0) * hidden * ffn * (experts > 1 ? expertsPerToken : 1);
    double projections = (double) hidden * q * 2 + 2.0 * hidden * kv;
    double attended = stack == Stack.DECODER ? (tokens + 1) / 2.0 : tokens;
    double perLayer = tokens * (projections + mlp) + 2.0 * tokens * attended * q;
    double total = layers * perLayer;
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

  /** Key and value elements one token adds to the cache, over all layers. */
  public double kvElementsPerToken() {
    return 2.0 * layers * kvWidth();
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
          encoder);
    }
  }
}
