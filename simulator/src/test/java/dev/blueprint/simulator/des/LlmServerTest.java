package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.LlmServerSpec;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.ServingEngine;
import dev.blueprint.simulator.units.Precision;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The simulated LLM server against the analytic serving model it is built on. */
class LlmServerTest {
  private final LlmServing h100x4 =
      new LlmServing(
          ModelCatalog.shipped().get("llama-3.1-70b"),
          HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb"),
          4,
          4,
          1,
          Precision.FP8);

  private static Design chat(String rate, String extra) {
    return Designs.parse(
        """
        name: chat
        workload:
          arrival: poisson
          rate: %s
          prompt_tokens: 1000
          output_tokens: 250
        components:
          llm:
            kind: llm-server
            model: llama-3.1-70b
            hardware: nvidia-h100-sxm-80gb
            precision: fp8
            tp: 4
        %s
        flow: [llm]
        """
            .formatted(rate, extra.indent(4)));
  }

  @Test
  void atSaturationTheTimePerTokenIsTheAnalyticModelsAtThatBatch() {
    // 64 sequences always running: arrivals faster than 64 sequences can finish.
    LlmServing.Continuous analytic = h100x4.continuous(1000, 250, OptionalInt.of(64));
    double capacity = analytic.outputTokensPerSecond() / 250;
    SimulationResult r =
        Simulation.run(
            chat(capacity * 1.3 + "/s", "max_batch: 64"),
            RunOptions.defaults().withRequests(20_000));
    double tpot = r.llm().orElseThrow().tpot().p50();
    // The analytic model spreads each prompt's prefill evenly over the decode steps; the server
    // runs it in whole-prompt iterations, whose larger all-reduces reach more of the link
    // (collective efficiency by message size, docs/calibration.md), so the server is a little
    // faster at the median.
    assertThat(tpot).isCloseTo(analytic.tpotSeconds(), within(analytic.tpotSeconds() * 0.10));
    assertThat(tpot).isLessThanOrEqualTo(analytic.tpotSeconds() * 1.02);
    assertThat(r.component("llm").details().get("mean_decode_batch")).isGreaterThan(60);
  }

  @Test
  void anEngineSetsTheServersDefaultLimits() {
    LlmServerSpec tgi = (LlmServerSpec) chat("1/s", "engine: tgi").components().get("llm");
    LlmServerSpec vllm = (LlmServerSpec) chat("1/s", "engine: vllm").components().get("llm");
    LlmServerSpec plain = (LlmServerSpec) chat("1/s", "").components().get("llm");
    assertThat(tgi.engine()).isEqualTo(ServingEngine.TGI);
    assertThat(tgi.maxBatch()).isEqualTo(128);
    assertThat(tgi.maxTokensPerIteration()).isEqualTo(4096);
    assertThat(vllm.maxBatch()).isEqualTo(1024);
    assertThat(vllm.maxTokensPerIteration()).isEqualTo(16384);
    assertThat(plain.engine()).isEqualTo(ServingEngine.TENSORRT_LLM);
    assertThat(plain.maxBatch()).isEqualTo(LlmServerSpec.DEFAULT_MAX_BATCH);
    // A limit given in the design wins over the engine's default.
    assertThat(
            ((LlmServerSpec) chat("1/s", "engine: tgi\nmax_batch: 64").components().get("llm"))
                .maxBatch())
        .isEqualTo(64);
  }

  @Test
  void aloneARequestTakesOnePrefillThenOneDecodeStepPerToken() {
    SimulationResult r =
        Simulation.run(chat("0.02/s", ""), RunOptions.defaults().withRequests(2_000));
    double prefill = h100x4.prefillSeconds(1, 1000);
    double step = h100x4.decodeStepSeconds(1, 1125);
    assertThat(r.llm().orElseThrow().ttft().p50()).isCloseTo(prefill, within(prefill * 0.05));
    assertThat(r.llm().orElseThrow().tpot().p50()).isCloseTo(step, within(step * 0.05));
    assertThat(r.latency().p50())
        .isCloseTo(prefill + 249 * step, within((prefill + 249 * step) * 0.05));
  }

  @Test
  void theKvCacheCapsHowManySequencesRun() {
    // An 8B model on one L4: 24 GB leaves room for a few dozen 8K-token sequences.
    Design design =
        Designs.parse(
            """
        name: tight
        workload:
          arrival: poisson
          rate: 50/s
          prompt_tokens: 6000
          output_tokens: 2000
        components:
          llm: {kind: llm-server, model: llama-3.1-8b, hardware: nvidia-l4, precision: fp8}
        flow: [llm]
        """);
    LlmServing l4 =
        new LlmServing(
            ModelCatalog.shipped().get("llama-3.1-8b"),
            HardwareCatalog.shipped().get("nvidia-l4"),
            1,
            1,
            1,
            Precision.FP8);
    double fit = Math.floor(l4.memory(8192, 256).kvTokens() / 8000);
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(2_000));
    assertThat(r.component("llm").details().get("mean_decode_batch"))
        .isLessThanOrEqualTo(fit)
        .isGreaterThan(fit * 0.8);
  }

  @Test
  void aRequestLargerThanTheWholeCacheIsRejected() {
    Design design =
        Designs.parse(
            """
        name: huge
        workload:
          arrival: poisson
          rate: 1/s
          prompt_tokens: 120000
          output_tokens: 8000
        components:
          llm: {kind: llm-server, model: llama-3.1-8b, hardware: nvidia-l4, precision: fp16}
        flow: [llm]
        """);
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(100));
    assertThat(r.dropRate()).isEqualTo(1.0);
  }

  @Test
  void badLlmDesignsAreLocatedErrors() {
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: no-tokens
        workload: {arrival: poisson, rate: 1/s}
        components:
          llm: {kind: llm-server, model: llama-3.1-8b, hardware: nvidia-l4, precision: fp8, pp: 2}
        flow: [llm]
        slos:
          first: ttft p99 < 1s
        """))
        .hasMessageContaining(
            "field 'workload': an llm-server needs prompt_tokens and output_tokens")
        .hasMessageContaining("field 'components.llm.pp'");
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: encoder
        workload: {arrival: poisson, rate: 1/s, prompt_tokens: 10, output_tokens: 10}
        components:
          llm: {kind: llm-server, model: bert-large, hardware: nvidia-l4, precision: fp16}
        flow: [llm]
        """))
        .hasMessageContaining("not a decoder LLM");
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: no-llm
        workload: {arrival: poisson, rate: 1/s}
        components:
          s: {kind: station, service: 1ms}
        flow: [s]
        slos:
          first: ttft p99 < 1s
        """))
        .hasMessageContaining("ttft and tpot objectives need an llm-server");
  }
}
