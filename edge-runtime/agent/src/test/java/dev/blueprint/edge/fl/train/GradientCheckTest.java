package dev.blueprint.edge.fl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.Padding;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Every op's analytic gradients (float32, the trainer's code) against central finite differences of
 * an independent double-precision forward pass ({@link DoubleReference}), on random shapes and
 * values. The loss is {@code L = Σ r·y} for a random {@code r}, so {@code dy = r} exercises every
 * output. Points within reach of a kink (ReLU at zero, a near-tie in max pooling) are detected by
 * two step sizes disagreeing and drawn again.
 */
class GradientCheckTest {
  private static final int TRIALS = 6;

  @Test
  void dense() {
    SplittableRandom random = new SplittableRandom(1);
    for (int t = 0; t < TRIALS; t++) {
      int batch = 1 + random.nextInt(4);
      int in = 1 + random.nextInt(9);
      int out = 1 + random.nextInt(7);
      Activation act = Activation.values()[t % 3];
      Layer layer =
          new DenseLayer("d", in, out, act, param("w", in * out, out, in), param("b", out, out));
      check(
          layer,
          batch,
          random,
          (x, p) ->
              DoubleReference.dense(
                  x, slice(p, 0, in * out), slice(p, in * out, out), batch, in, out, act));
    }
  }

  @Test
  void conv2dValidSameAndStrided() {
    SplittableRandom random = new SplittableRandom(2);
    for (int t = 0; t < TRIALS; t++) {
      int batch = 1 + random.nextInt(3);
      int h = 3 + random.nextInt(5);
      int w = 3 + random.nextInt(5);
      int c = 1 + random.nextInt(3);
      int o = 1 + random.nextInt(4);
      int kh = 1 + random.nextInt(3);
      int kw = 1 + random.nextInt(3);
      int stride = 1 + t % 2;
      String mode = t % 3 == 0 ? "valid" : "same";
      var py = Padding.of(mode, h, kh, stride);
      var px = Padding.of(mode, w, kw, stride);
      Interpreter.Conv g =
          new Interpreter.Conv(
              h,
              w,
              c,
              o,
              kh,
              kw,
              stride,
              stride,
              py.before(),
              px.before(),
              py.outputSize(),
              px.outputSize());
      Activation act = Activation.values()[t % 3];
      int k = kh * kw * c;
      Layer layer = new ConvLayer("c", g, act, param("w", o * k, o, kh, kw, c), param("b", o, o));
      check(
          layer,
          batch,
          random,
          (x, p) ->
              DoubleReference.conv(
                  x,
                  slice(p, 0, o * k),
                  slice(p, o * k, o),
                  batch,
                  h,
                  w,
                  c,
                  o,
                  kh,
                  kw,
                  stride,
                  stride,
                  g.padTop(),
                  g.padLeft(),
                  g.oh(),
                  g.ow(),
                  act));
    }
  }

  @Test
  void maxAndAveragePooling() {
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < 2 * TRIALS; t++) {
      boolean max = t % 2 == 0;
      int batch = 1 + random.nextInt(3);
      int h = 2 + random.nextInt(6);
      int w = 2 + random.nextInt(6);
      int c = 1 + random.nextInt(3);
      int kh = 1 + random.nextInt(Math.min(3, h));
      int kw = 1 + random.nextInt(Math.min(3, w));
      int stride = 1 + random.nextInt(2);
      String mode = t % 4 < 2 ? "valid" : "same";
      var py = Padding.of(mode, h, kh, stride);
      var px = Padding.of(mode, w, kw, stride);
      Layer layer =
          new PoolLayer(
              "p",
              max,
              TensorShape.of(h, w, c),
              new int[] {kh, kw},
              new int[] {stride, stride},
              new int[] {py.before(), px.before()},
              new int[] {py.outputSize(), px.outputSize()},
              TensorShape.of(py.outputSize(), px.outputSize(), c));
      check(
          layer,
          batch,
          random,
          (x, p) ->
              DoubleReference.pool(
                  max,
                  x,
                  batch,
                  h,
                  w,
                  c,
                  kh,
                  kw,
                  stride,
                  stride,
                  py.before(),
                  px.before(),
                  py.outputSize(),
                  px.outputSize()));
    }
  }

  @Test
  void activationsConstantsAndReshape() {
    SplittableRandom random = new SplittableRandom(4);
    TensorShape shape = TensorShape.of(3, 5);
    int size = shape.size();
    for (Activation act : List.of(Activation.RELU, Activation.RELU6)) {
      check(
          ElementwiseLayer.activation("a", shape, act),
          3,
          random,
          (x, p) -> map(x, v -> DoubleReference.act(act, v)));
    }
    float[] perColumn = {0.5f, -2f, 3f, 0.25f, 1.5f};
    check(
        ElementwiseLayer.constant("add", ElementwiseLayer.Kind.ADD_CONSTANT, shape, perColumn),
        2,
        random,
        (x, p) -> indexed(x, (i, v) -> v + perColumn[i % 5]));
    check(
        ElementwiseLayer.constant("mul", ElementwiseLayer.Kind.MUL_CONSTANT, shape, perColumn),
        2,
        random,
        (x, p) -> indexed(x, (i, v) -> v * perColumn[i % 5]));
    check(
        ElementwiseLayer.constant(
            "scale", ElementwiseLayer.Kind.MUL_CONSTANT, shape, new float[] {-0.75f}),
        2,
        random,
        (x, p) -> map(x, v -> -0.75 * v));
    check(
        ElementwiseLayer.reshape("r", shape, TensorShape.of(size)), 2, random, (x, p) -> x.clone());
  }

  @Test
  void softmaxCrossEntropy() {
    SplittableRandom random = new SplittableRandom(5);
    for (int t = 0; t < TRIALS; t++) {
      int batch = 1 + random.nextInt(5);
      int classes = 2 + random.nextInt(9);
      float[] logits = new float[batch * classes];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (random.nextDouble() * 8 - 4);
      }
      int[] labels = new int[batch];
      for (int s = 0; s < batch; s++) {
        labels[s] = random.nextInt(classes);
      }
      float[] delta = new float[logits.length];
      double loss = SoftmaxCrossEntropy.lossAndDelta(logits, labels, batch, classes, delta);
      double[] z = toDouble(logits);
      assertThat(loss)
          .isCloseTo(DoubleReference.crossEntropy(z, labels, batch, classes), offset(1e-5));
      double[] numeric =
          numericGradient(z, v -> DoubleReference.crossEntropy(v, labels, batch, classes), 1e-5);
      assertClose(delta, numeric, "d loss / d logits");
    }
  }

  /** The analytic gradients of {@code layer} against the reference's finite differences. */
  private static void check(
      Layer layer,
      int batch,
      SplittableRandom random,
      BiFunction<double[], double[], double[]> reference) {
    int paramCount = layer.params().stream().mapToInt(p -> p.initial().length).sum();
    layer.bind(0);
    int inSize = batch * layer.in().size();
    int outSize = batch * layer.out().size();
    for (int attempt = 0; attempt < 50; attempt++) {
      float[] p = uniform(random, paramCount, 1);
      float[] x = uniform(random, inSize, 2);
      float[] r = uniform(random, outSize, 1);
      double[] pd = toDouble(p);
      double[] xd = toDouble(x);
      double[] rd = toDouble(r);
      ToDoubleFunction<double[]> lossOfParams = v -> dot(reference.apply(xd, v), rd);
      ToDoubleFunction<double[]> lossOfInput = v -> dot(reference.apply(v, pd), rd);
      double[] numericP = numericGradient(pd, lossOfParams, 1e-4);
      double[] numericX = numericGradient(xd, lossOfInput, 1e-4);
      if (!agree(numericP, numericGradient(pd, lossOfParams, 5e-5))
          || !agree(numericX, numericGradient(xd, lossOfInput, 5e-5))) {
        continue; // within reach of a kink: draw another point
      }
      float[] y = new float[outSize];
      layer.forward(p, x, y, batch);
      double[] expectedY = reference.apply(xd, pd);
      assertClose(y, expectedY, layer.name() + " forward");
      float[] g = new float[paramCount];
      float[] dx = new float[inSize];
      layer.backward(p, g, x, y, r, dx, batch);
      assertClose(g, numericP, layer.name() + " parameter gradients");
      assertClose(dx, numericX, layer.name() + " input gradients");
      return;
    }
    throw new AssertionError(layer.name() + ": no point away from kinks in 50 draws");
  }

  private static double[] numericGradient(double[] at, ToDoubleFunction<double[]> f, double h) {
    double[] grad = new double[at.length];
    double[] v = at.clone();
    for (int i = 0; i < at.length; i++) {
      v[i] = at[i] + h;
      double plus = f.applyAsDouble(v);
      v[i] = at[i] - h;
      double minus = f.applyAsDouble(v);
      v[i] = at[i];
      grad[i] = (plus - minus) / (2 * h);
    }
    return grad;
  }

  private static boolean agree(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-6 * (1 + Math.abs(a[i]))) {
        return false;
      }
    }
    return true;
  }

  private static void assertClose(float[] actual, double[] expected, String what) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < actual.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s [%d]: %s vs %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(2e-4 * scale);
    }
  }

  private static Layer.Param param(String name, int size, int... shape) {
    return new Layer.Param(name, TensorShape.of(shape), new float[size]);
  }

  private static double[] slice(double[] v, int from, int length) {
    double[] out = new double[length];
    System.arraycopy(v, from, out, 0, length);
    return out;
  }

  private static float[] uniform(SplittableRandom random, int n, double half) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * half);
    }
    return v;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return out;
  }

  private interface IndexedOp {
    double apply(int index, double value);
  }

  private static double[] indexed(double[] x, IndexedOp f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.apply(i, x[i]);
    }
    return out;
  }
}
