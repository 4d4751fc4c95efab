package dev.blueprint.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.perf.KernelPlan;
import dev.blueprint.simulator.perf.LayerCosts;
import dev.blueprint.simulator.perf.OpCost;
import dev.blueprint.simulator.perf.PrecisionPlan;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer kinds of volumetric, recurrent and diffusion models (conv3d, transposed convolutions,
 * attention, LSTM, group and instance normalisation) and layer groups that repeat per sample, each
 * checked against figures worked out by hand from the rules in {@code docs/model-format.md}.
 */
class LayerKindsTest {
  private static LayerStack parse(String list) {
    String text =
        """
        id: t
        name: t
        family: cnn
        sources:
          me: "a test"
        published: {source: me}
        layers:
          source: me
          list:
        """
            + list.indent(4);
    return (LayerStack) ModelProfileParser.parse(text, "t.yaml").structure();
  }

  @Test
  void conv3dCountsEveryTapOfTheCubicKernel() {
    Layer conv =
        parse("- {name: c, op: conv3d, in: 8x8x8x4, out: 4x4x4x16, kernel: 3x3x3, bias: true}")
            .layers()
            .get(0);
    assertThat(conv.params()).isEqualTo(27 * 4 * 16 + 16.0);
    assertThat(conv.macsPerSample()).isEqualTo(4 * 4 * 4 * 16 * 27 * 4.0);
    assertThat(conv.activationElementsPerSample()).isEqualTo(8 * 8 * 8 * 4 + 4 * 4 * 4 * 16.0);
    assertThat(conv.opClass()).isEqualTo(OpClass.MATRIX);
    assertThat(conv.description()).isEqualTo("8x8x8x4 -> 4x4x4x16 k3x3x3");
  }

  @Test
  void aTransposedConvolutionCountsTheKernelOnEveryInputPosition() {
    Layer up =
        parse(
                "- {name: u, op: conv-transpose3d, in: 4x4x4x32, out: 8x8x8x16, kernel: 2x2x2,"
                    + " bias: true}")
            .layers()
            .get(0);
    assertThat(up.params()).isEqualTo(8 * 32 * 16 + 16.0);
    // kernel = stride: each output voxel receives exactly one tap, so MACs = out positions x Cin x
    // Cout.
    assertThat(up.macsPerSample()).isEqualTo(8 * 8 * 8 * 32 * 16.0);
  }

  @Test
  void attentionIsTwoProductsOverTheContextWithoutWritingTheScores() {
    Layer a =
        parse("- {name: x, op: attention, tokens: 1024, context: 77, heads: 10, head_dim: 64}")
            .layers()
            .get(0);
    assertThat(a.opClass()).isEqualTo(OpClass.ATTENTION);
    assertThat(a.params()).isZero();
    assertThat(a.macsPerSample()).isEqualTo(2.0 * 1024 * 77 * 640);
    assertThat(a.activationElementsPerSample()).isEqualTo(2.0 * 1024 * 640 + 2.0 * 77 * 640);
    Layer self =
        parse("- {name: s, op: attention, tokens: 16, heads: 2, head_dim: 8}").layers().get(0);
    assertThat(self.macsPerSample())
        .as("context defaults to the tokens")
        .isEqualTo(2.0 * 16 * 16 * 16);
  }

  @Test
  void anLstmIsABatchedInputProjectionAndARecurrenceRepeatedPerStep() {
    List<Layer> lstm = parse("- {name: enc, op: lstm, in: 240, hidden: 1024, steps: 100}").layers();
    assertThat(lstm).hasSize(2);
    Layer input = lstm.get(0);
    Layer recurrence = lstm.get(1);
    // torch.nn.LSTM: weight_ih 4H x in, weight_hh 4H x H, bias_ih and bias_hh 4H each.
    assertThat(input.params() + recurrence.params())
        .isEqualTo(4096.0 * 240 + 4096.0 * 1024 + 2 * 4096.0);
    assertThat(input.repeats()).isEqualTo(1);
    assertThat(input.macsPerSample()).isEqualTo(100 * 4096.0 * 240);
    assertThat(recurrence.repeats()).isEqualTo(100);
    assertThat(recurrence.macsPerSample()).isEqualTo(4096.0 * 1024);
    assertThat(new LayerStack("", lstm, 1).macsPerSample()).isEqualTo(100 * 4096.0 * (240 + 1024));

    List<Layer> decoder =
        parse("- {name: pred, op: lstm, in: 320, hidden: 320, steps: 2.5, input: per-step}")
            .layers();
    assertThat(decoder.get(0).repeats()).isEqualTo(2.5);
    assertThat(decoder.get(0).macsPerSample()).isEqualTo(1280.0 * 320);
  }

  @Test
  void groupAndInstanceNormalisationHaveAScaleAndShiftPerChannel() {
    List<Layer> norms =
        parse(
                """
                - {name: g, op: groupnorm, in: 32x32x640}
                - {name: i, op: instancenorm, in: 8x8x8x32}
                """)
            .layers();
    assertThat(norms.get(0).params()).isEqualTo(2 * 640.0);
    assertThat(norms.get(1).params()).isEqualTo(2 * 32.0);
    assertThat(norms.get(1).opClass()).isEqualTo(OpClass.VECTOR);
  }

  @Test
  void aGroupRepeatsItsLayersPerSampleOnCopiesOfTheSample() {
    LayerStack stack =
        parse(
            """
            - {name: text, op: dense, in: 8, out: 8, tokens: 4}
            - group: unet
              repeat: 20
              batch: 2
              note: "20 steps, conditional and unconditional"
              list:
                - {name: conv, op: conv2d, in: 4x4x8, out: 4x4x8, kernel: 3x3}
                - group: inner
                  repeat: 3
                  list:
                    - {name: fc, op: dense, in: 8, out: 8}
            """);
    Layer text = stack.layers().get(0);
    Layer conv = stack.layers().get(1);
    Layer fc = stack.layers().get(2);
    assertThat(text.repeats()).isEqualTo(1);
    assertThat(conv.repeats()).isEqualTo(20);
    assertThat(conv.params()).as("weights are not copied").isEqualTo(9 * 8 * 8.0);
    assertThat(conv.macsPerSample()).isEqualTo(2 * 16 * 8 * 9 * 8.0);
    assertThat(fc.repeats()).isEqualTo(60);
    assertThat(stack.macsPerSample())
        .isEqualTo(4 * 64.0 + 20 * 2 * 16 * 8 * 9 * 8.0 + 60 * 2 * 64.0);
  }

  @Test
  void aRepeatedLayerIsPlannedOnceAPerStepKernelThatRunsRepeatTimes() {
    LayerStack stack =
        parse(
            """
            - group: unet
              repeat: 20
              list:
                - {name: fc, op: dense, in: 64, out: 64}
            """);
    PrecisionPlan plan = PrecisionPlan.forInference(Precision.FP16);
    KernelPlan kernels = LayerCosts.forBatch(stack, plan, 4, 1);
    KernelPlan.Planned<OpCost> fc = kernels.kernels().get(0);
    assertThat(fc.repeats()).isEqualTo(20);
    assertThat(fc.item().flop()).isEqualTo(2 * 4 * 64 * 64.0);
    assertThat(fc.item().streamBytes())
        .as("weights once per step, activations of the batch")
        .isEqualTo(64 * 64 * 2.0 + 4 * 128 * 2.0);
  }

  @Test
  void badKernelsGroupsAndStepsAreReportedWithTheirField() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    - {name: c, op: conv3d, in: 8x8x8x4, out: 8x8x8x4, kernel: 3x3}
                    - group: g
                      repeat: 0.5
                      list:
                        - {name: l, op: lstm, in: 4, hidden: 4, steps: 0}
                    """))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("conv3d kernels have 3 sizes, got 2")
        .hasMessageContaining("field 'layers.list[1].repeat': expected a number of at least 1")
        .hasMessageContaining(
            "field 'layers.list[1].list[0].steps': expected a number of at least 1, got '0'");
  }
}
