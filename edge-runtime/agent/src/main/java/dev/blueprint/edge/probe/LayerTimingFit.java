package dev.blueprint.edge.probe;

import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import dev.blueprint.edge.runtime.GraphCost;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.SampleInputs;
import dev.blueprint.edge.runtime.SessionBenchmark;
import dev.blueprint.edge.runtime.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the simulator's efficiency curve needs beyond peaks, measured on the runtime's own layer
 * kernels: each of a set of convolution and dense layers of edge-model sizes is timed as the
 * interpreter runs it (im2col or padding, products, bias, requantization included), in fp32 and
 * int8, and a line {@code t = fixed + F / rate} is fitted through the points. The rate is the
 * large-layer rate; the fixed time, less the per-node overhead, becomes the half-saturation work.
 * Pooling gives the element-wise rate.
 *
 * @param fp32Rate fitted large-layer rate in fp32, operations per second
 * @param fp32FixedSeconds fitted fixed time per fp32 layer
 * @param int8Rate the same for int8
 * @param int8FixedSeconds the same for int8
 * @param nodeOverheadSeconds the interpreter's cost per node that does (almost) nothing
 * @param vectorRate element-wise operations per second, as pooling runs them
 */
public record LayerTimingFit(
    double fp32Rate,
    double fp32FixedSeconds,
    double int8Rate,
    double int8FixedSeconds,
    double nodeOverheadSeconds,
    double vectorRate) {

  /**
   * Layers (H, W, C, O, kernel) of the kind edge models are made of; kernel 0 means dense on H·W·C
   * inputs.
   */
  private static final int[][] LAYERS = {
    {28, 28, 1, 16, 3},
    {14, 14, 16, 32, 3},
    {7, 7, 32, 64, 3},
    {14, 14, 32, 32, 1},
    {28, 28, 8, 16, 3},
    {1, 1, 1568, 64, 0},
    {1, 1, 512, 256, 0},
    {1, 1, 64, 16, 0},
    {1, 1, 43, 64, 0}
  };

  static LayerTimingFit measure(boolean quick) {
    double[][] fp32 = new double[LAYERS.length][];
    double[][] int8 = new double[LAYERS.length][];
    Graph[] floats = new Graph[LAYERS.length];
    Graph[] quantized = new Graph[LAYERS.length];
    for (int i = 0; i < LAYERS.length; i++) {
      floats[i] = layer(LAYERS[i]);
      quantized[i] =
          Quantizer.quantize(
                  floats[i],
                  List.of(SampleInputs.synthetic(floats[i], 8, 1)),
                  List.of(),
                  CalibrationMethod.minMax())
              .graph();
      double flop = GraphCost.opsPerSample(floats[i]);
      fp32[i] = new double[] {flop, Double.MAX_VALUE};
      int8[i] = new double[] {flop, Double.MAX_VALUE};
    }
    // Several passes over all layers, keeping each layer's best: a layer timed once can land in
    // a slow JIT compilation or a noisy neighbour's time slice (single passes varied by a third).
    for (int pass = 0; pass < (quick ? 1 : 3); pass++) {
      for (int i = 0; i < LAYERS.length; i++) {
        fp32[i][1] = Math.min(fp32[i][1], nodeSeconds(floats[i], quick));
        int8[i][1] = Math.min(int8[i][1], nodeSeconds(quantized[i], quick));
      }
    }
    double[] f = fit(fp32);
    double[] q = fit(int8);
    return new LayerTimingFit(f[1], f[0], q[1], q[0], nodeOverhead(quick), poolRate(quick));
  }

  /**
   * Least squares of {@code t = a + F / rate} in relative error (each point weighted by 1/t²), so a
   * microsecond dense layer counts as much as a convolution a hundred times longer: returns {a,
   * rate}.
   */
  static double[] fit(double[][] points) {
    double sw = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      double w = 1 / (p[1] * p[1]);
      sw += w;
      sx += w * p[0];
      sy += w * p[1];
      sxx += w * p[0] * p[0];
      sxy += w * p[0] * p[1];
    }
    double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    double intercept = (sy - slope * sx) / sw;
    if (intercept < 0) {
      // A line through the origin: rate only.
      slope = sxy / sxx;
      intercept = 0;
    }
    return new double[] {intercept, 1 / slope};
  }

  private static Graph layer(int[] s) {
    Random r = new Random(s[0] * 31L + s[3]);
    GraphBuilder b = new GraphBuilder("layer");
    int x;
    int y;
    if (s[4] == 0) {
      int k = s[0] * s[1] * s[2];
      x = b.input("x", DataType.FLOAT32, TensorShape.of(k));
      y =
          b.node(
              "layer",
              OpType.DENSE,
              Attributes.builder().put("activation", "relu").build(),
              x,
              b.constant("w", TensorShape.of(s[3], k), random(r, s[3] * k)),
              b.constant("b", TensorShape.of(s[3]), random(r, s[3])));
    } else {
      x = b.input("x", DataType.FLOAT32, TensorShape.of(s[0], s[1], s[2]));
      y =
          b.node(
              "layer",
              OpType.CONV2D,
              Attributes.builder().put("padding", "same").put("activation", "relu").build(),
              x,
              b.constant(
                  "w",
                  TensorShape.of(s[3], s[4], s[4], s[2]),
                  random(r, s[3] * s[4] * s[4] * s[2])),
              b.constant("b", TensorShape.of(s[3]), random(r, s[3])));
    }
    return b.output(y).build();
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextFloat() - 0.5f;
    }
    return v;
  }

  /** Seconds the node called "layer" takes per batch-1 run, from the interpreter's own profile. */
  private static double nodeSeconds(Graph g, boolean quick) {
    Interpreter session = new Interpreter(g);
    List<List<Tensor>> in = List.of(SampleInputs.synthetic(g, 1, 2));
    SessionBenchmark.warmUp(session, in, Duration.ofMillis(quick ? 150 : 500));
    double best = Double.MAX_VALUE;
    // Best of five short rounds: single rounds varied by a third between runs.
    for (int round = 0; round < 5; round++) {
      double nanos = 0;
      for (Map.Entry<String, Double> e :
          SessionBenchmark.nanosPerCallByNode(session, in, Duration.ofMillis(quick ? 20 : 100))
              .entrySet()) {
        if (e.getKey().startsWith("layer ")) {
          nanos += e.getValue();
        }
      }
      best = Math.min(best, nanos * 1e-9);
    }
    return best;
  }

  /** Seconds per node of a chain of tiny nodes: what running a node costs beyond its arithmetic. */
  private static double nodeOverhead(boolean quick) {
    GraphBuilder b = new GraphBuilder("overhead");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(4));
    int nodes = 64;
    for (int i = 0; i < nodes; i++) {
      x = b.node("n" + i, OpType.RELU, Attributes.NONE, x);
    }
    Interpreter session = new Interpreter(b.output(x).build());
    Tensor in = Tensor.of(TensorShape.of(1, 4), new float[] {1, -1, 2, -2});
    int calls = quick ? 20_000 : 100_000;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        session.run(in);
      }
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9 / calls / nodes);
    }
    return best;
  }

  /** Element-wise operations per second as a 2×2 max pool of a 28×28×16 image runs them. */
  private static double poolRate(boolean quick) {
    GraphBuilder b = new GraphBuilder("pool");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(28, 28, 16));
    int y =
        b.node(
            "layer",
            OpType.MAX_POOL,
            Attributes.builder().ints("kernel", 2, 2).ints("strides", 2, 2).build(),
            x);
    Graph g = b.output(y).build();
    double seconds = nodeSeconds(g, quick);
    // The simulator counts a pool's work as outputs × window.
    return 14.0 * 14 * 16 * 4 / seconds;
  }
}
