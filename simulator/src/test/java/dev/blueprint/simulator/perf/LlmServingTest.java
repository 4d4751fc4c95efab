package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.units.Precision;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LlmServingTest {
  static final Catalog<HardwareProfile> HW = HardwareCatalog.shipped();
  static final ModelCatalog MODELS = ModelCatalog.shipped();

  @Test
  void kvCacheBytesPerTokenFollowTheArchitecture() {
    LlmServing s =
        new LlmServing(
            MODELS.get("llama-3.1-70b"), HW.get("nvidia-h100-sxm-80gb"), 8, 8, 1, Precision.FP8);
    // 80 layers x (8 KV heads / 8 devices) x 128 x (K and V) x 1 byte
    assertThat(s.kvBytesPerTokenPerDevice()).isEqualTo(80 * 1 * 128 * 2 * 1.0);
  }

  @Test
  void weightsAreSplitOverTheGroupAndTheHeadStaysInSixteenBits() {
    LlmServing s =
        new LlmServing(
            MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
    double head = 2 * 128256.0 * 4096 * 2;
    double blocks = MODELS.get("llama-3.1-8b").parameterCount() - 2 * 128256.0 * 4096;
    assertThat(s.weightBytesPerDevice()).isCloseTo(blocks + head, within(1.0));
  }

  @Test
  void moreConcurrencyMeansMoreThroughputAndSlowerTokens() {
    LlmServing s =
        new LlmServing(
            MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
    LlmServing.Continuous few = s.continuous(512, 256, OptionalInt.of(8));
    LlmServing.Continuous many = s.continuous(512, 256, OptionalInt.of(256));
    assertThat(many.outputTokensPerSecond()).isGreaterThan(few.outputTokensPerSecond() * 5);
    assertThat(many.tpotSeconds()).isGreaterThan(few.tpotSeconds());
  }

  @Test
  void decodingOneSequenceIsBoundByReadingTheWeights() {
    HardwareProfile h100 = HW.get("nvidia-h100-sxm-80gb");
    LlmServing s = new LlmServing(MODELS.get("llama-3.1-8b"), h100, 1, 1, 1, Precision.BF16);
    double step = s.decodeStepSeconds(1, 100);
    double weightsOnly =
        MODELS.get("llama-3.1-8b").parameterCount()
            * 2
            / h100.memory().bandwidth().bytesPerSecond();
    assertThat(step).isBetween(weightsOnly, weightsOnly * 1.6);
  }

  @Test
  void aModelThatDoesNotFitIsRejectedWithTheNumbers() {
    assertThatThrownBy(
            () ->
                new LlmServing(
                        MODELS.get("llama-3.1-405b"), HW.get("nvidia-l4"), 1, 1, 1, Precision.FP8)
                    .continuous(128, 128, OptionalInt.empty()))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageContaining("does not fit: llama-3.1-405b in fp8 needs")
        .hasMessageContaining("use more devices");
  }

  @Test
  void tooManyConcurrentSequencesAreRejected() {
    LlmServing s =
        new LlmServing(
            MODELS.get("llama-3.1-70b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
    assertThatThrownBy(() -> s.continuous(2048, 2048, OptionalInt.of(5000)))
        .hasMessageContaining("concurrent sequences")
        .hasMessageContaining("the KV cache holds");
  }

  @Test
  void pipelineStagesEachHoldTheirLayersKeysAndValuesForEveryRunningSequence() {
    var model = MODELS.get("llama-3.1-70b");
    var h100 = HW.get("nvidia-h100-sxm-80gb");
    LlmServing.MemoryPlan one =
        new LlmServing(model, h100, 2, 2, 1, Precision.FP8).memory(2048, 64);
    LlmServing.MemoryPlan two =
        new LlmServing(model, h100, 4, 2, 2, Precision.FP8).memory(2048, 64);
    // Half the layers per device, and half the weights: a bit more than twice the tokens, not four
    // times.
    assertThat(two.kvTokens() / one.kvTokens()).isBetween(2.0, 3.0);
    var continuous =
        new LlmServing(model, h100, 4, 2, 2, Precision.FP8)
            .continuous(2048, 512, OptionalInt.empty());
    assertThat(continuous.concurrency()).isLessThanOrEqualTo(two.sequencesThatFit(2560));
  }

  @Test
  void aPipelineTakesAsLongPerTokenAsOneDeviceRunningEveryStage() {
    var model = MODELS.get("llama-3.1-8b");
    var h200 = HW.get("nvidia-h200-sxm-141gb");
    double pp1 = new LlmServing(model, h200, 1, 1, 1, Precision.BF16).decodeStepSeconds(1, 1024);
    double pp8 = new LlmServing(model, h200, 8, 1, 8, Precision.BF16).decodeStepSeconds(1, 1024);
    assertThat(pp8 / pp1).isCloseTo(1.0, within(0.01));
  }

  @Test
  void moreDevicesThanKeyValueHeadsReplicateTheHeads() {
    var model = MODELS.get("llama-3.1-8b");
    var h100 = HW.get("nvidia-h100-sxm-80gb");
    double tp8 = new LlmServing(model, h100, 8, 8, 1, Precision.BF16).kvBytesPerTokenPerDevice();
    double tp16 = new LlmServing(model, h100, 16, 16, 1, Precision.BF16).kvBytesPerTokenPerDevice();
    assertThat(tp16).isEqualTo(tp8);
    assertThatThrownBy(
            () -> new LlmServing(MODELS.get("llama-3.1-70b"), h100, 6, 6, 1, Precision.BF16))
        .hasMessageContaining("must divide the 64 attention heads");
  }

  @Test
  void weightOnlyInt4RunsItsArithmeticInSixteenBits() {
    var s =
        new LlmServing(
            MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.INT4);
    assertThat(s.plan().math()).isEqualTo(Precision.FP16);
    assertThat(s.continuous(128, 128, OptionalInt.of(8)).outputTokensPerSecond()).isPositive();
  }

  @Test
  void requestsLongerThanALearnedPositionTableAreRejected() {
    var gpt2 = new LlmServing(MODELS.get("gpt-2"), HW.get("nvidia-t4"), 1, 1, 1, Precision.FP16);
    assertThatThrownBy(() -> gpt2.continuous(1000, 100, OptionalInt.empty()))
        .hasMessageContaining("1100 tokens exceeds the 1024 learned positions");
  }

  @Test
  void impossibleLayoutsAreRejected() {
    assertThatThrownBy(
            () ->
                new LlmServing(
                    MODELS.get("llama-3.1-8b"),
                    HW.get("nvidia-h100-sxm-80gb"),
                    8,
                    3,
                    1,
                    Precision.FP8))
        .hasMessageContaining("multiple of tp x pp");
    assertThatThrownBy(
            () ->
                new LlmServing(
                    MODELS.get("llama-3.1-8b"),
                    HW.get("nvidia-a100-sxm-80gb"),
                    1,
                    1,
                    1,
                    Precision.FP8))
        .hasMessageContaining("has no fp8 compute");
    assertThatThrownBy(
            () ->
                new LlmServing(
                    MODELS.get("resnet-50"),
                    HW.get("nvidia-a100-sxm-80gb"),
                    1,
                    1,
                    1,
                    Precision.FP16))
        .hasMessageContaining("not a decoder LLM");
  }

  @Test
  void vllmKeepsAnFp8ModelsCacheInSixteenBitsUnlessTheDeploymentSaysFp8() {
    var model = MODELS.get("llama-3.1-70b");
    var h100 = HW.get("nvidia-h100-sxm-80gb");
    LlmServing trt =
        new LlmServing(
            model,
            h100,
            8,
            8,
            1,
            Precision.FP8,
            ServingEngine.TENSORRT_LLM,
            LlmServing.MoeLayout.TENSOR);
    LlmServing vllm =
        new LlmServing(
            model, h100, 8, 8, 1, Precision.FP8, ServingEngine.VLLM, LlmServing.MoeLayout.TENSOR);
    assertThat(trt.plan().kvCache()).isEqualTo(Precision.FP8);
    assertThat(vllm.plan().kvCache()).isEqualTo(Precision.BF16);
    assertThat(vllm.kvBytesPerTokenPerDevice()).isEqualTo(2 * trt.kvBytesPerTokenPerDevice());
    assertThat(vllm.withKvCache(Precision.FP8).kvBytesPerTokenPerDevice())
        .isEqualTo(trt.kvBytesPerTokenPerDevice());
    // A 16-bit model's cache is 16-bit under every engine.
    LlmServing bf16 =
        new LlmServing(
            model, h100, 8, 8, 1, Precision.BF16, ServingEngine.VLLM, LlmServing.MoeLayout.TENSOR);
    assertThat(bf16.plan().kvCache()).isEqualTo(Precision.BF16);
  }
}
