package dev.blueprint.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.UnknownIdException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ModelProfileParserTest {
  static final String TINY_CNN =
      """
      id: tiny-cnn
      name: Tiny CNN
      family: cnn
      sources:
        me: "hand written"
      published: {source: me, params: 1.0M}
      input: 32x32x3
      layers:
        source: me
        list:
          - {name: conv, op: conv2d, in: 32x32x3, out: 32x32x16, kernel: 3x3, norm: batch}
          - {name: dw, op: conv2d, in: 32x32x16, out: 16x16x16, kernel: 3x3, groups: 16}
          - {name: pool, op: global-avgpool, in: 16x16x16, out: 1x1x16}
          - {name: fc, op: dense, in: 16, out: 10, bias: true}
      """;

  @Test
  void derivesParametersAndMacsFromTheShapes() {
    ModelProfile p = ModelProfileParser.parse(TINY_CNN, "tiny-cnn.yaml");
    LayerStack stack = (LayerStack) p.structure();
    Layer conv = stack.layers().get(0);
    assertThat(conv.params()).isEqualTo(3 * 3 * 3 * 16 + 2 * 16);
    assertThat(conv.macsPerSample()).isEqualTo(32 * 32 * 16 * 27.0);
    assertThat(conv.opClass()).isEqualTo(OpClass.MATRIX);
    Layer depthwise = stack.layers().get(1);
    assertThat(depthwise.opClass()).isEqualTo(OpClass.VECTOR);
    assertThat(depthwise.params()).isEqualTo(3 * 3 * 16.0);
    assertThat(depthwise.macsPerSample()).isEqualTo(16 * 16 * 16 * 9.0);
    assertThat(stack.layers().get(3).params()).isEqualTo(16 * 10 + 10.0);
  }

  @Test
  void anUnknownOperatorIsReportedWithSuggestions() {
    String text = TINY_CNN.replace("op: dense", "op: densee");
    assertThatThrownBy(() -> ModelProfileParser.parse(text, "tiny-cnn.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("tiny-cnn.yaml:14:22: ")
        .hasMessageContaining(
            "field 'layers.list[3].op': unknown operator 'densee'; did you mean 'dense'?")
        .hasMessageNotContaining("unknown field");
  }

  @Test
  void malformedShapesAndGroupsAreReported() {
    String text =
        TINY_CNN
            .replace("in: 32x32x3, out: 32x32x16", "in: 32x32, out: 32x32x16")
            .replace("groups: 16", "groups: 5");
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class, () -> ModelProfileParser.parse(text, "tiny-cnn.yaml"));
    assertThat(e.getMessage())
        .contains("conv2d shapes are HxWxC")
        .contains("groups must divide both channel counts");
  }

  @Test
  void badEmbeddingTablesAreReportedNotThrown() {
    String text =
        TINY_CNN.replace(
            "    - {name: fc, op: dense, in: 16, out: 10, bias: true}",
            "    - {name: fc, op: dense, in: 16, out: 10, bias: true}\n"
                + "    - {name: e, op: embedding, rows: 10, dim: 4, lookups: -1, pooling: avg}");
    assertThat(text).contains("lookups: -1");
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class, () -> ModelProfileParser.parse(text, "tiny-cnn.yaml"));
    assertThat(e.getMessage())
        .contains("field 'layers.list[4].lookups': expected a positive number, got '-1'")
        .contains("field 'layers.list[4].pooling': expected sum, mean or none, got 'avg'");
  }

  @Test
  void aRecommenderWithoutLayersIsAProblem() {
    String text =
        """
        id: empty-rec
        name: Empty
        family: recsys
        sources:
          me: "hand written"
        published: {source: me, params: 1M}
        recsys:
          source: me
          embeddings: []
          top_mlp: []
          interaction: {kind: concat}
        """;
    assertThatThrownBy(() -> ModelProfileParser.parse(text, "empty-rec.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs at least one embedding table or MLP layer");
  }

  @Test
  void transformersAreDerivedFromTheirConfig() {
    String text =
        """
        id: tiny-llm
        name: Tiny LLM
        family: decoder-llm
        sources:
          me: "hand written"
        published: {source: me, params: 1M}
        architecture:
          source: me
          num_hidden_layers: 2
          hidden_size: 64
          num_attention_heads: 4
          num_key_value_heads: 2
          intermediate_size: 128
          vocab_size: 1000
        """;
    TransformerArchitecture a =
        ModelProfileParser.parse(text, "tiny-llm.yaml").transformer().orElseThrow();
    double attention = 64 * 64 * 2 + 2 * 64 * 32;
    double mlp = 3 * 64 * 128;
    double perLayer = attention + mlp + 2 * 64;
    assertThat(a.parameterCount()).isEqualTo(2 * perLayer + 64 + 2 * 1000 * 64);
    assertThat(a.kvElementsPerToken()).isEqualTo(2 * 2 * 32);
  }

  @Test
  void mixtureOfExpertsCountsAllAndActiveExperts() {
    ModelProfile mixtral = ModelCatalog.shipped().get("mixtral-8x7b");
    assertThat(mixtral.parameterCount() / 46.7e9).isCloseTo(1, within(0.02));
    assertThat(mixtral.activeParameterCount() / 12.9e9).isCloseTo(1, within(0.02));
  }

  @Test
  void syntheticGemmAndCollectiveIdsResolve() {
    ModelProfile gemm = ModelCatalog.shipped().get("gemm-8192x64x32");
    LayerStack stack = (LayerStack) gemm.structure();
    assertThat(stack.macsPerSample()).isEqualTo(8192.0 * 64 * 32);
    assertThat(stack.parameterCount()).isEqualTo(32.0 * 64);
    ModelProfile allreduce = ModelCatalog.shipped().get("allreduce-1gib");
    assertThat(((CollectiveSpec) allreduce.structure()).size().bytes())
        .isEqualTo(1024.0 * 1024 * 1024);
    assertThat(
            ((CollectiveSpec) ModelCatalog.shipped().get("allgather-512mb").structure())
                .operation())
        .isEqualTo(CollectiveSpec.Operation.ALL_GATHER);
  }

  @Test
  void unknownModelsSuggestNearIdsAndTheSyntheticForms() {
    assertThatThrownBy(() -> ModelCatalog.shipped().get("llama-3.1-7b"))
        .isInstanceOf(UnknownIdException.class)
        .hasMessageContaining("unknown model 'llama-3.1-7b'; did you mean")
        .hasMessageContaining("llama-3.1-8b")
        .hasMessageContaining("gemm-MxNxK");
  }
}
