package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

class TrainingTest {
  final HardwareProfile a100 = HardwareCatalog.shipped().get("nvidia-a100-sxm-80gb");
  final ModelProfile gpt3 = ModelCatalog.shipped().get("gpt-3-175b");

  TrainingSetup setup(int devices, int tp, int pp, int zero, Recompute recompute) {
    return new TrainingSetup(
        devices,
        tp,
        pp,
        1,
        1,
        1536,
        1,
        2048,
        Precision.FP16,
        recompute,
        false,
        zero,
        AttentionKernel.FLASH);
  }

  @Test
  void modelFlopsAreSixPerParameterPerTokenPlusAttention() {
    TransformerArchitecture a = gpt3.transformer().orElseThrow();
    double perToken = Training.modelFlopPerToken(a, 2048);
    // Megatron: 72 h^2 l (1 + s/6h + V/12hl) per token
    double h = 12288;
    double l = 96;
    double megatron = 72 * h * h * l * (1 + 2048 / (6 * h) + 50257 / (12 * h * l));
    assertThat(perToken / megatron).isCloseTo(1, within(0.01));
  }

  @Test
  void fullRecomputationAddsOneForwardPassOfTheBlocks() {
    TransformerArchitecture a = gpt3.transformer().orElseThrow();
    double ratio =
        Training.hardwareFlopPerToken(a, 2048, Recompute.FULL)
            / Training.modelFlopPerToken(a, 2048);
    assertThat(ratio).isCloseTo(4.0 / 3, within(0.01));
  }

  @Test
  void aPipelineSplitThatDoesNotDivideTheLayersRunsAtItsFullestStage() {
    // GPT-3's 96 layers on 7 stages: 14 on the fullest stage (ceil(96 / 7)).
    TrainingReport seven = Training.analyze(gpt3, a100, setup(1344, 8, 7, 1, Recompute.FULL));
    TrainingReport eight = Training.analyze(gpt3, a100, setup(1536, 8, 8, 1, Recompute.FULL));
    assertThat(Training.stageLayers(gpt3.transformer().orElseThrow(), 7)).isEqualTo(14);
    assertThat(Training.stageLayers(gpt3.transformer().orElseThrow(), 8)).isEqualTo(12);
    // Each micro-batch on the fullest stage does 14 layers' work instead of 12.
    assertThat(seven.microBatchSeconds() / eight.microBatchSeconds())
        .isCloseTo(14.0 / 12, within(0.08));
  }

  @Test
  void maxTextsMlpInputPolicyRecomputesLessThanFullAndMoreThanNone() {
    double none =
        Training.analyze(gpt3, a100, setup(1536, 8, 12, 1, Recompute.NONE)).microBatchSeconds();
    double mlp =
        Training.analyze(gpt3, a100, setup(1536, 8, 12, 1, Recompute.MLP_INPUT))
            .microBatchSeconds();
    double full =
        Training.analyze(gpt3, a100, setup(1536, 8, 12, 1, Recompute.FULL)).microBatchSeconds();
    assertThat(mlp).isGreaterThan(none).isLessThan(full);
    assertThat(Recompute.fromMaxTextPolicy("save_dot_except_mlpwi")).isEqualTo(Recompute.MLP_INPUT);
    assertThat(Recompute.fromMaxTextPolicy("full")).isEqualTo(Recompute.FULL);
    assertThat(Recompute.fromMaxTextPolicy("custom-offload")).isEqualTo(Recompute.NONE);
  }

  @Test
  void zeroStagesShrinkTheStatePerDevice() {
    double previous = Double.MAX_VALUE;
    for (int zero = 0; zero <= 3; zero++) {
      TrainingReport r = Training.analyze(gpt3, a100, setup(1536, 8, 12, zero, Recompute.FULL));
      double state =
          r.memory().weights().bytes()
              + r.memory().gradients().bytes()
              + r.memory().optimizer().bytes();
      assertThat(state).isLessThan(previous);
      previous = state;
    }
  }

  @Test
  void recomputationTradesTimeForActivationMemory() {
    TrainingReport none = Training.analyze(gpt3, a100, setup(1536, 8, 12, 1, Recompute.NONE));
    TrainingReport full = Training.analyze(gpt3, a100, setup(1536, 8, 12, 1, Recompute.FULL));
    assertThat(full.stepSeconds()).isGreaterThan(none.stepSeconds());
    assertThat(full.memory().activations().bytes())
        .isLessThan(none.memory().activations().bytes() / 5);
  }

  @Test
  void morePipelineStagesWithTheSameMicroBatchesMeanABiggerBubble() {
    TrainingReport pp4 =
        Training.analyze(
            gpt3,
            a100,
            new TrainingSetup(
                384,
                8,
                4,
                1,
                1,
                96,
                1,
                2048,
                Precision.FP16,
                Recompute.FULL,
                false,
                1,
                AttentionKernel.FLASH));
    TrainingReport pp12 =
        Training.analyze(
            gpt3,
            a100,
            new TrainingSetup(
                384,
                8,
                12,
                1,
                1,
                96,
                3,
                2048,
                Precision.FP16,
                Recompute.FULL,
                false,
                1,
                AttentionKernel.FLASH));
    assertThat(pp12.bubbleSeconds() / pp12.stepSeconds())
        .isGreaterThan(pp4.bubbleSeconds() / pp4.stepSeconds());
  }

  @Test
  void aPlainOneForwardOneBackwardPipelineHoldsAsManyMicroBatchesAsStages() {
    ModelProfile llama = ModelCatalog.shipped().get("llama-2-70b");
    HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
    TrainingReport onePipe =
        Training.analyze(
            llama,
            h100,
            new TrainingSetup(
                16,
                4,
                4,
                1,
                1,
                64,
                1,
                4096,
                Precision.BF16,
                Recompute.FULL,
                true,
                1,
                AttentionKernel.FLASH));
    // Full recomputation stores each block's input, 2·s·b·h/tp bytes with sequence parallelism,
    // for 20 layers per stage and 4 micro-batches in flight.
    double perLayer = 2.0 * 4096 * 8192 / 4;
    assertThat(onePipe.memory().activations().bytes()).isCloseTo(perLayer * 20 * 4, within(1.0));
    TrainingReport interleaved =
        Training.analyze(
            llama,
            h100,
            new TrainingSetup(
                16,
                4,
                4,
                1,
                2,
                64,
                1,
                4096,
                Precision.BF16,
                Recompute.FULL,
                true,
                1,
                AttentionKernel.FLASH));
    assertThat(interleaved.memory().activations().bytes())
        .isCloseTo(perLayer * 20 * 4 * (1 + 3.0 / 8), within(1.0));
  }

  @Test
  void fewerMicroBatchesThanStagesHoldFewerActivations() {
    ModelProfile llama = ModelCatalog.shipped().get("llama-2-70b");
    HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
    TrainingReport one =
        Training.analyze(
            llama,
            h100,
            new TrainingSetup(
                64,
                8,
                8,
                1,
                1,
                1,
                1,
                4096,
                Precision.BF16,
                Recompute.SELECTIVE,
                true,
                1,
                AttentionKernel.FLASH));
    TrainingReport eight =
        Training.analyze(
            llama,
            h100,
            new TrainingSetup(
                64,
                8,
                8,
                1,
                1,
                8,
                1,
                4096,
                Precision.BF16,
                Recompute.SELECTIVE,
                true,
                1,
                AttentionKernel.FLASH));
    assertThat(eight.memory().activations().bytes() / one.memory().activations().bytes())
        .isCloseTo(8.0, within(0.01));
  }

  @Test
  void fp32TrainingStoresFourBytesPerWeightAndGradient() {
    ModelProfile gpt2 = ModelCatalog.shipped().get("gpt-2");
    TrainingReport r =
        Training.analyze(
            gpt2,
            a100,
            new TrainingSetup(
                1,
                1,
                1,
                1,
                1,
                8,
                1,
                1024,
                Precision.FP32,
                Recompute.NONE,
                false,
                0,
                AttentionKernel.FLASH));
    assertThat(r.memory().weights().bytes()).isEqualTo(gpt2.parameterCount() * 4);
    assertThat(r.memory().optimizer().bytes()).isEqualTo(gpt2.parameterCount() * 8);
    assertThatThrownBy(
            () ->
                Training.analyze(
                    gpt2,
                    a100,
                    new TrainingSetup(
                        1,
                        1,
                        1,
                        1,
                        1,
                        8,
                        1,
                        1024,
                        Precision.INT8,
                        Recompute.NONE,
                        false,
                        0,
                        AttentionKernel.FLASH)))
        .hasMessageContaining("training precision must be one of");
  }

  @Test
  void encodersAttendBothWaysWhenTraining() {
    ModelProfile bert = ModelCatalog.shipped().get("bert-large");
    var arch = bert.transformer().orElseThrow();
    var forward =
        TransformerOps.trainingForward(
            arch,
            PrecisionPlan.forTraining(Precision.BF16),
            1,
            1,
            1,
            512,
            512,
            AttentionKernel.FLASH);
    var core =
        forward.block().stream()
            .filter(op -> op.name().equals("attn.core"))
            .findFirst()
            .orElseThrow();
    assertThat(core.flop()).isEqualTo(4.0 * 512 * 512 * arch.queryWidth());
  }

  @Test
  void badLayoutsAreRejected() {
    assertThatThrownBy(() -> setup(100, 8, 12, 1, Recompute.FULL))
        .hasMessageContaining("multiple of tp x pp x cp");
    TrainingSetup sevenWay =
        new TrainingSetup(
            7,
            7,
            1,
            1,
            1,
            7,
            1,
            2048,
            Precision.FP16,
            Recompute.FULL,
            false,
            1,
            AttentionKernel.FLASH);
    assertThatThrownBy(() -> Training.analyze(gpt3, a100, sevenWay))
        .hasMessageContaining("tp (7) must divide the 96 attention heads");
    assertThatThrownBy(
            () ->
                Training.analyze(
                    ModelCatalog.shipped().get("resnet-50"),
                    a100,
                    setup(1536, 8, 12, 1, Recompute.FULL)))
        .hasMessageContaining("resnet-50 is cnn");
  }

  @Test
  void zeroThreeGathersTheWeightsForEveryMicroBatchAndExposesWhatOutlastsTheCompute() {
    // Eight L4s talk over PCIe: gathering a 7B model's 16-bit weights outlasts the compute of one
    // 512-token sequence, so FSDP's traffic shows, once per micro-batch.
    HardwareProfile l4 = HardwareCatalog.shipped().get("nvidia-l4");
    ModelProfile llama = ModelCatalog.shipped().get("llama-2-7b");
    TrainingReport one = Training.analyze(llama, l4, fsdp(8, 3));
    TrainingReport four = Training.analyze(llama, l4, fsdp(32, 3));
    TrainingReport zeroTwo = Training.analyze(llama, l4, fsdp(32, 2));
    assertThat(one.exposedDataParallelSeconds()).isGreaterThan(0);
    assertThat(four.exposedDataParallelSeconds())
        .isCloseTo(4 * one.exposedDataParallelSeconds(), within(1e-9));
    // ZeRO-2 reduces and gathers once per step, behind the whole step's backward passes.
    assertThat(zeroTwo.exposedDataParallelSeconds()).isLessThan(four.exposedDataParallelSeconds());
  }

  private static TrainingSetup fsdp(int globalBatch, int zero) {
    return new TrainingSetup(
        8,
        1,
        1,
        1,
        1,
        globalBatch,
        1,
        512,
        Precision.BF16,
        Recompute.NONE,
        false,
        zero,
        AttentionKernel.FLASH);
  }
}
