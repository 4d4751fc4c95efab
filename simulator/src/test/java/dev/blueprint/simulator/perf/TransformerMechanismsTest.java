package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Kernels, KV bytes and serving of latent attention, local attention and mixed layer kinds. */
class TransformerMechanismsTest {
  static final Catalog<HardwareProfile> HW = HardwareCatalog.shipped();
  static final ModelCatalog MODELS = ModelCatalog.shipped();
  static final PrecisionPlan BF16 = PrecisionPlan.forInference(Precision.BF16);

  static TransformerArchitecture arch(String id) {
    return MODELS.get(id).transformer().orElseThrow();
  }

  /** The kernel {@code name} of a block of several kinds, whose names carry the kind. */
  static OpCost op(TransformerCost.BlockGroup group, String name) {
    return group.kernels().stream()
        .filter(o -> o.name().equals(group.kind() + "." + name))
        .findFirst()
        .orElseThrow();
  }

  static TransformerCost.BlockGroup group(TransformerCost cost, String kind) {
    return cost.groups().stream().filter(g -> g.kind().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void deepSeekServesFromAFiveHundredSeventySixElementLatentOnEveryDevice() {
    LlmServing s =
        new LlmServing(
            MODELS.get("deepseek-v3"), HW.get("nvidia-h200-sxm-141gb"), 8, 8, 1, Precision.BF16);
    // 61 layers x 576 elements x 2 bytes, not divided by the 8 devices.
    assertThat(s.kvBytesPerTokenPerDevice()).isEqualTo(61 * 576 * 2.0);
  }

  @Test
  void latentDecodeReadsTheCachedLatentOnceForAllHeads() {
    TransformerArchitecture a = arch("deepseek-v3");
    TransformerCost cost =
        TransformerOps.forward(a, BF16, 8, 61, List.of(TransformerPass.decode(16, 4096)));
    OpCost core = op(group(cost, "moe.global"), "attn.core");
    assertThat(core.pagedBytes()).isEqualTo(16 * 4096 * 576 * 2.0);
    // Absorbed: 16 heads a device, scores over 576 and values over 512 per head.
    assertThat(core.flop()).isCloseTo(2 * 16 * 4097.0 * 16 * (576 + 512), within(1.0));
    // The dense layers and the routed ones are timed apart: 3 and 58 blocks.
    assertThat(group(cost, "dense.global").count()).isEqualTo(3.0);
    assertThat(group(cost, "moe.global").count()).isEqualTo(58.0);
    assertThat(group(cost, "moe.global").kernels())
        .extracting(OpCost::name)
        .contains(
            "moe.global.attn.qkv_a",
            "moe.global.attn.q_b",
            "moe.global.attn.kv_b",
            "moe.global.mlp.shared.up",
            "moe.global.mlp.shared.down");
    assertThat(group(cost, "dense.global").kernels())
        .extracting(OpCost::name)
        .contains("dense.global.mlp.up")
        .doesNotContain("dense.global.mlp.router", "dense.global.mlp.shared.up");
  }

  @Test
  void latentPrefillExpandsKeysAndValuesPerHead() {
    TransformerArchitecture a = arch("deepseek-v3");
    TransformerCost cost =
        TransformerOps.forward(a, BF16, 1, 61, List.of(TransformerPass.prefill(1, 1024)));
    OpCost core = op(group(cost, "dense.global"), "attn.core");
    assertThat(core.pagedBytes()).isZero();
    assertThat(core.flop()).isCloseTo(2 * 1024 * 1025 / 2.0 * 128 * (192 + 128), within(1.0));
  }

  @Test
  void slidingLayersReadAtMostTheirWindowWhileFullLayersReadTheContext() {
    TransformerArchitecture oss = arch("gpt-oss-120b");
    TransformerCost cost =
        TransformerOps.forward(oss, BF16, 1, 36, List.of(TransformerPass.decode(4, 8192)));
    double kvPerToken = 2 * 8 * 64 * 2.0; // K and V, 8 heads of 64, 2 bytes
    assertThat(op(group(cost, "moe.local"), "attn.core").pagedBytes())
        .isEqualTo(4 * 128 * kvPerToken);
    assertThat(op(group(cost, "moe.global"), "attn.core").pagedBytes())
        .isEqualTo(4 * 8192 * kvPerToken);
    assertThat(group(cost, "moe.local").count()).isEqualTo(18.0);
  }

  @Test
  void servingKvBytesPerTokenShrinkWithTheWindowsForLongSequences() {
    LlmServing s =
        new LlmServing(
            MODELS.get("gpt-oss-120b"), HW.get("nvidia-h100-sxm-80gb"), 1, 1, 1, Precision.BF16);
    double full = 36 * 2 * 8 * 64 * 2.0;
    assertThat(s.kvBytesPerTokenPerDevice()).isEqualTo(full);
    assertThat(s.kvBytesPerTokenPerDevice(100)).isEqualTo(full);
    assertThat(s.kvBytesPerTokenPerDevice(8192)).isEqualTo(full * (18 + 18 * 128 / 8192.0) / 36);
  }

  @Test
  void slidingWindowsLetMoreLongSequencesShareTheCache() {
    LlmServing s =
        new LlmServing(
            MODELS.get("gpt-oss-120b"), HW.get("nvidia-h100-sxm-80gb"), 2, 2, 1, Precision.FP8);
    LlmServing.Continuous c = s.continuous(7936, 256, OptionalInt.empty());
    double share = arch("gpt-oss-120b").cachedTokenShare(8192);
    assertThat(c.limitedBy()).isEqualTo("kv-cache");
    // Half the layers hold 128 tokens of each 8192-token sequence, not 8192.
    assertThat(c.concurrency()).isEqualTo((int) Math.floor(c.memory().kvTokens() / (8192 * share)));
    assertThat(c.concurrency()).isGreaterThan((int) (1.9 * c.memory().kvTokens() / 8192));
  }

  static OpCost uniformOp(TransformerCost cost, String name) {
    return cost.block().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void expertParallelismRunsFewerWiderGemmsOverTheSameWeightsAndWork() {
    TransformerArchitecture qwen = arch("qwen3-235b-a22b");
    List<TransformerPass> passes = List.of(TransformerPass.decode(512, 2000));
    TransformerCost tensor =
        TransformerOps.forward(qwen, BF16, 8, 94, passes, TransformerOps.ExpertSplit.TENSOR);
    TransformerCost expert =
        TransformerOps.forward(qwen, BF16, 8, 94, passes, TransformerOps.ExpertSplit.EXPERT);
    OpCost t = uniformOp(tensor, "mlp.up");
    OpCost e = uniformOp(expert, "mlp.up");
    assertThat(e.flop()).isCloseTo(t.flop(), within(t.flop() * 1e-9));
    assertThat(e.streamBytes() - e.cacheableBytes())
        .isCloseTo(t.streamBytes() - t.cacheableBytes(), within(1.0));
    assertThat(e.groups()).isCloseTo(t.groups() / 8, within(1e-9));
    KernelTimeModel h200 =
        new KernelTimeModel(HW.get("nvidia-h200-sxm-141gb"), ExecutionMode.GRAPH);
    double tensorSeconds = PlanTiming.of(KernelPlan.blocks(tensor), h200).totalSeconds();
    double expertSeconds = PlanTiming.of(KernelPlan.blocks(expert), h200).totalSeconds();
    assertThat(expertSeconds).isLessThan(tensorSeconds);
  }

  @Test
  void expertParallelismNeedsTheExpertsToDivideOverTheGroup() {
    // Mixtral's 8 experts over 16 devices: the split stays tensor-parallel.
    TransformerArchitecture mixtral = arch("mixtral-8x22b");
    List<TransformerPass> passes = List.of(TransformerPass.decode(64, 1000));
    assertThat(
            TransformerOps.forward(
                mixtral, BF16, 16, 56, passes, TransformerOps.ExpertSplit.EXPERT))
        .isEqualTo(
            TransformerOps.forward(
                mixtral, BF16, 16, 56, passes, TransformerOps.ExpertSplit.TENSOR));
  }

  @Test
  void aUniformModelStillHasOneKindOfBlock() {
    TransformerCost cost =
        TransformerOps.forward(
            arch("mixtral-8x7b"), BF16, 2, 32, List.of(TransformerPass.decode(8, 1000)));
    assertThat(cost.groups()).hasSize(1);
    assertThat(cost.blocks()).isEqualTo(32.0);
    assertThat(cost.block()).extracting(OpCost::name).contains("mlp.router", "attn.qkv");
  }

  @Test
  void theNewModelsServeOnAnEightGpuNode() {
    HardwareProfile h200 = HW.get("nvidia-h200-sxm-141gb");
    for (String id :
        List.of(
            "deepseek-v3",
            "qwen3-235b-a22b",
            "gpt-oss-120b",
            "llama-4-maverick",
            "mixtral-8x22b",
            "gemma-3-27b",
            "nemotron-4-340b")) {
      LlmServing s = new LlmServing(MODELS.get(id), h200, 8, 8, 1, Precision.FP8);
      LlmServing.Continuous c = s.continuous(1024, 256, OptionalInt.of(32));
      assertThat(c.outputTokensPerSecond()).as(id).isPositive();
      assertThat(c.tpotSeconds()).as(id).isBetween(1e-4, 1.0);
    }
  }
}
