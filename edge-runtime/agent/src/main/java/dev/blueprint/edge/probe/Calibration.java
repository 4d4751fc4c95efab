package dev.blueprint.edge.probe;

import dev.blueprint.edge.kernels.Gemm;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.Shape;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.util.Arrays;

/**
 * The parts of the simulator's efficiency curve that a single large GEMM does not show: how
 * small GEMMs fall short of the large-GEMM rate, the element-wise rate, and the interpreter's
 * fixed cost per node.
 */
record Calibration(double halfWorkFlop, double nodeOverheadSeconds, double vectorRate) {

  /** GEMM shapes (rows, output channels, depth) of the layers edge models are made of. */
  private static final int[][] SMALL_GEMMS = {
    {784, 16, 9}, {196, 32, 144}, {1, 64, 1568}, {32, 64, 1568}, {1, 10, 64}, {49, 64, 288}, {1, 64, 43}
  };

  static Calibration measure(double largeGemmRate, boolean quick) {
    double[] halfWork = new double[SMALL_GEMMS.length];
    for (int i = 0; i < SMALL_GEMMS.length; i++) {
      int[] s = SMALL_GEMMS[i];
      double seconds = smallGemmSeconds(s[0], s[1], s[2], quick);
      double flop = 2.0 * s[0] * s[1] * s[2];
      // t = (F + H) / R: the simulator's curve, solved for H.
      halfWork[i] = Math.max(0, seconds * largeGemmRate - flop);
    }
    Arrays.sort(halfWork);
    return new Calibration(halfWork[halfWork.length / 2], nodeOverhead(quick), vectorRate(quick));
  }

  private static double smallGemmSeconds(int m, int n, int k, boolean quick) {
    java.util.Random r = new java.util.Random(m * 31L + n);
    float[] a = new float[m * k];
    float[] w = new float[n * k];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextFloat();
    }
    float[] c = new float[m * n];
    int calls = (int) Math.max(20, Math.min(200_000, (quick ? 2e8 : 1e9) / (2.0 * m * n * k + 1e4)));
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        Gemm.floatGemm(m, n, k, a, 0, w, null, c, 0);
      }
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9 / calls);
    }
    return best;
  }

  /** Seconds per node of a chain of tiny nodes: what running a node costs beyond its arithmetic. */
  private static double nodeOverhead(boolean quick) {
    GraphBuilder b = new GraphBuilder("overhead");
    int x = b.input("x", DataType.FLOAT32, Shape.of(4));
    int nodes = 64;
    for (int i = 0; i < nodes; i++) {
      x = b.node("n" + i, OpType.RELU, Attributes.NONE, x);
    }
    Interpreter session = new Interpreter(b.output(x).build());
    Tensor in = Tensor.of(Shape.of(1, 4), new float[] {1, -1, 2, -2});
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

  /** Element-wise operations per second: a float add of two cache-resident arrays, as the add kernel runs. */
  private static double vectorRate(boolean quick) {
    int n = 16_384;
    float[] a = new float[n];
    float[] b = new float[n];
    float[] y = new float[n];
    Arrays.fill(a, 1f);
    int calls = quick ? 20_000 : 100_000;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        for (int j = 0; j < n; j++) {
          y[j] = a[j] + b[j];
        }
        b[i & (n - 1)] = y[(i * 7) & (n - 1)];
      }
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9 / calls);
    }
    return n / best;
  }
}
