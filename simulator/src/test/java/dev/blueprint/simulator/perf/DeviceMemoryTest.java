package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.DeviceMemory.BatchServingMemory;
import dev.blueprint.simulator.perf.DeviceMemory.LlmServingMemory;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceMemoryTest {
  final HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
  final HardwareProfile l4 = HardwareCatalog.shipped().get("nvidia-l4");
  final HardwareProfile t4 = HardwareCatalog.shipped().get("nvidia-t4");

  static ModelProfile model(String id) {
    return ModelCatalog.shipped().get(id);
  }

  @Test
  void budgetIsNinetyFivePercentOfWhatTheDeviceExposes() {
    DeviceMemory m = DeviceMemory.plan(model("resnet-50"), t4, Precision.INT8, 32, 1, 1);
    assertThat(m.exposed().gigabytes()).isCloseTo(16.0, within(0.01));
    assertThat(m.budget().gigabytes()).isCloseTo(15.2, within(0.01));
    assertThat(m.transformer()).isFalse();
    assertThat(m.llmServing()).isEmpty();
  }

  @Test
  void aSmallCnnIsResidentAndFitsWithTheNextBatchStaged() {
    DeviceMemory m = DeviceMemory.plan(model("resnet-50"), t4, Precision.INT8, 32, 1, 1);
    var resident = (BatchServingMemory.Resident) m.batchServing();
    assertThat(resident.fits()).isTrue();
    assertThat(resident.weights().gigabytes()).isCloseTo(0.03, within(0.005));
    assertThat(resident.stagedActivations().gigabytes()).isCloseTo(0.12, within(0.005));
    assertThat(resident.total()).isEqualTo(resident.weights().plus(resident.stagedActivations()));
  }

  @Test
  void oneBatchCanFitWhileStagingTheNextDoesNot() {
    DeviceMemory m = DeviceMemory.plan(model("mixtral-8x7b"), h100, Precision.FP8, 32, 4096, 2);
    var resident = (BatchServingMemory.Resident) m.batchServing();
    assertThat(resident.fits()).isFalse();
    assertThat(resident.total().gigabytes()).isCloseTo(92.06, within(0.01));
    assertThat(resident.total()).isGreaterThan(m.budget());
  }

  @Test
  void aBatchTooLargeForOneDeviceSaysWhatItNeeds() {
    DeviceMemory m = DeviceMemory.plan(model("llama-3.1-70b"), h100, Precision.FP8, 64, 4096, 4);
    assertThat(m.batchServing()).isInstanceOf(BatchServingMemory.TooLarge.class);
    assertThat(m.batchServing().fits()).isFalse();
    assertThat(((BatchServingMemory.TooLarge) m.batchServing()).reason())
        .startsWith("does not fit: weights 72.7GB + activations 45.1GB")
        .contains("needs 118GB per device");
  }

  @Test
  void tablesLargerThanTheDeviceStayPartlyInHostMemory() {
    ModelProfile dlrm = model("dlrm-v2");
    DeviceMemory small = DeviceMemory.plan(dlrm, t4, Precision.FP16, 32, 1, 1);
    var offloaded = (BatchServingMemory.Offloaded) small.batchServing();
    assertThat(offloaded.residentTableShare()).isCloseTo(0.261, within(0.001));
    assertThat(offloaded.fits()).isTrue();
    DeviceMemory huge = DeviceMemory.plan(dlrm, t4, Precision.FP16, 4_000_000, 1, 1);
    assertThat(huge.batchServing().fits()).isFalse();
  }

  @ParameterizedTest(name = "bert-base at batch {0}")
  @ValueSource(ints = {1, 64, 1024, 4096, 16384})
  void theBatchVerdictIsTheModelServersOwn(int batch) {
    ModelProfile bert = model("bert-base");
    DeviceMemory m = DeviceMemory.plan(bert, t4, Precision.FP16, batch, 512, 1);
    assertThat(m.batchServing().fits())
        .isEqualTo(new BatchServing(bert, t4, Precision.FP16, 512).fits(batch));
  }

  @Test
  void aDecoderGetsTheServingEnginesPlanAndAKvCacheVerdict() {
    DeviceMemory m = DeviceMemory.plan(model("llama-3.1-70b"), h100, Precision.FP8, 64, 4096, 4);
    var llm = (LlmServingMemory.Planned) m.llmServing().orElseThrow();
    assertThat(llm.tensorParallel()).isEqualTo(4);
    assertThat(llm.plan().weights().gigabytes()).isCloseTo(18.16, within(0.01));
    assertThat(llm.plan().kvTokens()).isCloseTo(1_423_984, within(1.0));
    assertThat(llm.tokensNeeded()).isEqualTo(64 * 4096.0);
    assertThat(llm.fits()).isTrue();
  }

  @Test
  void sequencesBeyondTheKvCacheDoNotFit() {
    DeviceMemory m = DeviceMemory.plan(model("llama-3.1-8b"), l4, Precision.FP8, 64, 4096, 1);
    var llm = (LlmServingMemory.Planned) m.llmServing().orElseThrow();
    assertThat(llm.plan().kvTokens()).isCloseTo(169_667, within(1.0));
    assertThat(llm.fits()).isFalse();
    assertThat(llm.plan().sequencesThatFit(4096)).isEqualTo(41);
  }

  @Test
  void anEngineThatCannotBeBuiltSaysWhy() {
    DeviceMemory tooBig = DeviceMemory.plan(model("llama-3.1-70b"), l4, Precision.FP8, 1, 1024, 1);
    assertThat(((LlmServingMemory.NotServable) tooBig.llmServing().orElseThrow()).reason())
        .startsWith("does not fit: llama-3.1-70b in fp8 needs 72.7GB of weights");
    DeviceMemory badTp =
        DeviceMemory.plan(model("llama-3.1-8b"), h100, Precision.FP8, 9000, 512, 3);
    assertThat(((LlmServingMemory.NotServable) badTp.llmServing().orElseThrow()).reason())
        .isEqualTo("tp (3) must divide the 32 attention heads");
  }

  @Test
  void aPrecisionTheDeviceLacksIsAnError() {
    assertThatThrownBy(
            () -> DeviceMemory.plan(model("llama-3.1-8b"), t4, Precision.FP8, 8, 2048, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nvidia-t4 has no fp8 compute");
  }

  @Test
  void theKvCacheHoldsExactlyTheSequencesWhoseTokensItHasRoomFor() {
    LlmServing serving = new LlmServing(model("llama-3.1-8b"), l4, 1, 1, 1, Precision.FP8);
    LlmServing.MemoryPlan plan = serving.memory(8192, 64);
    int fit = plan.sequencesThatFit(4096);
    assertThat(fit * 4096.0).isLessThanOrEqualTo(plan.kvTokens());
    assertThat((fit + 1) * 4096.0).isGreaterThan(plan.kvTokens());
    assertThat(plan.holds(fit, 4096)).isTrue();
    assertThat(plan.holds(fit + 1, 4096)).isFalse();
  }

  @Test
  void aStaticBatchTheKvCacheCannotHoldIsRejectedByTheSameRule() {
    LlmServing serving = new LlmServing(model("llama-3.1-8b"), l4, 1, 1, 1, Precision.FP8);
    assertThatThrownBy(() -> serving.staticBatch(60, 128, 3968))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageStartingWith("does not fit: 60 sequences of 4096 tokens");
  }

  @Test
  void batchAndSequenceBelowOneAreRejected() {
    assertThatThrownBy(() -> DeviceMemory.plan(model("resnet-50"), t4, Precision.INT8, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
