package dev.blueprint.simulator.model;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.model.TransformerArchitecture.AudioEncoder;
import dev.blueprint.simulator.model.TransformerArchitecture.PositionEncoding;
import dev.blueprint.simulator.model.TransformerArchitecture.Stack;
import dev.blueprint.simulator.model.TransformerArchitecture.VisionStem;
import dev.blueprint.simulator.units.Counts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a model profile from YAML text (format: {@code docs/model-format.md}): a valid profile, or
 * an {@link InvalidInputException} listing every problem with its line, column and field.
 */
public final class ModelProfileParser {

  private ModelProfileParser() {}

  public static ModelProfile parse(String text, String origin) {
    YamlDocument document = YamlDocument.parse(text, origin);
    if (document.root().isEmpty()) {
      document.finish();
      throw new IllegalStateException("unreachable: an empty document has a problem");
    }
    YamlMap root = document.root().get();
    String id = root.requireId(origin);
    String name = root.requireString("name");
    Optional<ModelFamily> family = root.requireValue("family", ModelFamily::parse);
    String task = root.string("task").orElse("");
    Map<String, String> sources = root.declareSources("sources");
    String notes = root.string("notes").orElse("");
    PublishedFigures published = readPublished(root);
    String input = root.string("input").orElse("");

    Optional<ModelStructure> structure = Optional.empty();
    if (family.isPresent()) {
      structure =
          switch (family.get()) {
            case CNN, RNN, DIFFUSION -> readLayers(root, input);
            case TRANSFORMER_ENCODER, DECODER_LLM, ENCODER_DECODER ->
                readTransformer(root, family.get());
            case RECSYS -> RecsysParser.read(root);
            case SYNTHETIC -> Optional.empty();
          };
    }
    root.finish();
    document.finish();
    try {
      return new ModelProfile(
          id,
          name,
          family.orElseThrow(),
          task,
          structure.orElseThrow(),
          published,
          sources,
          notes,
          origin);
    } catch (IllegalArgumentException | NoSuchElementException e) {
      document.problem("", e.getMessage() == null ? "incomplete profile" : e.getMessage());
      document.finish();
      throw new IllegalStateException("unreachable: finish() throws once a problem is recorded", e);
    }
  }

  private static PublishedFigures readPublished(YamlMap root) {
    Optional<YamlMap> section = root.requireMap("published");
    if (section.isEmpty()) {
      return PublishedFigures.NONE;
    }
    YamlMap published = section.get();
    published.requireSource();
    String source = published.string("source").orElse("");
    PublishedFigures figures =
        new PublishedFigures(
            toOptional(published.value("params", Counts::parse)),
            toOptional(published.value("active_params", Counts::parse)),
            toOptional(published.value("macs_per_sample", Counts::parse)),
            toOptional(published.value("flops_per_sample", Counts::parse)),
            source,
            published.bool("active_excludes_input_embedding").orElse(false));
    published.finish();
    return figures;
  }

  private static OptionalDouble toOptional(Optional<Double> value) {
    return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }

  private static Optional<ModelStructure> readLayers(YamlMap root, String input) {
    Optional<YamlMap> section = root.requireMap("layers");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlMap layersSection = section.get();
    layersSection.requireSource();
    List<Layer> layers = new ArrayList<>();
    List<YamlMap> entries = layersSection.mapList("list");
    if (!layersSection.has("list")) {
      layersSection.missing("list");
    }
    boolean complete = LayerParser.parseList(entries, layers);
    layersSection.finish();
    if (layers.isEmpty() || !complete) {
      return Optional.empty();
    }
    return Optional.of(new LayerStack(input, layers, 1));
  }

  /** A required positive integer that config.json files name in one of two ways. */
  private static Optional<Integer> eitherKey(YamlMap map, String key, String alias) {
    if (map.has(alias) && !map.has(key)) {
      return map.value(alias, LayerParser::positiveInt);
    }
    map.allow(alias);
    return map.requireValue(key, LayerParser::positiveInt);
  }

  private static Optional<ModelStructure> readTransformer(YamlMap root, ModelFamily family) {
    Optional<YamlMap> section = root.requireMap("architecture");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlMap a = section.get();
    a.requireSource();
    boolean isWhisper = family == ModelFamily.ENCODER_DECODER;
    Optional<Integer> layers =
        isWhisper
            ? a.requireValue("decoder_layers", LayerParser::positiveInt)
            : a.requireValue("num_hidden_layers", LayerParser::positiveInt);
    Optional<Integer> hidden = eitherKey(a, "hidden_size", "d_model");
    Optional<Integer> heads = eitherKey(a, "num_attention_heads", "decoder_attention_heads");
    Optional<Integer> ffn =
        isWhisper
            ? a.requireValue("decoder_ffn_dim", LayerParser::positiveInt)
            : a.requireValue("intermediate_size", LayerParser::positiveInt);
    int vocab = a.integer("vocab_size").orElse(0);
    Optional<Integer> kvHeads = a.value("num_key_value_heads", LayerParser::positiveInt);
    Optional<Integer> headDim = a.value("head_dim", LayerParser::positiveInt);
    String mlp = a.string("mlp").orElse("gated");
    if (!mlp.equals("gated") && !mlp.equals("plain")) {
      a.problem("mlp", "expected gated or plain, got '" + mlp + "'");
    }
    a.string("hidden_act");
    a.string("activation_function");
    a.integer("rotary_dim");
    boolean tied = a.bool("tie_word_embeddings").orElse(false);
    PositionEncoding position =
        a.value("position_embedding", PositionEncoding::parse).orElse(PositionEncoding.ROPE);
    Optional<Integer> maxPositions =
        isWhisper
            ? a.value("max_target_positions", LayerParser::positiveInt)
            : a.value("max_position_embeddings", LayerParser::positiveInt);
    String norm = a.string("norm").orElse("rmsnorm");
    if (!norm.equals("rmsnorm") && !norm.equals("layernorm")) {
      a.problem("norm", "expected rmsnorm or layernorm, got '" + norm + "'");
    }
    boolean attentionBias = a.bool("attention_bias").orElse(false);
    boolean mlpBias = a.bool("mlp_bias").orElse(false);
    boolean lmHeadBias = a.bool("lm_head_bias").orElse(false);
    int experts =
        a.value("num_local_experts", LayerParser::positiveInt)
            .or(() -> a.value("n_routed_experts", LayerParser::positiveInt))
            .or(() -> a.value("num_experts", LayerParser::positiveInt))
            .orElse(1);
    Optional<Integer> moeFfn = a.value("moe_intermediate_size", LayerParser::positiveInt);
    Optional<Integer> denseMlp = a.value("intermediate_size_mlp", LayerParser::positiveInt);
    int shared = a.integer("n_shared_experts").orElse(0);
    int firstDense = a.integer("first_k_dense_replace").orElse(0);
    int moeStep = a.value("interleave_moe_layer_step", LayerParser::positiveInt).orElse(1);
    Optional<Integer> kvLora = a.value("kv_lora_rank", LayerParser::positiveInt);
    int qLora = a.integer("q_lora_rank").orElse(0);
    Optional<Integer> nope = a.value("qk_nope_head_dim", LayerParser::positiveInt);
    int rope = a.integer("qk_rope_head_dim").orElse(0);
    Optional<Integer> vHead = a.value("v_head_dim", LayerParser::positiveInt);
    Optional<Integer> slidingWindow = a.value("sliding_window", LayerParser::positiveInt);
    Optional<Integer> chunk = a.value("attention_chunk_size", LayerParser::positiveInt);
    int globalInterval = a.integer("sliding_window_pattern").orElse(0);
    int perToken = a.value("num_experts_per_tok", LayerParser::positiveInt).orElse(1);
    boolean parallel = a.bool("parallel_attn_mlp").orElse(false);
    int typeVocab = a.integer("type_vocab_size").orElse(0);
    boolean pooler = a.bool("pooler").orElse(false);
    Optional<Integer> defaultSequence = a.value("default_sequence", LayerParser::positiveInt);
    Optional<Integer> imageSize = a.value("image_size", LayerParser::positiveInt);
    Optional<Integer> patchSize = a.value("patch_size", LayerParser::positiveInt);
    int channels = a.value("num_channels", LayerParser::positiveInt).orElse(3);
    int labels = a.value("num_labels", LayerParser::positiveInt).orElse(1000);

    Optional<AudioEncoder> encoder = Optional.empty();
    if (isWhisper) {
      Optional<Integer> encLayers = a.requireValue("encoder_layers", LayerParser::positiveInt);
      Optional<Integer> encFfn = a.requireValue("encoder_ffn_dim", LayerParser::positiveInt);
      a.value("encoder_attention_heads", LayerParser::positiveInt);
      Optional<Integer> mel = a.requireValue("num_mel_bins", LayerParser::positiveInt);
      Optional<Integer> source = a.requireValue("max_source_positions", LayerParser::positiveInt);
      if (encLayers.isPresent() && encFfn.isPresent() && mel.isPresent() && source.isPresent()) {
        encoder =
            Optional.of(new AudioEncoder(encLayers.get(), encFfn.get(), mel.get(), source.get()));
      }
    }
    a.finish();
    if (layers.isEmpty()
        || hidden.isEmpty()
        || heads.isEmpty()
        || ffn.isEmpty()
        || (isWhisper && encoder.isEmpty())) {
      return Optional.empty();
    }
    Stack stack =
        switch (family) {
          case TRANSFORMER_ENCODER -> Stack.ENCODER;
          case ENCODER_DECODER -> Stack.ENCODER_DECODER;
          default -> Stack.DECODER;
        };
    TransformerArchitecture.Builder builder =
        TransformerArchitecture.builder(
                stack, layers.get(), hidden.get(), heads.get(), moeFfn.orElse(ffn.get()), vocab)
            .gatedMlp(mlp.equals("gated"))
            .tiedEmbeddings(tied)
            .position(position)
            .rmsNorm(norm.equals("rmsnorm"))
            .attentionBias(attentionBias)
            .mlpBias(mlpBias)
            .lmHeadBias(lmHeadBias)
            .experts(experts, perToken)
            .parallelAttnMlp(parallel)
            .typeVocab(typeVocab)
            .pooler(pooler);
    kvHeads.ifPresent(builder::kvHeads);
    headDim.ifPresent(builder::headDim);
    maxPositions.ifPresent(builder::maxPositions);
    builder.defaultSequence(
        defaultSequence.orElse(
            Math.min(stack == Stack.ENCODER ? 512 : 2048, maxPositions.orElse(2048))));
    if (imageSize.isPresent() != patchSize.isPresent()) {
      a.problem(
          imageSize.isPresent() ? "patch_size" : "image_size",
          "image_size and patch_size come together");
      return Optional.empty();
    }
    if (globalInterval != 0 && slidingWindow.isEmpty() && chunk.isEmpty()) {
      a.problem(
          "sliding_window_pattern",
          "sliding_window_pattern says which layers are global; it needs a sliding_window or an"
              + " attention_chunk_size");
      return Optional.empty();
    }
    if (slidingWindow.isPresent() && chunk.isPresent()) {
      a.problem("attention_chunk_size", "a model has a sliding_window or an attention_chunk_size");
      return Optional.empty();
    }
    if (kvLora.isPresent() != (nope.isPresent() && vHead.isPresent())) {
      a.problem(
          "kv_lora_rank",
          "latent attention needs kv_lora_rank, qk_nope_head_dim and v_head_dim together");
      return Optional.empty();
    }
    try {
      // Where both are given, intermediate_size is the dense layers' width: DeepSeek and Qwen3
      // name the experts' moe_intermediate_size, Llama 4 the dense layers' intermediate_size_mlp.
      int denseFfn = moeFfn.isPresent() ? ffn.get() : denseMlp.orElse(0);
      builder.moeLayout(
          new TransformerArchitecture.MoeLayout(shared, denseFfn, firstDense, moeStep));
      slidingWindow.ifPresent(
          w ->
              builder.localAttention(
                  new TransformerArchitecture.LocalAttention(w, false, globalInterval)));
      chunk.ifPresent(
          c ->
              builder.localAttention(
                  new TransformerArchitecture.LocalAttention(c, true, globalInterval)));
      if (kvLora.isPresent()) {
        builder.latentAttention(
            new TransformerArchitecture.LatentAttention(
                kvLora.get(), qLora, nope.get(), rope, vHead.get()));
      }
      if (imageSize.isPresent()) {
        VisionStem stem = new VisionStem(imageSize.get(), patchSize.get(), channels, labels);
        builder.vision(stem).defaultSequence(stem.tokens());
      }
      encoder.ifPresent(builder::encoder);
      return Optional.of(builder.build());
    } catch (IllegalArgumentException e) {
      a.document().problem(a.node(), a.path(), e.getMessage());
      return Optional.empty();
    }
  }
}
