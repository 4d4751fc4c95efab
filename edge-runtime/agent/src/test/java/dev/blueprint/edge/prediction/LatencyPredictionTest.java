package dev.blueprint.edge.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.Layer;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.ModelFamily;
import dev.blueprint.simulator.perf.RooflineReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyPredictionTest {
  @Test
  void aGraphBecomesAModelProfileWithItsOwnArithmetic() {
    Graph g = TestGraphs.cnn(1);
    var profile = LatencyPrediction.profile(g);
    // conv1 12·12·8·27 + dw 6·6·8·9 + pw 6·6·8·8 + fc 5·80 multiply-adds.
    double macs = 12 * 12 * 8 * 27 + 6 * 6 * 8 * 9 + 6 * 6 * 8 * 8 + 5 * 80;
    assertThat(profile.published().macsPerSample()).hasValue(macs);
    assertThat(profile.family()).isEqualTo(ModelFamily.CNN);
    var layers = ((LayerStack) profile.structure()).layers();
    assertThat(layers).extracting(Layer::op).contains("conv2d", "dense");
    assertThat(layers.stream().mapToDouble(Layer::macsPerSample).sum())
        .as("the layers' own arithmetic agrees with the graph's count")
        .isEqualTo(macs);
  }

  @Test
  void int8AndFloatPredictionsComeFromTheSameRoofline() {
    HardwareProfile cpu = HardwareCatalog.shipped().get("intel-xeon-8480");
    Graph f = TestGraphs.cnn(1);
    Graph q =
        Quantizer.quantize(
                f,
                TestGraphs.batches(s -> TestGraphs.images(s, 4), 2),
                List.of(),
                CalibrationMethod.minMax())
            .graph();
    RooflineReport one = LatencyPrediction.predict(f, cpu, false, 1);
    RooflineReport many = LatencyPrediction.predict(q, cpu, true, 32);
    assertThat(one.latency().seconds()).isPositive();
    assertThat(many.latency().seconds()).isGreaterThan(one.latency().seconds());
    assertThat(one.rows()).isNotEmpty();
  }
}
