package dev.blueprint.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Layers built in code are the layers the profile parser derives from the same shapes. */
class LayersTest {
  private static final String YAML =
      """
      id: tiny
      name: tiny
      family: cnn
      sources:
        me: "a test"
      published: {source: me, params: 1000, macs_per_sample: 2000}
      input: 8x8x3
      layers:
        source: me
        list:
          - {name: c1, op: conv2d, in: 8x8x3, out: 8x8x16, kernel: 3x3, bias: true}
          - {name: dw, op: conv2d, in: 8x8x16, out: 4x4x16, kernel: 3x3, groups: 16}
          - {name: p, op: maxpool, in: 4x4x16, out: 2x2x16, kernel: 2x2}
          - {name: g, op: global-avgpool, in: 2x2x16, out: 1x1x16}
          - {name: e, op: embedding, rows: 1000, dim: 8, lookups: 3}
          - {name: cat, op: concat, in: [1x1x16, 1x1x8], out: 1x1x24}
          - {name: fc, op: dense, in: 24, out: 10, norm: layer}
          - {name: add, op: add, in: 1x1x10}
          - {name: sm, op: softmax, in: 1x1x10}
      """;

  @Test
  void aProfileBuiltInCodeEqualsTheParsedOne() {
    ModelProfile parsed = ModelProfileParser.parse(YAML, "tiny.yaml");
    List<Layer> layers =
        List.of(
            Layers.conv(
                "c1",
                "conv2d",
                Shape.of(8, 8, 3),
                Shape.of(8, 8, 16),
                3,
                3,
                1,
                true,
                Layers.Norm.NONE,
                false),
            Layers.conv(
                "dw",
                "conv2d",
                Shape.of(8, 8, 16),
                Shape.of(4, 4, 16),
                3,
                3,
                16,
                false,
                Layers.Norm.NONE,
                false),
            Layers.pool("p", "maxpool", Shape.of(4, 4, 16), Shape.of(2, 2, 16), 2, 2),
            Layers.globalPool("g", Shape.of(2, 2, 16), Shape.of(1, 1, 16)),
            Layers.embedding("e", 1000, 8, 3, true),
            Layers.concat(
                "cat", List.of(Shape.of(1, 1, 16), Shape.of(1, 1, 8)), Shape.of(1, 1, 24)),
            Layers.dense("fc", 24, 10, 1, false, Layers.Norm.LAYER),
            Layers.elementwise("add", "add", Shape.of(1, 1, 10), 2),
            Layers.normalisation("sm", "softmax", Shape.of(1, 1, 10)));
    ModelProfile built =
        ModelProfile.builder("tiny", "tiny", ModelFamily.CNN, new LayerStack("8x8x3", layers, 1))
            .source("me", "a test")
            .published(
                new PublishedFigures(
                    OptionalDouble.of(1000),
                    OptionalDouble.empty(),
                    OptionalDouble.of(2000),
                    OptionalDouble.empty(),
                    "me"))
            .origin("tiny.yaml")
            .build();
    assertThat(built).isEqualTo(parsed);
    assertThat(layers.get(1).opClass())
        .as("depthwise runs on the vector units")
        .isEqualTo(OpClass.VECTOR);
  }

  @Test
  void shapesThatDoNotFitAreRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                Layers.conv(
                    "c",
                    "conv2d",
                    Shape.of(8, 8, 3),
                    Shape.of(8, 8, 16),
                    3,
                    3,
                    2,
                    false,
                    Layers.Norm.NONE,
                    false))
        .hasMessageContaining("groups must divide both channel counts (3, 16), got 2");
    assertThatThrownBy(
            () ->
                Layers.conv(
                    "c",
                    "conv1d",
                    Shape.of(8, 8, 3),
                    Shape.of(8, 8, 16),
                    3,
                    1,
                    1,
                    false,
                    Layers.Norm.NONE,
                    false))
        .hasMessageContaining("conv1d shapes are LxC");
  }
}
