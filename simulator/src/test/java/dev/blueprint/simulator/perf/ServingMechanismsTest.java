package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Serving engines, variable request lengths and the LLM server scenario. */
class ServingMechanismsTest {
  final ModelProfile llama8b = ModelCatalog.shipped().get("llama-3.1-8b");
  final HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
  final HardwareProfile a100 = HardwareCatalog.shipped().get("nvidia-a100-sxm-80gb");

  LlmServing serving(HardwareProfile hw, ServingEngine engine) {
    return new LlmServing(llama8b, hw, 1, 1, 1, Precision.BF16, engine);
  }

  @Test
  void theDefaultEngineIsTensorRtLlm() {
    LlmServing plain = new LlmServing(llama8b, h100, 1, 1, 1, Precision.BF16);
    assertThat(plain.engine()).isEqualTo(ServingEngine.TENSORRT_LLM);
    assertThat(plain.continuous(128, 128, OptionalInt.empty()).outputTokensPerSecond())
        .isEqualTo(
            serving(h100, ServingEngine.TENSORRT_LLM)
                .continuous(128, 128, OptionalInt.empty())
                .outputTokensPerSecond());
  }

  @Test
  void anEnginesOwnLimitCapsTheSequencesInFlight() {
    LlmServing.Continuous tgi =
        serving(h100, ServingEngine.TGI).continuous(128, 128, OptionalInt.empty());
    assertThat(tgi.concurrency()).isEqualTo(128);
    assertThat(tgi.limitedBy()).startsWith("max-sequences");
    // vLLM keeps 256 sequences on an A100 and 1024 on an H100 (its >= 70 GiB, non-A100 tier).
    assertThat(
            serving(a100, ServingEngine.VLLM)
                .continuous(128, 128, OptionalInt.empty())
                .concurrency())
        .isEqualTo(256);
    assertThat(
            serving(h100, ServingEngine.VLLM)
                .continuous(128, 128, OptionalInt.empty())
                .concurrency())
        .isEqualTo(1024);
    assertThat(
            serving(h100, ServingEngine.TENSORRT_LLM)
                .continuous(128, 128, OptionalInt.empty())
                .concurrency())
        .isGreaterThan(1024);
  }

  @Test
  void aDeploymentsLimitsReplaceTheEnginesDefaults() {
    LlmServing vllm = serving(h100, ServingEngine.VLLM);
    LlmServing.Continuous capped =
        vllm.withLimits(OptionalInt.of(300), OptionalInt.empty())
            .continuous(128, 128, OptionalInt.empty());
    assertThat(capped.concurrency()).isEqualTo(300);
    assertThat(capped.limitedBy()).contains("set to 300");
    LlmServing.Continuous tokens =
        vllm.withLimits(OptionalInt.empty(), OptionalInt.of(1024))
            .continuous(128, 128, OptionalInt.empty());
    assertThat(tokens.concurrency()).isEqualTo(512);
    assertThat(tokens.limitedBy()).startsWith("tokens-per-iteration");
  }

  @Test
  void engineNamesAreReadAndUnknownOnesListTheKnown() {
    assertThat(ServingEngine.parse("vLLM")).isEqualTo(ServingEngine.VLLM);
    assertThatThrownBy(() -> ServingEngine.parse("llama.cpp"))
        .hasMessageContaining("tensorrt-llm, vllm, sglang, tgi");
  }

  @Test
  void aStaticBatchPrefillsInChunksSoItsWorkspaceStaysBounded() {
    // 128 prompts of 2048 tokens: the whole batch's prefill activations would be over 30 GB.
    LlmServing s = serving(h100, ServingEngine.TENSORRT_LLM);
    assertThat(s.workspaceBytesPerDevice(128 * 2048, 128)).isGreaterThan(30e9);
    assertThat(s.staticBatch(128, 2048, 128).outputTokensPerSecond()).isPositive();
  }

  @Test
  void fixedLengthsAreOneCaseOfADistribution() {
    LlmServing s = serving(h100, ServingEngine.TENSORRT_LLM);
    assertThat(s.continuous(SequenceLengths.fixed(512, 256), OptionalInt.empty()).tpotSeconds())
        .isEqualTo(s.continuous(512, 256, OptionalInt.empty()).tpotSeconds());
  }

  @Test
  void longAnswersStayLongerSoTheRunningSetIsLongerThanTheMeans() {
    SequenceLengths spread =
        new SequenceLengths(
            List.of(new SequenceLengths.Point(200, 50, 1), new SequenceLengths.Point(200, 550, 1)));
    assertThat(spread.meanOutput()).isEqualTo(300);
    // Running requests: weighted by output, (50*250 + 550*750) / 600 = 708.3 tokens reserved.
    assertThat(spread.runningFootprint(t -> t)).isCloseTo(708.33, within(0.01));
    assertThat(spread.decodeContext()).isCloseTo((50 * 225.0 + 550 * 475.0) / 600, within(1e-9));
    LlmServing s = serving(h100, ServingEngine.TENSORRT_LLM);
    int fixed = s.continuous(200, 300, OptionalInt.empty()).concurrency();
    int varied = s.continuous(spread, OptionalInt.empty()).concurrency();
    assertThat(varied).isLessThan(fixed);
  }

  @Test
  void aDatasetsHistogramsGiveItsMeans() {
    SequenceLengths orca = SequenceLengths.dataset("mlperf-openorca", OptionalDouble.empty());
    // 222.33 computed from the per-sample lengths; bucket midpoints stand for their buckets.
    assertThat(orca.meanInput()).isCloseTo(222.33, within(15.0));
    assertThat(orca.meanOutput()).isCloseTo(294.45, within(1e-6));
    assertThat(orca.prefillLength()).isGreaterThan(orca.meanInput());
    assertThat(SequenceLengths.dataset("mlperf-openorca", OptionalDouble.of(280)).meanOutput())
        .isCloseTo(280, within(1e-6));
    assertThatThrownBy(() -> SequenceLengths.dataset("sharegpt", OptionalDouble.empty()))
        .hasMessageContaining("known: ");
  }

  @Test
  void theServerScenarioTradesThroughputForItsLatencyBounds() {
    LlmServing s = serving(h100, ServingEngine.TENSORRT_LLM);
    double offline = s.continuous(300, 300, OptionalInt.empty()).outputTokensPerSecond();
    LlmServing.Server loose = s.server(300, 300, 2.0, 0.2);
    LlmServing.Server tight = s.server(300, 300, 0.5, 0.02);
    assertThat(loose.outputTokensPerSecond()).isLessThan(offline);
    assertThat(tight.outputTokensPerSecond()).isLessThan(loose.outputTokensPerSecond());
    assertThat(tight.tpotSeconds()).isLessThanOrEqualTo(0.02);
    assertThat(tight.concurrency()).isLessThan(loose.concurrency());
  }

  @Test
  void pipelineStagesNeedNotDivideTheLayers() {
    // Llama 3.1 405B's 126 layers on 8 stages: 16 on the fullest.
    ModelProfile big = ModelCatalog.shipped().get("llama-3.1-405b");
    LlmServing eight = new LlmServing(big, h100, 64, 8, 8, Precision.FP8);
    LlmServing nine = new LlmServing(big, h100, 72, 8, 9, Precision.FP8);
    assertThat(eight.kvBytesPerTokenPerDevice())
        .isEqualTo(nine.kvBytesPerTokenPerDevice() * 16 / 14);
    assertThat(eight.continuous(1024, 128, OptionalInt.empty()).outputTokensPerSecond())
        .isPositive();
  }

  @Test
  void attentionDataParallelStopsCopyingTheLatentCacheOnEveryDevice() {
    ModelProfile r1 = ModelCatalog.shipped().get("deepseek-r1");
    HardwareProfile b200 = HardwareCatalog.shipped().get("nvidia-b200");
    LlmServing tensor = new LlmServing(r1, b200, 8, 8, 1, Precision.FP4);
    LlmServing expert =
        new LlmServing(
            r1,
            b200,
            8,
            8,
            1,
            Precision.FP4,
            ServingEngine.TENSORRT_LLM,
            LlmServing.MoeLayout.EXPERT);
    LlmServing dp =
        new LlmServing(
            r1,
            b200,
            8,
            8,
            1,
            Precision.FP4,
            ServingEngine.TENSORRT_LLM,
            LlmServing.MoeLayout.EXPERT_WITH_ATTENTION_DP);
    // MLA's latent has no head dimension: under TP every device caches all of it.
    assertThat(dp.kvBytesPerTokenPerDevice())
        .isCloseTo(tensor.kvBytesPerTokenPerDevice() / 8, within(1e-9));
    // The replicated attention weights cost memory.
    assertThat(dp.weightBytesPerDevice()).isGreaterThan(expert.weightBytesPerDevice());
    double t = tensor.continuous(800, 2000, OptionalInt.of(256)).outputTokensPerSecond();
    double e = expert.continuous(800, 2000, OptionalInt.of(256)).outputTokensPerSecond();
    double d = dp.continuous(800, 2000, OptionalInt.of(256)).outputTokensPerSecond();
    // Whole experts run wider GEMMs; data-parallel attention reads each sequence's latent once.
    assertThat(e).isGreaterThan(t);
    assertThat(d).isGreaterThan(e);
  }

  @Test
  void erlangCMatchesTheSingleServerQueue() {
    // M/M/1: an arrival waits with probability rho.
    assertThat(ErlangC.waitProbability(1, 0.5)).isCloseTo(0.5, within(1e-12));
    // Many slots at moderate load: almost nobody waits.
    assertThat(ErlangC.waitQuantile(500, 10, 40, 0.99)).isZero();
    double rate = ErlangC.highestRate(8, 1.0, 0.5, 0.99);
    assertThat(ErlangC.waitQuantile(8, 1.0, rate, 0.99)).isLessThanOrEqualTo(0.5 + 1e-6);
    assertThat(ErlangC.waitQuantile(8, 1.0, rate * 1.01, 0.99)).isGreaterThan(0.5);
  }
}
