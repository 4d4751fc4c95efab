package dev.blueprint.edge.runtime;

import dev.blueprint.edge.kernels.FixedPoint;
import dev.blueprint.edge.kernels.FloatOps;
import dev.blueprint.edge.kernels.Gemm;
import dev.blueprint.edge.kernels.Int8Ops;
import dev.blueprint.edge.kernels.Requantization;
import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.Padding;
import dev.blueprint.edge.model.Quantization;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Runs a graph with the Java kernels: float nodes on floats, int8 nodes on bytes. Each node is
 * compiled once into a step with its weights prepared (zero-point terms folded into the bias,
 * requantization multipliers computed); buffers are reused between calls and regrown only when the
 * batch grows.
 */
public final class Interpreter implements Session {
  /** One compiled node. */
  public interface Step {
    void run(int batch);
  }

  /** The current array of a tensor (they are reallocated when the batch grows). */
  public interface Buffers {
    Object get(int tensorId);
  }

  /**
   * Runs some nodes elsewhere (the OpenCL back end): returns a step for a node it takes, or null to
   * leave the node to the Java kernels. Steps read and write the interpreter's arrays.
   */
  public interface Accelerator {
    Step compile(Node node, Graph graph, Buffers buffers);

    /**
     * Called as each run starts, after the inputs are in place: cached copies of old values are
     * stale.
     */
    default void beforeRun() {}
  }

  private final Graph graph;
  private final Accelerator accelerator;
  private final Object[] buffers;
  private final List<Step> steps = new ArrayList<>();
  private final List<String> stepNames = new ArrayList<>();
  private final long[] stepNanos;
  private boolean profiling;
  private int capacity;
  private int chunk;

  public Interpreter(Graph graph) {
    this(graph, null);
  }

  public Interpreter(Graph graph, Accelerator accelerator) {
    this.graph = graph;
    this.accelerator = accelerator;
    this.chunk = defaultChunk(graph);
    this.buffers = new Object[graph.tensors().size()];
    for (int i = 0; i < buffers.length; i++) {
      TensorSpec t = graph.tensor(i);
      if (t.isConstant()) {
        buffers[i] =
            switch (t.type()) {
              case FLOAT32 -> t.floats();
              case INT8 -> t.bytes();
              case INT32 -> t.ints();
            };
      }
    }
    for (Node node : graph.nodes()) {
      try {
        Step accelerated =
            accelerator == null ? null : accelerator.compile(node, graph, id -> buffers[id]);
        steps.add(accelerated != null ? accelerated : compile(node));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(
            "node '" + node.name() + "' (" + node.op().label() + "): " + e.getMessage(), e);
      }
      stepNames.add(node.name() + " (" + node.op().label() + ")");
    }
    stepNanos = new long[steps.size()];
  }

  public Graph graph() {
    return graph;
  }

  /**
   * Turns per-node timing on (for {@code bench --profile}); off by default, as it costs a clock
   * read per node.
   */
  public void profile(boolean on) {
    profiling = on;
    Arrays.fill(stepNanos, 0);
  }

  /** Node label → nanoseconds spent since profiling was turned on. */
  public LinkedHashMap<String, Long> profile() {
    LinkedHashMap<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      out.put(stepNames.get(i), stepNanos[i]);
    }
    return out;
  }

  /**
   * Runs the graph. A batch larger than {@link #chunk()} goes through the whole graph one slice at
   * a time, so each slice's activations stay in the cache between layers instead of a whole batch
   * of them being written out and read back at every layer.
   */
  @Override
  public List<Tensor> run(List<Tensor> inputs) {
    int batch = InputChecks.check(graph, inputs);
    int slice = Math.min(batch, chunk);
    if (slice > capacity) {
      allocate(slice);
    }
    int[] in = graph.inputs();
    int[] outIds = graph.outputs();
    Object[] results = new Object[outIds.length];
    for (int o = 0; o < outIds.length; o++) {
      TensorSpec spec = graph.tensor(outIds[o]);
      int n = batch * spec.shape().size();
      results[o] =
          switch (spec.type()) {
            case FLOAT32 -> new float[n];
            case INT32 -> new int[n];
            case INT8 -> new byte[n];
          };
    }
    for (int from = 0; from < batch; from += slice) {
      int rows = Math.min(slice, batch - from);
      for (int i = 0; i < in.length; i++) {
        int per = graph.tensor(in[i]).shape().size();
        Tensor t = inputs.get(i);
        Object src =
            switch (t.type()) {
              case FLOAT32 -> t.floats();
              case INT32 -> t.ints();
              case INT8 -> t.bytes();
            };
        System.arraycopy(src, from * per, buffers[in[i]], 0, rows * per);
      }
      if (accelerator != null) {
        accelerator.beforeRun();
      }
      if (profiling) {
        for (int s = 0; s < steps.size(); s++) {
          long t0 = System.nanoTime();
          steps.get(s).run(rows);
          stepNanos[s] += System.nanoTime() - t0;
        }
      } else {
        for (Step step : steps) {
          step.run(rows);
        }
      }
      for (int o = 0; o < outIds.length; o++) {
        int per = graph.tensor(outIds[o]).shape().size();
        System.arraycopy(buffers[outIds[o]], 0, results[o], from * per, rows * per);
      }
    }
    List<Tensor> out = new ArrayList<>();
    for (int o = 0; o < outIds.length; o++) {
      TensorSpec spec = graph.tensor(outIds[o]);
      TensorShape shape = spec.shape().withBatch(batch);
      out.add(
          switch (spec.type()) {
            case FLOAT32 -> Tensor.of(shape, (float[]) results[o]);
            case INT32 -> Tensor.of(shape, (int[]) results[o]);
            case INT8 -> Tensor.of(shape, (byte[]) results[o], spec.requireQuantization());
          });
    }
    return out;
  }

  /** Samples per slice of a batch: see {@link #run}. */
  public int chunk() {
    return chunk;
  }

  /**
   * Runs whole batches at once from now on, so {@link #intermediate} sees every sample (the
   * quantizer's calibration and error report need that).
   */
  public Interpreter unchunked() {
    chunk = Integer.MAX_VALUE;
    return this;
  }

  /**
   * The slice size: as many samples as keep the largest activation of a slice within about 256 KiB,
   * a share of a typical L2 that leaves room for the layer's input and weights.
   */
  static int defaultChunk(Graph graph) {
    long largest = 1;
    for (TensorSpec t : graph.tensors()) {
      if (!t.isConstant()) {
        largest = Math.max(largest, (long) t.shape().size() * t.type().bytes());
      }
    }
    return (int) Math.max(1, Math.min(InputChecks.MAX_BATCH, (256L * 1024) / largest));
  }

  /** The values of any tensor after the last run, for per-layer error reports. */
  public Tensor intermediate(int tensorId, int batch) {
    TensorSpec spec = graph.tensor(tensorId);
    int n = batch * spec.shape().size();
    TensorShape shape = spec.shape().withBatch(batch);
    return switch (spec.type()) {
      case FLOAT32 -> Tensor.of(shape, Arrays.copyOf((float[]) buffers[tensorId], n));
      case INT32 -> Tensor.of(shape, Arrays.copyOf((int[]) buffers[tensorId], n));
      case INT8 ->
          Tensor.of(
              shape, Arrays.copyOf((byte[]) buffers[tensorId], n), spec.requireQuantization());
    };
  }

  private void allocate(int batch) {
    for (int i = 0; i < buffers.length; i++) {
      TensorSpec t = graph.tensor(i);
      if (!t.isConstant()) {
        int n = batch * t.shape().size();
        buffers[i] =
            switch (t.type()) {
              case FLOAT32 -> new float[n];
              case INT8 -> new byte[n];
              case INT32 -> new int[n];
            };
      }
    }
    capacity = batch;
  }

  private float[] f(int id) {
    return (float[]) buffers[id];
  }

  private byte[] b(int id) {
    return (byte[]) buffers[id];
  }

  private int[] ints(int id) {
    return (int[]) buffers[id];
  }

  private Step compile(Node node) {
    TensorSpec in = graph.tensor(node.input(0));
    boolean int8 =
        in.type() == DataType.INT8
            || (node.op() == OpType.DEQUANTIZE)
            || ((node.op() == OpType.EMBEDDING || node.op() == OpType.EMBEDDING_BAG)
                && graph.tensor(node.input(1)).type() == DataType.INT8);
    return switch (node.op()) {
      case DENSE, CONV2D -> int8 ? int8Conv(node) : floatConv(node);
      case DEPTHWISE_CONV2D -> int8 ? int8Depthwise(node) : floatDepthwise(node);
      case ADD, MUL -> int8 ? int8Binary(node) : floatBinary(node);
      case RELU, RELU6 -> int8 ? int8Relu(node) : floatRelu(node);
      case MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL -> pool(node, int8);
      case RESHAPE -> copy(node);
      case CONCAT -> concat(node, int8);
      case SOFTMAX -> softmax(node, int8);
      case EMBEDDING, EMBEDDING_BAG -> embedding(node, int8);
      case QUANTIZE -> quantize(node);
      case DEQUANTIZE -> dequantize(node);
    };
  }

  /** Dense is a 1×1 convolution of a 1×1 image; both become one matrix product per image. */
  private Step floatConv(Node node) {
    Conv g = Conv.of(node, graph);
    float[] w = graph.tensor(node.input(1)).floats();
    float[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).floats() : null;
    Activation act = node.attributes().activation();
    int xId = node.input(0);
    int yId = node.output();
    Gemm.FloatWeights pw = Gemm.prepare(w, g.o, g.k());
    if (g.direct()) {
      return batch -> {
        Gemm.floatGemm(batch * g.oh * g.ow, pw, f(xId), 0, bias, f(yId), 0);
        FloatOps.activate(f(yId), 0, batch * g.outSize(), act);
      };
    }
    if (Gemm.directConv(pw)) {
      int hp = (g.oh - 1) * g.sh + g.kh;
      int wp = (g.ow - 1) * g.sw + g.kw;
      float[] padded = new float[hp * wp * g.c];
      return batch -> {
        float[] x = f(xId);
        float[] y = f(yId);
        for (int s = 0; s < batch; s++) {
          FloatOps.pad(x, s * g.inSize(), g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp, padded);
          Gemm.conv(
              padded,
              hp,
              wp,
              g.c,
              g.kh,
              g.kw,
              g.sh,
              g.sw,
              g.oh,
              g.ow,
              pw,
              bias,
              y,
              s * g.outSize());
        }
        FloatOps.activate(y, 0, batch * g.outSize(), act);
      };
    }
    float[] col = new float[g.oh * g.ow * g.k()];
    return batch -> {
      float[] x = f(xId);
      float[] y = f(yId);
      for (int s = 0; s < batch; s++) {
        FloatOps.im2col(
            x,
            s * g.inSize(),
            g.h,
            g.w,
            g.c,
            g.kh,
            g.kw,
            g.sh,
            g.sw,
            g.padTop,
            g.padLeft,
            g.oh,
            g.ow,
            col);
        Gemm.floatGemm(g.oh * g.ow, pw, col, 0, bias, y, s * g.outSize());
      }
      FloatOps.activate(y, 0, batch * g.outSize(), act);
    };
  }

  private Step int8Conv(Node node) {
    Conv g = Conv.of(node, graph);
    TensorSpec x = graph.tensor(node.input(0));
    TensorSpec wt = graph.tensor(node.input(1));
    TensorSpec out = graph.tensor(node.output());
    byte[] w = wt.bytes();
    int zpX = x.requireQuantization().zeroPoint();
    int[] init = new int[g.o];
    int[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).ints() : null;
    for (int o = 0; o < g.o; o++) {
      // Σ (q − zp)·w = Σ q·w − zp·Σ w: the zero-point term is a constant per channel.
      int sum = 0;
      for (int p = 0; p < g.k(); p++) {
        sum += w[o * g.k() + p];
      }
      init[o] = (bias == null ? 0 : bias[o]) - zpX * sum;
    }
    Requant r =
        Requant.of(
            x.requireQuantization(),
            wt.requireQuantization(),
            out.requireQuantization(),
            g.o,
            node.attributes().activation());
    int xId = node.input(0);
    int yId = node.output();
    byte pad = (byte) zpX;
    int rows = g.oh * g.ow;
    Gemm.Int8Weights pw = Gemm.prepare(w, g.o, g.k());
    int[][] acc = {new int[rows * g.o]};
    if (Gemm.directConv(pw) && !g.direct()) {
      // No im2col: the image, padded with its zero point, goes in as exact floats.
      int hp = (g.oh - 1) * g.sh + g.kh;
      int wp = (g.ow - 1) * g.sw + g.kw;
      float[] padded = new float[hp * wp * g.c];
      return batch -> {
        byte[] xs = b(xId);
        byte[] ys = b(yId);
        for (int s = 0; s < batch; s++) {
          Int8Ops.padToFloat(
              xs, s * g.inSize(), g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp, zpX, padded);
          Gemm.conv(padded, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.oh, g.ow, pw, init, acc[0]);
          Gemm.requantize(acc[0], rows, r.kernel, ys, s * g.outSize());
        }
      };
    }
    if (pw.outer()) {
      // The outer form multiplies on the float units: activations go in as exact floats.
      float[][] col = {new float[rows * g.k()]};
      return batch -> {
        byte[] xs = b(xId);
        byte[] ys = b(yId);
        if (g.direct()) {
          int n = batch * rows * g.k();
          if (col[0].length < n) {
            col[0] = new float[n];
            acc[0] = new int[batch * rows * g.o];
          }
          for (int i = 0; i < n; i++) {
            col[0][i] = xs[i];
          }
          Gemm.int8Gemm(batch * rows, pw, col[0], 0, init, acc[0]);
          Gemm.requantize(acc[0], batch * rows, r.kernel, ys, 0);
          return;
        }
        for (int s = 0; s < batch; s++) {
          Int8Ops.im2colFloat(
              xs,
              s * g.inSize(),
              g.h,
              g.w,
              g.c,
              g.kh,
              g.kw,
              g.sh,
              g.sw,
              g.padTop,
              g.padLeft,
              g.oh,
              g.ow,
              pad,
              col[0]);
          Gemm.int8Gemm(rows, pw, col[0], 0, init, acc[0]);
          Gemm.requantize(acc[0], rows, r.kernel, ys, s * g.outSize());
        }
      };
    }
    byte[] col = g.direct() ? null : new byte[rows * g.k()];
    return batch -> {
      byte[] xs = b(xId);
      byte[] ys = b(yId);
      if (g.direct()) {
        // Dense layers and 1×1 convolutions multiply the whole batch at once.
        if (acc[0].length < batch * rows * g.o) {
          acc[0] = new int[batch * rows * g.o];
        }
        Gemm.int8Gemm(batch * rows, pw, xs, 0, init, acc[0]);
        Gemm.requantize(acc[0], batch * rows, r.kernel, ys, 0);
        return;
      }
      for (int s = 0; s < batch; s++) {
        Int8Ops.im2col(
            xs,
            s * g.inSize(),
            g.h,
            g.w,
            g.c,
            g.kh,
            g.kw,
            g.sh,
            g.sw,
            g.padTop,
            g.padLeft,
            g.oh,
            g.ow,
            pad,
            col);
        Gemm.int8Gemm(rows, pw, col, 0, init, acc[0]);
        Gemm.requantize(acc[0], rows, r.kernel, ys, s * g.outSize());
      }
    };
  }

  private Step floatDepthwise(Node node) {
    Conv g = Conv.of(node, graph);
    float[] w = graph.tensor(node.input(1)).floats();
    float[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).floats() : null;
    Activation act = node.attributes().activation();
    int mult = g.o / g.c;
    float[] acc = new float[g.o];
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      for (int s = 0; s < batch; s++) {
        FloatOps.depthwise(
            f(xId),
            s * g.inSize(),
            g.h,
            g.w,
            g.c,
            mult,
            w,
            bias,
            g.kh,
            g.kw,
            g.sh,
            g.sw,
            g.padTop,
            g.padLeft,
            g.oh,
            g.ow,
            f(yId),
            s * g.outSize(),
            acc);
      }
      FloatOps.activate(f(yId), 0, batch * g.outSize(), act);
    };
  }

  private Step int8Depthwise(Node node) {
    Conv g = Conv.of(node, graph);
    TensorSpec x = graph.tensor(node.input(0));
    TensorSpec wt = graph.tensor(node.input(1));
    TensorSpec out = graph.tensor(node.output());
    byte[] w = wt.bytes();
    int[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).ints() : null;
    int zpX = x.requireQuantization().zeroPoint();
    Requant r =
        Requant.of(
            x.requireQuantization(),
            wt.requireQuantization(),
            out.requireQuantization(),
            g.o,
            node.attributes().activation());
    int mult = g.o / g.c;
    int rows = g.oh * g.ow;
    int[] acc = new int[rows * g.o];
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      for (int s = 0; s < batch; s++) {
        Int8Ops.depthwise(
            b(xId),
            s * g.inSize(),
            g.h,
            g.w,
            g.c,
            mult,
            w,
            bias,
            zpX,
            g.kh,
            g.kw,
            g.sh,
            g.sw,
            g.padTop,
            g.padLeft,
            g.oh,
            g.ow,
            acc);
        Gemm.requantize(acc, rows, r.kernel, b(yId), s * g.outSize());
      }
    };
  }

  private Step floatBinary(Node node) {
    boolean add = node.op() == OpType.ADD;
    Activation act = node.attributes().activation();
    int aId = node.input(0);
    int bId = node.input(1);
    int yId = node.output();
    int per = graph.tensor(aId).shape().size();
    int bSize = graph.tensor(bId).shape().size();
    // A constant repeats over the batch (and over the leading dimensions when it is one row).
    boolean broadcast = graph.tensor(bId).isConstant();
    return batch -> {
      float[] a = f(aId);
      float[] bv = f(bId);
      float[] y = f(yId);
      int n = batch * per;
      if (!broadcast) {
        // Separate loops without a per-element branch, so the JIT vectorizes them.
        if (add) {
          for (int i = 0; i < n; i++) {
            y[i] = a[i] + bv[i];
          }
        } else {
          for (int i = 0; i < n; i++) {
            y[i] = a[i] * bv[i];
          }
        }
      } else {
        for (int base = 0; base < n; base += bSize) {
          for (int j = 0; j < bSize; j++) {
            y[base + j] = add ? a[base + j] + bv[j] : a[base + j] * bv[j];
          }
        }
      }
      FloatOps.activate(y, 0, n, act);
    };
  }

  private Step int8Binary(Node node) {
    boolean add = node.op() == OpType.ADD;
    Quantization qa = graph.tensor(node.input(0)).requireQuantization();
    Quantization qb = graph.tensor(node.input(1)).requireQuantization();
    Quantization qy = graph.tensor(node.output()).requireQuantization();
    int[] bounds = Requant.bounds(qy, node.attributes().activation());
    int aId = node.input(0);
    int bId = node.input(1);
    int yId = node.output();
    int per = graph.tensor(aId).shape().size();
    int bSize = graph.tensor(bId).shape().size();
    // A constant repeats over the batch (and over the leading dimensions when it is one row).
    boolean broadcast = graph.tensor(bId).isConstant();
    int zpA = qa.zeroPoint();
    int zpB = qb.zeroPoint();
    int zpY = qy.zeroPoint();
    if (add) {
      // TFLite's add: both inputs to a common scale with 20 bits of headroom, sum, rescale.
      double twiceMax = 2.0 * Math.max(qa.scale(), qb.scale());
      FixedPoint.Multiplier ma = FixedPoint.quantize(qa.scale() / twiceMax);
      FixedPoint.Multiplier mb = FixedPoint.quantize(qb.scale() / twiceMax);
      FixedPoint.Multiplier my = FixedPoint.quantize(twiceMax / ((1 << 20) * (double) qy.scale()));
      return batch -> {
        byte[] a = b(aId);
        byte[] bv = b(bId);
        byte[] y = b(yId);
        int n = batch * per;
        for (int i = 0; i < n; i++) {
          int other = broadcast ? bv[i % bSize] : bv[i];
          int sa = FixedPoint.multiply((a[i] - zpA) << 20, ma.multiplier(), ma.shift());
          int sb = FixedPoint.multiply((other - zpB) << 20, mb.multiplier(), mb.shift());
          int v = FixedPoint.multiply(sa + sb, my.multiplier(), my.shift()) + zpY;
          y[i] = (byte) Math.max(bounds[0], Math.min(bounds[1], v));
        }
      };
    }
    FixedPoint.Multiplier m = FixedPoint.quantize((double) qa.scale() * qb.scale() / qy.scale());
    return batch -> {
      byte[] a = b(aId);
      byte[] bv = b(bId);
      byte[] y = b(yId);
      int n = batch * per;
      for (int i = 0; i < n; i++) {
        int other = broadcast ? bv[i % bSize] : bv[i];
        int v = FixedPoint.multiply((a[i] - zpA) * (other - zpB), m.multiplier(), m.shift()) + zpY;
        y[i] = (byte) Math.max(bounds[0], Math.min(bounds[1], v));
      }
    };
  }

  private Step floatRelu(Node node) {
    Activation act = node.op() == OpType.RELU ? Activation.RELU : Activation.RELU6;
    int xId = node.input(0);
    int yId = node.output();
    int per = graph.tensor(xId).shape().size();
    return batch -> {
      System.arraycopy(f(xId), 0, f(yId), 0, batch * per);
      FloatOps.activate(f(yId), 0, batch * per, act);
    };
  }

  private Step int8Relu(Node node) {
    Activation act = node.op() == OpType.RELU ? Activation.RELU : Activation.RELU6;
    Quantization q = sameQuantization(node);
    int[] bounds = Requant.bounds(q, act);
    int xId = node.input(0);
    int yId = node.output();
    int per = graph.tensor(xId).shape().size();
    return batch -> {
      byte[] x = b(xId);
      byte[] y = b(yId);
      for (int i = 0; i < batch * per; i++) {
        y[i] = (byte) Math.max(bounds[0], Math.min(bounds[1], x[i]));
      }
    };
  }

  private Step pool(Node node, boolean int8) {
    if (int8) {
      sameQuantization(node);
    }
    TensorShape in = graph.tensor(node.input(0)).shape();
    TensorShape out = graph.tensor(node.output()).shape();
    int h = in.dim(0);
    int w = in.dim(1);
    int c = in.dim(2);
    Attributes a = node.attributes();
    boolean global = node.op() == OpType.GLOBAL_AVG_POOL;
    int kh = global ? h : a.getInts("kernel")[0];
    int kw = global ? w : a.getInts("kernel")[1];
    int[] s =
        global ? new int[] {1, 1} : (a.has("strides") ? a.getInts("strides") : new int[] {1, 1});
    String mode = global ? "valid" : a.getString("padding", "valid");
    Padding py = Padding.of(mode, h, kh, s[0]);
    Padding px = Padding.of(mode, w, kw, s[1]);
    boolean max = node.op() == OpType.MAX_POOL;
    int inSize = in.size();
    int outSize = out.size();
    int xId = node.input(0);
    int yId = node.output();
    if (int8) {
      int[] acc = new int[c];
      return batch -> {
        for (int i = 0; i < batch; i++) {
          Int8Ops.pool(
              max,
              b(xId),
              i * inSize,
              h,
              w,
              c,
              kh,
              kw,
              s[0],
              s[1],
              py.before(),
              px.before(),
              py.outputSize(),
              px.outputSize(),
              b(yId),
              i * outSize,
              acc);
        }
      };
    }
    return batch -> {
      for (int i = 0; i < batch; i++) {
        FloatOps.pool(
            max,
            f(xId),
            i * inSize,
            h,
            w,
            c,
            kh,
            kw,
            s[0],
            s[1],
            py.before(),
            px.before(),
            py.outputSize(),
            px.outputSize(),
            f(yId),
            i * outSize);
      }
    };
  }

  private Step copy(Node node) {
    TensorSpec x = graph.tensor(node.input(0));
    if (x.type() == DataType.INT8) {
      sameQuantization(node);
    }
    int xId = node.input(0);
    int yId = node.output();
    int per = x.shape().size();
    return batch -> System.arraycopy(buffers[xId], 0, buffers[yId], 0, batch * per);
  }

  private Step concat(Node node, boolean int8) {
    TensorSpec out = graph.tensor(node.output());
    TensorShape os = out.shape();
    int axis = node.attributes().getInt("axis", -1);
    int ax = axis < 0 ? os.rank() + axis : axis;
    int inner = 1;
    for (int d = ax + 1; d < os.rank(); d++) {
      inner *= os.dim(d);
    }
    int outer = 1;
    for (int d = 0; d < ax; d++) {
      outer *= os.dim(d);
    }
    int n = node.inputCount();
    int[] ids = node.inputs();
    int[] chunk = new int[n];
    for (int i = 0; i < n; i++) {
      chunk[i] = graph.tensor(ids[i]).shape().dim(ax) * inner;
    }
    int outChunk = os.dim(ax) * inner;
    int yId = node.output();
    int outerPerSample = outer;
    if (!int8) {
      return batch -> {
        float[] y = f(yId);
        for (int o = 0; o < batch * outerPerSample; o++) {
          int dst = o * outChunk;
          for (int i = 0; i < n; i++) {
            System.arraycopy(f(ids[i]), o * chunk[i], y, dst, chunk[i]);
            dst += chunk[i];
          }
        }
      };
    }
    Quantization qy = out.requireQuantization();
    FixedPoint.Multiplier[] m = new FixedPoint.Multiplier[n];
    int[] zp = new int[n];
    boolean[] same = new boolean[n];
    for (int i = 0; i < n; i++) {
      Quantization qi = graph.tensor(ids[i]).requireQuantization();
      same[i] = qi.equals(qy);
      m[i] = FixedPoint.quantize((double) qi.scale() / qy.scale());
      zp[i] = qi.zeroPoint();
    }
    int zpY = qy.zeroPoint();
    return batch -> {
      byte[] y = b(yId);
      for (int o = 0; o < batch * outerPerSample; o++) {
        int dst = o * outChunk;
        for (int i = 0; i < n; i++) {
          byte[] x = b(ids[i]);
          int src = o * chunk[i];
          if (same[i]) {
            System.arraycopy(x, src, y, dst, chunk[i]);
          } else {
            for (int e = 0; e < chunk[i]; e++) {
              int v =
                  FixedPoint.multiply(x[src + e] - zp[i], m[i].multiplier(), m[i].shift()) + zpY;
              y[dst + e] = FixedPoint.clampToInt8(v);
            }
          }
          dst += chunk[i];
        }
      }
    };
  }

  private Step softmax(Node node, boolean int8) {
    TensorShape s = graph.tensor(node.input(0)).shape();
    int width = s.dim(-1);
    int rowsPerSample = s.size() / width;
    float beta = node.attributes().getFloat("beta", 1f);
    int xId = node.input(0);
    int yId = node.output();
    if (!int8) {
      return batch -> FloatOps.softmax(f(xId), f(yId), batch * rowsPerSample, width, beta);
    }
    Quantization qx = graph.tensor(xId).requireQuantization();
    Quantization qy = graph.tensor(yId).requireQuantization();
    float[][] scratch = {new float[0]};
    return batch -> {
      byte[] x = b(xId);
      int n = batch * rowsPerSample * width;
      if (scratch[0].length < n) {
        scratch[0] = new float[n];
      }
      float[] values = scratch[0];
      for (int i = 0; i < n; i++) {
        values[i] = qx.scale() * (x[i] - qx.zeroPoint());
      }
      FloatOps.softmax(values, values, batch * rowsPerSample, width, beta);
      Gemm.quantize(values, n, qy.scale(), qy.zeroPoint(), b(yId));
    };
  }

  private Step embedding(Node node, boolean int8) {
    TensorSpec table = graph.tensor(node.input(1));
    int rows = table.shape().dim(0);
    int dim = table.shape().dim(1);
    int idsId = node.input(0);
    int yId = node.output();
    int length = graph.tensor(idsId).shape().dim(0);
    boolean bag = node.op() == OpType.EMBEDDING_BAG;
    boolean mean = node.attributes().getString("combiner", "mean").equals("mean");
    String where = "node '" + node.name() + "'";
    if (!bag) {
      if (int8) {
        sameQuantization(node, table.requireQuantization());
      }
      Object data = int8 ? table.bytes() : table.floats();
      return batch -> {
        int[] ids = ints(idsId);
        for (int i = 0; i < batch * length; i++) {
          int id = ids[i];
          if (id < 0 || id >= rows) {
            throw new InvalidModelInputException(
                where
                    + ": id "
                    + id
                    + " at position "
                    + i
                    + " is outside the table's "
                    + rows
                    + " rows");
          }
          System.arraycopy(data, id * dim, buffers[yId], i * dim, dim);
        }
      };
    }
    if (!int8) {
      float[] t = table.floats();
      return batch -> {
        int[] ids = ints(idsId);
        float[] y = f(yId);
        Arrays.fill(y, 0, batch * dim, 0f);
        for (int s = 0; s < batch; s++) {
          int count = 0;
          for (int l = 0; l < length; l++) {
            int id = ids[s * length + l];
            if (id == -1) {
              continue;
            }
            checkId(id, rows, where, s);
            count++;
            for (int d = 0; d < dim; d++) {
              y[s * dim + d] += t[id * dim + d];
            }
          }
          if (mean && count > 0) {
            for (int d = 0; d < dim; d++) {
              y[s * dim + d] /= count;
            }
          }
        }
      };
    }
    byte[] t = table.bytes();
    Quantization qt = table.requireQuantization();
    Quantization qy = graph.tensor(yId).requireQuantization();
    FixedPoint.Multiplier m = FixedPoint.quantize((double) qt.scale() / qy.scale());
    int zpT = qt.zeroPoint();
    int zpY = qy.zeroPoint();
    int[] acc = new int[dim];
    return batch -> {
      int[] ids = ints(idsId);
      byte[] y = b(yId);
      for (int s = 0; s < batch; s++) {
        Arrays.fill(acc, 0);
        int count = 0;
        for (int l = 0; l < length; l++) {
          int id = ids[s * length + l];
          if (id == -1) {
            continue;
          }
          checkId(id, rows, where, s);
          count++;
          for (int d = 0; d < dim; d++) {
            acc[d] += t[id * dim + d] - zpT;
          }
        }
        for (int d = 0; d < dim; d++) {
          int v = mean && count > 0 ? Int8Ops.roundingDivide(acc[d], count) : acc[d];
          y[s * dim + d] =
              FixedPoint.clampToInt8(FixedPoint.multiply(v, m.multiplier(), m.shift()) + zpY);
        }
      }
    };
  }

  private static void checkId(int id, int rows, String where, int sample) {
    if (id < 0 || id >= rows) {
      throw new InvalidModelInputException(
          where
              + ": id "
              + id
              + " in sample "
              + sample
              + " is outside the table's "
              + rows
              + " rows (-1 pads)");
    }
  }

  private Step quantize(Node node) {
    Quantization q = graph.tensor(node.output()).requireQuantization();
    float scale = q.scale();
    int zp = q.zeroPoint();
    int xId = node.input(0);
    int yId = node.output();
    int per = graph.tensor(xId).shape().size();
    return batch -> Gemm.quantize(f(xId), batch * per, scale, zp, b(yId));
  }

  private Step dequantize(Node node) {
    Quantization q = graph.tensor(node.input(0)).requireQuantization();
    float scale = q.scale();
    int zp = q.zeroPoint();
    int xId = node.input(0);
    int yId = node.output();
    int per = graph.tensor(xId).shape().size();
    return batch -> {
      byte[] x = b(xId);
      float[] y = f(yId);
      for (int i = 0; i < batch * per; i++) {
        y[i] = scale * (x[i] - zp);
      }
    };
  }

  private Quantization sameQuantization(Node node) {
    return sameQuantization(node, graph.tensor(node.input(0)).requireQuantization());
  }

  private Quantization sameQuantization(Node node, Quantization expected) {
    Quantization qy = graph.tensor(node.output()).requireQuantization();
    if (!qy.equals(expected)) {
      throw new IllegalArgumentException(
          "the int8 kernel keeps the input's quantization ("
              + expected
              + "), the output has "
              + qy);
    }
    return qy;
  }

  /** Geometry of a convolution; dense is the 1×1 case with the features as channels. */
  public record Conv(
      int h,
      int w,
      int c,
      int o,
      int kh,
      int kw,
      int sh,
      int sw,
      int padTop,
      int padLeft,
      int oh,
      int ow) {
    public static Conv of(Node node, Graph graph) {
      TensorShape in = graph.tensor(node.input(0)).shape();
      TensorShape wt = graph.tensor(node.input(1)).shape();
      Attributes a = node.attributes();
      switch (node.op()) {
        case DENSE:
          return new Conv(1, 1, in.dim(0), wt.dim(0), 1, 1, 1, 1, 0, 0, 1, 1);
        case CONV2D:
          {
            int[] s = a.has("strides") ? a.getInts("strides") : new int[] {1, 1};
            String mode = a.getString("padding", "valid");
            Padding py = Padding.of(mode, in.dim(0), wt.dim(1), s[0]);
            Padding px = Padding.of(mode, in.dim(1), wt.dim(2), s[1]);
            return new Conv(
                in.dim(0),
                in.dim(1),
                in.dim(2),
                wt.dim(0),
                wt.dim(1),
                wt.dim(2),
                s[0],
                s[1],
                py.before(),
                px.before(),
                py.outputSize(),
                px.outputSize());
          }
        default:
          {
            int[] s = a.has("strides") ? a.getInts("strides") : new int[] {1, 1};
            String mode = a.getString("padding", "valid");
            Padding py = Padding.of(mode, in.dim(0), wt.dim(0), s[0]);
            Padding px = Padding.of(mode, in.dim(1), wt.dim(1), s[1]);
            return new Conv(
                in.dim(0),
                in.dim(1),
                in.dim(2),
                wt.dim(2),
                wt.dim(0),
                wt.dim(1),
                s[0],
                s[1],
                py.before(),
                px.before(),
                py.outputSize(),
                px.outputSize());
          }
      }
    }

    public int k() {
      return kh * kw * c;
    }

    public int inSize() {
      return h * w * c;
    }

    public int outSize() {
      return oh * ow * o;
    }

    /** True when the input already is the im2col matrix: 1×1 kernel, stride 1, no padding. */
    public boolean direct() {
      return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0;
    }
  }

  /**
   * Per-channel multipliers from input, weight and output scales, and the fused activation's
   * bounds.
   */
  public static final class Requant {
    public final int[] multiplier;
    public final int[] shift;
    public final int zeroPoint;
    public final int min;
    public final int max;

    /** The same rescaling in the form the Java kernels take. */
    public final Requantization kernel;

    private Requant(int[] multiplier, int[] shift, int zeroPoint, int min, int max) {
      this.multiplier = multiplier;
      this.shift = shift;
      this.zeroPoint = zeroPoint;
      this.min = min;
      this.max = max;
      this.kernel = new Requantization(multiplier, shift, zeroPoint, min, max);
    }

    public static Requant of(
        Quantization x, Quantization w, Quantization y, int channels, Activation act) {
      int[] m = new int[channels];
      int[] s = new int[channels];
      for (int c = 0; c < channels; c++) {
        float ws = w.isPerChannel() ? w.scale(c) : w.scale();
        FixedPoint.Multiplier q = FixedPoint.quantize((double) x.scale() * ws / y.scale());
        m[c] = q.multiplier();
        s[c] = q.shift();
      }
      int[] b = bounds(y, act);
      return new Requant(m, s, y.zeroPoint(), b[0], b[1]);
    }

    public static int[] bounds(Quantization y, Activation act) {
      int lo = -128;
      int hi = 127;
      if (act != Activation.NONE) {
        lo = Math.max(lo, y.zeroPoint());
      }
      if (act == Activation.RELU6) {
        hi = Math.min(hi, y.zeroPoint() + FixedPoint.round(6f / y.scale()));
      }
      return new int[] {lo, hi};
    }
  }
}
