package dev.blueprint.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterpreterTest {

  /** Convolution against the textbook six-loop definition, with padding, strides and bias. */
  @Test
  void conv2dMatchesTheDirectDefinition() {
    Random r = new Random(3);
    int h = 7, w = 6, c = 3, o = 4, k = 3;
    float[] wt = TestGraphs.values(r, o * k * k * c, -1, 1);
    float[] bias = TestGraphs.values(r, o, -1, 1);
    float[] x = TestGraphs.values(r, 2 * h * w * c, -1, 1);
    for (String pad : List.of("same", "valid")) {
      GraphBuilder b = new GraphBuilder("conv");
      int in = b.input("x", DataType.FLOAT32, TensorShape.of(h, w, c));
      int y =
          b.node(
              "conv",
              OpType.CONV2D,
              Attributes.builder().ints("strides", 2, 1).put("padding", pad).build(),
              in,
              b.constant("w", TensorShape.of(o, k, k, c), wt),
              b.constant("b", TensorShape.of(o), bias));
      Graph g = b.output(y).build();
      TensorShape os = g.tensor(y).shape();
      float[] got = new Interpreter(g).run(Tensor.of(TensorShape.of(2, h, w, c), x)).floats();
      int oh = os.dim(0), ow = os.dim(1);
      int padTop = pad.equals("same") ? Math.max((oh - 1) * 2 + k - h, 0) / 2 : 0;
      int padLeft = pad.equals("same") ? Math.max((ow - 1) + k - w, 0) / 2 : 0;
      for (int n = 0; n < 2; n++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int oc = 0; oc < o; oc++) {
              double s = bias[oc];
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int iy = oy * 2 - padTop + ky, ix = ox - padLeft + kx;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                    continue;
                  }
                  for (int ic = 0; ic < c; ic++) {
                    s +=
                        x[((n * h + iy) * w + ix) * c + ic] * wt[((oc * k + ky) * k + kx) * c + ic];
                  }
                }
              }
              assertThat(got[((n * oh + oy) * ow + ox) * o + oc])
                  .as(pad)
                  .isCloseTo((float) s, within(1e-4f));
            }
          }
        }
      }
    }
  }

  @Test
  void batchedRunsEqualSingleRuns() {
    Graph g = TestGraphs.cnn(5);
    Interpreter session = new Interpreter(g);
    Tensor all = TestGraphs.images(9, 6).get(0);
    float[] batched = session.run(all).floats();
    for (int i = 0; i < 6; i++) {
      float[] one = Arrays.copyOfRange(all.floats(), i * 432, (i + 1) * 432);
      float[] single = session.run(Tensor.of(TensorShape.of(1, 12, 12, 3), one)).floats();
      for (int j = 0; j < 5; j++) {
        assertThat(single[j]).isCloseTo(batched[i * 5 + j], within(1e-5f));
      }
    }
    float total = 0;
    for (int j = 0; j < 5; j++) {
      total += batched[j];
    }
    assertThat(total).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void embeddingBagSkipsPaddingAndAverages() {
    Graph g = TestGraphs.clicks(2);
    Interpreter session = new Interpreter(g);
    List<Tensor> in = TestGraphs.clickInputs(4, 3);
    List<Tensor> out = session.run(in);
    assertThat(out.get(0).shape()).isEqualTo(TensorShape.of(3, 2));
    float[] bag = session.intermediate(g.tensorId("bag"), 3).floats();
    float[] table = g.tensor(g.tensorId("bag/table")).floats();
    int[] ids = in.get(1).ints();
    for (int s = 0; s < 3; s++) {
      for (int d = 0; d < 6; d++) {
        double sum = 0;
        int count = 0;
        for (int l = 0; l < 3; l++) {
          int id = ids[s * 3 + l];
          if (id >= 0) {
            sum += table[id * 6 + d];
            count++;
          }
        }
        assertThat(bag[s * 6 + d]).isCloseTo((float) (sum / count), within(1e-6f));
      }
    }
  }

  @Test
  void badInputsAreRefusedWithAReasonAndTheSessionKeepsWorking() {
    Interpreter session = new Interpreter(TestGraphs.cnn(1));
    assertThatThrownBy(() -> session.run(Tensor.of(TensorShape.of(1, 12, 12, 1), new float[144])))
        .isInstanceOf(InvalidModelInputException.class)
        .hasMessage("input 'image' must have shape [batch, 12, 12, 3], got [1, 12, 12, 1]");
    float[] nan = new float[432];
    nan[17] = Float.NaN;
    assertThatThrownBy(() -> session.run(Tensor.of(TensorShape.of(1, 12, 12, 3), nan)))
        .isInstanceOf(InvalidModelInputException.class)
        .hasMessageContaining("NaN at index 17");
    assertThatThrownBy(() -> session.run(Tensor.of(TensorShape.of(1, 12, 12, 3), new int[432])))
        .hasMessageContaining("must be float32, got int32");
    assertThat(session.run(TestGraphs.images(1, 2).get(0)).shape()).isEqualTo(TensorShape.of(2, 5));

    Interpreter clicks = new Interpreter(TestGraphs.clicks(1));
    List<Tensor> in = TestGraphs.clickInputs(1, 2);
    int[] ids = in.get(1).ints();
    ids[4] = 20;
    assertThatThrownBy(() -> clicks.run(in))
        .isInstanceOf(InvalidModelInputException.class)
        .hasMessageContaining("node 'bag': id 20 in sample 1 is outside the table's 20 rows");
  }

  @Test
  void aConstantOfOneSampleIsRepeatedOverTheBatch() {
    GraphBuilder b = new GraphBuilder("norm");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(3));
    int shifted =
        b.node(
            "shift",
            OpType.ADD,
            Attributes.NONE,
            x,
            b.constant("mean", TensorShape.of(3), new float[] {1, 2, 3}));
    int scaled =
        b.node(
            "scale",
            OpType.MUL,
            Attributes.NONE,
            shifted,
            b.constant("inv", TensorShape.of(3), new float[] {2, 2, 2}));
    Graph g = b.output(scaled).build();
    float[] out =
        new Interpreter(g)
            .run(Tensor.of(TensorShape.of(2, 3), new float[] {1, 1, 1, 2, 2, 2}))
            .floats();
    assertThat(out).containsExactly(4, 6, 8, 6, 8, 10);
  }

  /**
   * Slicing a large batch for the cache changes no int8 value, and float ones only in the last bits
   * (the Vector API may sum lanes in another order once the JIT has compiled a kernel).
   */
  @Test
  void slicedBatchesEqualWholeBatches() {
    Graph f = TestGraphs.cnn(6);
    Graph q =
        Quantizer.quantize(
                f,
                TestGraphs.batches(s -> TestGraphs.images(s, 8), 2),
                List.of(),
                CalibrationMethod.minMax())
            .graph();
    Tensor big = TestGraphs.images(12, 400).get(0);
    Interpreter slicedInt8 = new Interpreter(q);
    assertThat(slicedInt8.chunk()).isLessThan(400);
    assertThat(slicedInt8.run(big).floats())
        .containsExactly(new Interpreter(q).unchunked().run(big).floats());
    float[] sliced = new Interpreter(f).run(big).floats();
    float[] whole = new Interpreter(f).unchunked().run(big).floats();
    for (int i = 0; i < whole.length; i++) {
      assertThat(sliced[i]).isCloseTo(whole[i], within(1e-6f));
    }
  }
}
