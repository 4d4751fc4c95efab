package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

class WeightFormatTest {
  @Test
  void blockScalesAddToEveryWeight() {
    assertThat(WeightFormat.Q4_0.bits()).isEqualTo(4.5);
    assertThat(WeightFormat.Q8_0.bits()).isEqualTo(8.5);
    assertThat(WeightFormat.Q4_K.bits()).isEqualTo(4.5);
    assertThat(WeightFormat.MXFP4.bits()).isEqualTo(4.25);
    assertThat(WeightFormat.NVFP4.bits()).isEqualTo(4.5);
  }

  @Test
  void namesOfMixesAndPlainFormatsAreRead() {
    assertThat(WeightFormat.parse("Q4_K_M")).isEqualTo(WeightFormat.Q4_K);
    assertThat(WeightFormat.find("int4_awq")).contains(WeightFormat.AWQ);
    assertThat(WeightFormat.find("f16")).isEmpty();
    assertThatThrownBy(() -> WeightFormat.parse("q3_x")).hasMessageContaining("q4_0, q8_0");
  }

  @Test
  void aQuantisedModelStreamsItsScalesToo() {
    LlmServing int4 =
        new LlmServing(
            ModelCatalog.shipped().get("llama-3.1-8b"),
            HardwareCatalog.shipped().get("apple-m2-ultra"),
            1,
            1,
            1,
            Precision.INT4);
    LlmServing q40 = int4.withWeightFormat(WeightFormat.Q4_0);
    assertThat(q40.weightBytesPerDevice()).isGreaterThan(int4.weightBytesPerDevice() * 1.05);
    assertThat(q40.decodeStepSeconds(1, 128)).isGreaterThan(int4.decodeStepSeconds(1, 128));
  }
}
