package dev.blueprint.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.model.TransformerArchitecture.BlockKind;
import dev.blueprint.simulator.model.TransformerArchitecture.LocalAttention;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The architecture mechanisms of the 2025 language models: latent attention, shared and routed
 * experts placed by layer, local (sliding-window and chunked) attention.
 */
class ArchitectureMechanismsTest {
  static final ModelCatalog CATALOG = ModelCatalog.shipped();

  static TransformerArchitecture arch(String id) {
    return CATALOG.get(id).transformer().orElseThrow();
  }

  @Test
  void deepSeekV3CountsEveryWeightOfTheCheckpointButTheRouterBiases() {
    // The per-module table of the Hugging Face checkpoint sums to 671,026,419,200; the only
    // parameters left out are the 256 e_score_correction_bias of each of the 58 routed layers.
    assertThat(CATALOG.get("deepseek-v3").parameterCount())
        .isCloseTo(671_026_419_200.0 - 58 * 256, within(1.0));
  }

  @Test
  void latentAttentionProjectionsMatchTheCheckpointTensors() {
    // q_a 7168x1536 + norm 1536 + q_b 1536x(128x192) + kv_a 7168x576 + norm 512
    // + kv_b 512x(128x256) + o (128x128)x7168, as listed for layers.0.self_attn.
    double expected = 11_010_048 + 1_536 + 37_748_736 + 4_128_768 + 512 + 16_777_216 + 117_440_512;
    assertThat(arch("deepseek-v3").attentionParams()).isEqualTo(expected);
  }

  @Test
  void deepSeekV3CachesTheLatentAndRotaryKeyOnly() {
    TransformerArchitecture a = arch("deepseek-v3");
    // 61 layers x (kv_lora_rank 512 + qk_rope_head_dim 64): 70,272 bytes a token in 16 bits,
    // against 61 x 2 x 128 heads x 128 = 1,998,848 elements for the same heads uncompressed.
    assertThat(a.kvElementsPerToken()).isEqualTo(61 * 576.0);
    assertThat(a.kvElementsPerToken() * 2).isEqualTo(70_272.0);
    // Every device of a tensor-parallel group holds the whole latent: it has no heads to split.
    assertThat(a.kvElementsPerTokenPerDevice(8, 1)).isEqualTo(61 * 576.0);
    assertThat(a.kvElementsPerTokenPerDevice(1, 1)).isEqualTo(61 * 576.0);
  }

  @Test
  void deepSeekKeepsItsFirstThreeLayersDense() {
    TransformerArchitecture a = arch("deepseek-v3");
    assertThat(a.isMoeLayer(2)).isFalse();
    assertThat(a.isMoeLayer(3)).isTrue();
    assertThat(a.moeLayers()).isEqualTo(58);
    assertThat(a.denseFfn()).isEqualTo(18432);
    assertThat(a.ffn()).isEqualTo(2048);
  }

  @Test
  void maverickAlternatesDenseAndRoutedLayersAndScoutRoutesEveryLayer() {
    TransformerArchitecture maverick = arch("llama-4-maverick");
    assertThat(maverick.isMoeLayer(0)).isFalse();
    assertThat(maverick.isMoeLayer(1)).isTrue();
    assertThat(maverick.moeLayers()).isEqualTo(24);
    assertThat(maverick.denseFfn()).isEqualTo(16384);
    assertThat(arch("llama-4-scout").moeLayers()).isEqualTo(48);
  }

  @Test
  void localAttentionLayersFollowTheGlobalInterval() {
    // Gemma 3: (i + 1) % 6 == 0 is global: layers 5, 11, ..., 59, ten of 62.
    Map<BlockKind, Integer> gemma = arch("gemma-3-27b").blockKinds();
    assertThat(gemma).containsEntry(new BlockKind(false, true), 52);
    assertThat(gemma).containsEntry(new BlockKind(false, false), 10);
    // gpt-oss: sliding, full, sliding, full ...
    TransformerArchitecture oss = arch("gpt-oss-120b");
    assertThat(oss.isLocalLayer(0)).isTrue();
    assertThat(oss.isLocalLayer(1)).isFalse();
    // Llama 4 Maverick: four kinds, chunked attention on 3 of 4 layers.
    Map<BlockKind, Integer> maverick = arch("llama-4-maverick").blockKinds();
    assertThat(maverick.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(48);
    assertThat(maverick).containsEntry(new BlockKind(true, false), 12);
    assertThat(maverick).containsEntry(new BlockKind(false, true), 24);
    assertThat(maverick).containsEntry(new BlockKind(true, true), 12);
  }

  @Test
  void aWindowCapsTheCachedTokensOfItsLayers() {
    TransformerArchitecture oss = arch("gpt-oss-120b");
    // Shorter than the window: every layer holds every token.
    assertThat(oss.cachedTokenShare(100)).isEqualTo(1.0);
    // 8192 tokens: 18 full layers hold 8192, 18 sliding layers hold 128.
    assertThat(oss.cachedTokenShare(8192)).isEqualTo((18 + 18 * 128 / 8192.0) / 36);
    TransformerArchitecture gemma = arch("gemma-3-27b");
    assertThat(gemma.cachedTokenShare(32768))
        .isCloseTo((10 + 52 * 1024 / 32768.0) / 62, within(1e-12));
  }

  @Test
  void slidingAndChunkedWindowsBoundTheKeysEachTokenAttends() {
    // Sliding window 2 over 4 tokens: they see 1, 2, 2, 2 keys.
    assertThat(new LocalAttention(2, false, 0).averageAttended(4)).isEqualTo(7 / 4.0);
    // Chunks of 2 over 5 tokens: 1, 2 | 1, 2 | 1.
    assertThat(new LocalAttention(2, true, 0).averageAttended(5)).isEqualTo(7 / 5.0);
    // Within the window both are the causal average.
    assertThat(new LocalAttention(8192, true, 4).averageAttended(1000)).isEqualTo(1001 / 2.0);
  }

  @Test
  void localAttentionMakesLongPromptsCheaperThanFullAttention() {
    TransformerArchitecture gemma = arch("gemma-3-27b");
    TransformerArchitecture full =
        TransformerArchitecture.builder(
                TransformerArchitecture.Stack.DECODER, 62, 5376, 32, 21504, 262208)
            .kvHeads(16)
            .headDim(128)
            .tiedEmbeddings(true)
            .build();
    assertThat(gemma.parameterCount()).isEqualTo(full.parameterCount());
    assertThat(gemma.forwardMacs(512)).isCloseTo(full.forwardMacs(512), within(1.0));
    assertThat(gemma.forwardMacs(32768)).isLessThan(full.forwardMacs(32768) * 0.9);
  }

  @Test
  void aLayoutThatRoutesNoLayerIsRefused() {
    assertThatThrownBy(
            () ->
                TransformerArchitecture.builder(
                        TransformerArchitecture.Stack.DECODER, 4, 64, 4, 128, 100)
                    .experts(8, 2)
                    .moeLayout(new TransformerArchitecture.MoeLayout(0, 256, 4, 1))
                    .build())
        .hasMessageContaining("first_k_dense_replace (4)");
  }

  static final String TINY_LOCAL =
      """
      id: tiny-local
      name: tiny local-attention decoder
      family: decoder-llm
      sources: {cfg: "test"}
      published: {source: cfg, params: 1M}
      architecture:
        source: cfg
        num_hidden_layers: 4
        hidden_size: 64
        num_attention_heads: 4
        intermediate_size: 128
        vocab_size: 100
        sliding_window: 16
        sliding_window_pattern: 2
      """;

  @Test
  void aProfileReadsItsLocalAttentionLayout() {
    TransformerArchitecture a =
        ModelProfileParser.parse(TINY_LOCAL, "tiny-local.yaml").transformer().orElseThrow();
    assertThat(a.localAttention()).contains(new LocalAttention(16, false, 2));
    assertThat(a.isLocalLayer(0)).isTrue();
    assertThat(a.isLocalLayer(1)).isFalse();
  }

  @Test
  void aGlobalIntervalWithoutAWindowIsAProblem() {
    String text = TINY_LOCAL.replace("  sliding_window: 16\n", "");
    assertThatThrownBy(() -> ModelProfileParser.parse(text, "tiny-local.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sliding_window_pattern");
  }

  @Test
  void latentAttentionNeedsAllItsWidths() {
    String text =
        TINY_LOCAL.replace(
            "  sliding_window: 16\n  sliding_window_pattern: 2\n", "  kv_lora_rank: 32\n");
    assertThatThrownBy(() -> ModelProfileParser.parse(text, "tiny-local.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kv_lora_rank");
  }

  /** Derived total and active parameters against the publishers' figures. */
  @ParameterizedTest
  @CsvSource({
    "deepseek-v3, 671e9, 36.6e9",
    "deepseek-r1, 671e9, 37e9",
    "qwen3-30b-a3b, 30.5e9, 3.3e9",
    "qwen3-235b-a22b, 235e9, 22e9",
    "gpt-oss-120b, 116.8e9, 5.1e9",
    "llama-4-scout, 109e9, 17e9",
    "llama-4-maverick, 400e9, 17e9",
    "mixtral-8x22b, 141e9, 39e9",
  })
  void mixturesOfExpertsMatchTheirPublishedTotalAndActiveCounts(
      String id, double total, double active) {
    ModelProfile p = CATALOG.get(id);
    assertThat(p.parameterCount() / total).isCloseTo(1.0, within(0.02));
    assertThat(ShippedModelCatalogTest.comparableActiveParameters(p) / active)
        .isCloseTo(1.0, within(0.02));
  }

  @ParameterizedTest
  @CsvSource({"gemma-3-27b, 27.0e9", "nemotron-4-340b, 340e9"})
  void denseModelsMatchTheirPublishedCounts(String id, double total) {
    assertThat(CATALOG.get(id).parameterCount() / total).isCloseTo(1.0, within(0.02));
  }
}
