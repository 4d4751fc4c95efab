package dev.blueprint.edge.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import dev.blueprint.edge.runtime.Backends;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.InvalidModelInputException;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.runtime.Tensor;
import dev.blueprint.edge.shipped.HeldOut;
import dev.blueprint.edge.shipped.ShippedModels;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenCL int8 kernels give the Java int8 kernels' bytes exactly, layer by layer. */
class OpenClEqualityTest {

  @BeforeAll
  static void needsADevice() {
    Optional<String> reason = new OpenClBackend().unavailableReason();
    if (Boolean.parseBoolean(System.getProperty("blueprint.opencl.required", "false"))) {
      assertThat(reason).as("OpenCL is required here (BLUEPRINT_OPENCL_REQUIRED)").isEmpty();
    }
    Assumptions.assumeTrue(reason.isEmpty(), () -> "no OpenCL: " + reason.orElse(""));
  }

  @Test
  void cnnLayersAreBitExact() {
    Graph q = quantize(TestGraphs.cnn(21), s -> TestGraphs.images(s, 8));
    compareEveryTensor(q, TestGraphs.images(77, 5));
    compareEveryTensor(q, TestGraphs.images(78, 1));
  }

  @Test
  void clickModelIsBitExact() {
    Graph q = quantize(TestGraphs.clicks(22), s -> TestGraphs.clickInputs(s, 16));
    compareEveryTensor(q, TestGraphs.clickInputs(79, 7));
  }

  /** The shipped models end to end, the held-out subsets through both back ends. */
  @Test
  void shippedModelsGiveTheSamePredictionsAsJavaInt8() {
    for (var m : ShippedModels.find(Optional.empty())) {
      var data = HeldOut.load(m, Optional.empty());
      Graph q = m.int8Graph();
      Interpreter java = new Interpreter(q).unchunked();
      try (OpenClAccelerator acc = new OpenClAccelerator(OpenCl.get())) {
        Interpreter cl = new Interpreter(q, acc).unchunked();
        for (int from = 0; from < Math.min(data.size(), 300); from += 100) {
          List<Tensor> batch = data.batch(from, from + 100);
          assertThat(cl.run(batch).get(0).floats())
              .as(m.name())
              .containsExactly(java.run(batch).get(0).floats());
        }
      }
    }
  }

  @Test
  void theBackEndIsFoundThroughServiceLoaderAndRefusesBadInput() {
    assertThat(Backends.named("opencl-int8")).isPresent();
    Graph f = TestGraphs.cnn(23);
    Graph q = quantize(f, s -> TestGraphs.images(s, 8));
    try (Session s =
        new OpenClBackend().open(new LoadedModel("cnn", f, Optional.of(q), Optional.empty()))) {
      float[] bad = new float[432];
      bad[3] = Float.NaN;
      assertThatThrownBy(() -> s.run(Tensor.of(TensorShape.of(1, 12, 12, 3), bad)))
          .isInstanceOf(InvalidModelInputException.class);
      assertThat(s.run(TestGraphs.images(5, 3).get(0)).shape().dim(0)).isEqualTo(3);
    }
    assertThat(OpenClBackend.device()).isNotBlank();
  }

  private static Graph quantize(Graph f, LongFunction<List<Tensor>> inputs) {
    return Quantizer.quantize(
            f, TestGraphs.batches(inputs, 4), List.of(), CalibrationMethod.minMax())
        .graph();
  }

  private static void compareEveryTensor(Graph q, List<Tensor> inputs) {
    Interpreter java = new Interpreter(q).unchunked();
    try (OpenClAccelerator acc = new OpenClAccelerator(OpenCl.get())) {
      Interpreter cl = new Interpreter(q, acc).unchunked();
      int batch = inputs.get(0).batch();
      java.run(inputs);
      cl.run(inputs);
      int compared = 0;
      for (int id = 0; id < q.tensors().size(); id++) {
        if (q.tensor(id).isConstant() || q.tensor(id).type() != DataType.INT8) {
          continue;
        }
        assertThat(cl.intermediate(id, batch).bytes())
            .as(q.tensor(id).name())
            .containsExactly(java.intermediate(id, batch).bytes());
        compared++;
      }
      assertThat(compared).isGreaterThan(5);
      // A second run reuses device buffers: still equal.
      List<Tensor> again = inputs;
      assertThat(cl.run(again).get(0).floats()).containsExactly(java.run(again).get(0).floats());
    }
  }
}
