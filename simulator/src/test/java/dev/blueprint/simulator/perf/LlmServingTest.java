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
    LlmServing s = new LlmServing(MODELS.get("llama-3.1-70b"), HW.get("nvidia-h100-sxm-80gb"), 8, 8, 1, Precision.FP8);
    // 80 layers x (8 KV heads / 8 devices) x 128 x (K and V) x 1 byte
    assertThat(s.kvBytesPerTokenPerDevice()).isEqualTo(80 * 1 * 128 * 2 * 1.0);
  }

  @Test
  void weightsAreSplitOverTheGroupAndTheHeadStaysInSixteenBits() {
    LlmServing s = new LlmServing(MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
    double head = 2 * 128256.0 * 4096 * 2;
    double blocks = MODELS.get("llama-3.1-8b").parameterCount() - 2 * 128256.0 * 4096;
    assertThat(s.weightBytesPerDevice()).isCloseTo(blocks + head, within(1.0));
  }

  @Test
  void moreConcurrencyMeansMoreThroughputAndSlowerTokens() {
    LlmServing s = new LlmServing(MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
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
    double weightsOnly = MODELS.get("llama-3.1-8b").parameterCount() * 2 / h100.memory().bandwidth().bytesPerSecond();
    assertThat(step).isBetween(weightsOnly, weightsOnly * 1.6);
  }

  @Test
  void aModelThatDoesNotFitIsRejectedWithTheNumbers() {
    assertThatThrownBy(() -> new LlmServing(MODELS.get("llama-3.1-405b"), HW.get("nvidia-l4"), 1, 1, 1, Precision.FP8)
            .continuous(128, 128, OptionalInt.empty()))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageContaining("does not fit: llama-3.1-405b in fp8 needs")
        .hasMessageContaining("use more devices");
  }

  @Test
  void tooManyConcurrentSequencesAreRejected() {
    LlmServing s = new LlmServing(MODELS.get("llama-3.1-70b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.FP8);
    assertThatThrownBy(() -> s.continuous(2048, 2048, OptionalInt.of(5000)))
        .hasMessageContaining("concurrent sequences")
        .hasMessageContaining("the KV cache holds");
  }

  @Test
  void impossibleLayoutsAreRejected() {
    assertThatThrownBy(() -> new LlmServing(MODELS.get("llama-3.1-8b"), HW.get("nvidia-h100-sxm-80gb"), 8, 3, 1, Precision.FP8))
        .hasMessageContaining("multiple of tp x pp");
    assertThatThrownBy(() -> new LlmServing(MODELS.get("llama-3.1-8b"), HW.get("nvidia-a100-sxm-80gb"), 1, 1, 1, Precision.FP8))
        .hasMessageContaining("has no fp8 compute");
    assertThatThrownBy(() -> new LlmServing(MODELS.get("resnet-50"), HW.get("nvidia-a100-sxm-80gb"), 1, 1, 1, Precision.FP16))
        .hasMessageContaining("not a decoder LLM");
  }
}
