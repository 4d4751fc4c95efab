package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.units.Precision;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RooflineTest {
  @Test
  void resnetOnAnH100HasOneRowPerLayerAndBothKindsOfBound() {
    RooflineReport r =
        Roofline.analyze(
            ModelCatalog.shipped().get("resnet-50"),
            HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb"),
            Precision.INT8,
            256,
            1);
    assertThat(r.rows()).hasSize(56);
    assertThat(r.rows()).extracting(RooflineRow::bound).contains(Bound.COMPUTE, Bound.MEMORY);
    assertThat(r.totalFlop()).isEqualTo(256 * 2 * 4.089e9, Offset.offset(256 * 2 * 0.02e9));
    assertThat(r.rows()).allSatisfy(row -> assertThat(row.fractionOfPeak()).isBetween(0.0, 1.0));
  }

  @Test
  void decodeIsMemoryBoundAndPrefillComputeBound() {
    var llama = ModelCatalog.shipped().get("llama-3.1-8b");
    var h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
    assertThat(Roofline.analyze(llama, h100, Precision.BF16, 64, 2048).computeBoundShare())
        .isGreaterThan(0.5);
  }

  @Test
  void aBatchThatDoesNotFitIsRejected() {
    assertThatThrownBy(
            () ->
                Roofline.analyze(
                    ModelCatalog.shipped().get("llama-3.1-70b"),
                    HardwareCatalog.shipped().get("nvidia-t4"),
                    Precision.FP16,
                    1,
                    128))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageContaining("does not fit")
        .hasMessageContaining("nvidia-t4 can plan on 15.2GB (95% of the 16GB it exposes)");
  }

  @Test
  void collectivesAreNotRooflineModels() {
    assertThatThrownBy(
            () ->
                Roofline.analyze(
                    ModelCatalog.shipped().get("allreduce-1gib"),
                    HardwareCatalog.shipped().get("nvidia-t4"),
                    Precision.FP16,
                    1,
                    1))
        .hasMessageContaining("is a collective");
  }
}
