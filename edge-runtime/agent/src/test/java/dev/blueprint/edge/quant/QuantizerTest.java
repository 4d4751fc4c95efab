package dev.blueprint.edge.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class QuantizerTest {

  @Test
  void int8CnnTracksFloatLayerByLayer() {
    Graph model = TestGraphs.cnn(11);
    Quantizer.Result r =
        Quantizer.quantize(
            model,
            TestGraphs.batches(s -> TestGraphs.images(s, 16), 8),
            TestGraphs.batches(s -> TestGraphs.images(s + 500, 16), 8),
            CalibrationMethod.minMax());
    QuantizationReport report = r.report();
    assertThat(report.layers()).hasSize(model.nodes().size());
    for (LayerError layer : report.layers()) {
      // 8 bits give about 48 dB on a uniform signal; a deep chain of them loses some.
      assertThat(layer.sqnrDb()).as(layer.tensor()).isGreaterThan(20);
    }
    assertThat(report.top1Agreement()).isGreaterThan(0.9);
    assertThat(report.int8WeightBytes()).isLessThan(report.floatWeightBytes() / 3);
    assertThat(report.toText()).contains("conv1", "SQNR dB", "top-1 agreement");
  }

  @Test
  void weightsArePerChannelSymmetricAndBiasesInt32() {
    Graph q =
        Quantizer.quantize(
                TestGraphs.cnn(3),
                TestGraphs.batches(s -> TestGraphs.images(s, 8), 2),
                List.of(),
                CalibrationMethod.minMax())
            .graph();
    TensorSpec w = q.tensor(q.tensorId("conv1/w"));
    assertThat(w.type()).isEqualTo(DataType.INT8);
    assertThat(w.requireQuantization().channels()).isEqualTo(8);
    byte[] v = w.bytes();
    boolean reaches127 = false;
    for (byte b : v) {
      assertThat(b).isBetween((byte) -127, (byte) 127);
      reaches127 |= Math.abs(b) == 127;
    }
    assertThat(reaches127).isTrue();
    assertThat(q.tensor(q.tensorId("conv1/b")).type()).isEqualTo(DataType.INT32);
    TensorSpec dw = q.tensor(q.tensorId("dw/w"));
    assertThat(dw.requireQuantization().axis()).isEqualTo(2);
    assertThat(q.tensor(q.tensorId("softmax:int8")).requireQuantization().zeroPoint())
        .isEqualTo(-128);
    // Max pool keeps its input's scale, so it needs no rescaling.
    assertThat(q.tensor(q.tensorId("maxpool")).requireQuantization())
        .isEqualTo(q.tensor(q.tensorId("scale")).requireQuantization());
    assertThat(q.metadata()).containsEntry("quantization.calibration", "minmax");
    Graph back = ModelFile.fromBytes(ModelFile.toBytes(q), "q.bpm");
    Tensor in = TestGraphs.images(7, 3).get(0);
    assertThat(new Interpreter(back).run(in).floats())
        .containsExactly(new Interpreter(q).run(in).floats());
  }

  @Test
  void percentileCalibrationClipsOutliers() {
    Graph model = TestGraphs.cnn(11);
    var calibration = TestGraphs.batches(s -> TestGraphs.images(s, 16), 4);
    float[] spiked = calibration.get(0).get(0).floats();
    spiked[5] = 40f;
    Graph minmax =
        Quantizer.quantize(model, calibration, List.of(), CalibrationMethod.minMax()).graph();
    Graph pct =
        Quantizer.quantize(model, calibration, List.of(), CalibrationMethod.percentile(99.9))
            .graph();
    float wide = minmax.tensor(minmax.tensorId("image:int8")).requireQuantization().scale();
    float tight = pct.tensor(pct.tensorId("image:int8")).requireQuantization().scale();
    assertThat(wide).isGreaterThanOrEqualTo(40f / 255);
    assertThat(tight).isLessThan(1.1f / 255);
  }

  @Test
  void clickModelWithEmbeddingsQuantizes() {
    Graph model = TestGraphs.clicks(4);
    Quantizer.Result r =
        Quantizer.quantize(
            model,
            TestGraphs.batches(s -> TestGraphs.clickInputs(s, 32), 4),
            TestGraphs.batches(s -> TestGraphs.clickInputs(s + 99, 32), 4),
            CalibrationMethod.minMax());
    assertThat(r.report().top1Agreement()).isGreaterThan(0.9);
    for (LayerError layer : r.report().layers()) {
      assertThat(layer.sqnrDb()).as(layer.tensor()).isGreaterThan(20);
    }
  }

  /** Raw features of very different ranges, normalised inside the graph as wisdm-mlp does. */
  @Test
  void inputNormalisationStaysInFloatSoSmallFeaturesSurvive() {
    Random r = new Random(5);
    GraphBuilder b = new GraphBuilder("norm");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(4));
    float[] mean = {0.1f, 2000f, 0.05f, 500f};
    float[] inv = {10f, 0.002f, 20f, 0.01f};
    int shifted =
        b.node(
            "normalize/sub",
            OpType.ADD,
            Attributes.NONE,
            x,
            b.constant(
                "neg_mean",
                TensorShape.of(4),
                new float[] {-mean[0], -mean[1], -mean[2], -mean[3]}));
    int scaled =
        b.node(
            "normalize/mul",
            OpType.MUL,
            Attributes.NONE,
            shifted,
            b.constant("inv_std", TensorShape.of(4), inv));
    int logits =
        b.node(
            "logits",
            OpType.DENSE,
            Attributes.NONE,
            scaled,
            b.constant("w", TensorShape.of(2, 4), new float[] {1, 0, -1, 0, -1, 0, 1, 0}));
    Graph model = b.output(b.node("probs", OpType.SOFTMAX, Attributes.NONE, logits)).build();
    LongFunction<List<Tensor>> make =
        seed -> {
          Random g = new Random(seed);
          float[] v = new float[64 * 4];
          for (int i = 0; i < 64; i++) {
            for (int f = 0; f < 4; f++) {
              v[i * 4 + f] = mean[f] + (float) g.nextGaussian() / inv[f];
            }
          }
          return List.of(Tensor.of(TensorShape.of(64, 4), v));
        };
    Quantizer.Result q =
        Quantizer.quantize(
            model,
            TestGraphs.batches(make, 4),
            TestGraphs.batches(s -> make.apply(s + 50), 4),
            CalibrationMethod.minMax());
    // The decision rests on features 0 and 2, whose raw range is a thousandth of the others'.
    assertThat(q.report().top1Agreement()).isGreaterThan(0.95);
    assertThat(q.graph().tensor(q.graph().tensorId("normalize/mul:float")).type())
        .isEqualTo(DataType.FLOAT32);
    assertThat(q.graph().nodes().stream().filter(n -> n.op() == OpType.QUANTIZE).count())
        .isEqualTo(1);
  }
}
