package dev.blueprint.edge.opencl;

import static org.lwjgl.opencl.CL10.CL_MEM_COPY_HOST_PTR;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_ONLY;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_WRITE;
import static org.lwjgl.opencl.CL10.clCreateBuffer;
import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clEnqueueNDRangeKernel;
import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueWriteBuffer;
import static org.lwjgl.opencl.CL10.clReleaseMemObject;
import static org.lwjgl.opencl.CL10.clSetKernelArg1i;
import static org.lwjgl.opencl.CL10.clSetKernelArg1p;

import dev.blueprint.edge.kernels.FixedPoint;
import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.Padding;
import dev.blueprint.edge.model.Quantization;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.edge.runtime.Interpreter;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL10;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Takes the int8 convolution, dense, depthwise, pooling, add, mul and relu nodes onto the OpenCL
 * device; the rest (quantize, softmax, reshape, concat, embeddings) stay with the Java kernels.
 * Weights are uploaded once. Activations live in the interpreter's arrays: a step uploads what the
 * device does not already hold, runs, and reads its output back, so Java steps in between see every
 * value.
 */
final class OpenClAccelerator implements Interpreter.Accelerator, AutoCloseable {
  private final OpenCl cl;
  private final List<Long> kernels = new ArrayList<>();
  private final List<Long> constants = new ArrayList<>();
  private final Map<Integer, Long> activations = new HashMap<>();
  private final Map<Integer, Long> capacity = new HashMap<>();

  /** Tensors whose device copy equals the host array since the last run started. */
  private final Set<Integer> onDevice = new HashSet<>();

  private ByteBuffer staging = MemoryUtil.memAlloc(1 << 16);

  OpenClAccelerator(OpenCl cl) {
    this.cl = cl;
  }

  /** Every host array may hold new values now: the device copies are stale. */
  @Override
  public void beforeRun() {
    onDevice.clear();
  }

  @Override
  public Interpreter.Step compile(Node node, Graph graph, Interpreter.Buffers buffers) {
    TensorSpec in = graph.tensor(node.input(0));
    if (in.type() != DataType.INT8) {
      return null;
    }
    Interpreter.Step step =
        switch (node.op()) {
          case DENSE, CONV2D -> conv(node, graph, buffers);
          case DEPTHWISE_CONV2D -> depthwise(node, graph, buffers);
          case MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL -> pool(node, graph, buffers);
          case ADD, MUL -> binary(node, graph, buffers);
          case RELU, RELU6 -> relu(node, graph, buffers);
          default -> null;
        };
    return step;
  }

  private Interpreter.Step conv(Node node, Graph graph, Interpreter.Buffers buffers) {
    Interpreter.Conv g = Interpreter.Conv.of(node, graph);
    TensorSpec x = graph.tensor(node.input(0));
    TensorSpec wt = graph.tensor(node.input(1));
    byte[] w = wt.bytes();
    int zpX = x.requireQuantization().zeroPoint();
    int[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).ints() : null;
    int[] init = new int[g.o()];
    for (int o = 0; o < g.o(); o++) {
      int sum = 0;
      for (int p = 0; p < g.k(); p++) {
        sum += w[o * g.k() + p];
      }
      init[o] = (bias == null ? 0 : bias[o]) - zpX * sum;
    }
    Interpreter.Requant r =
        Interpreter.Requant.of(
            x.requireQuantization(),
            wt.requireQuantization(),
            graph.tensor(node.output()).requireQuantization(),
            g.o(),
            node.attributes().activation());
    long kernel = kernel("conv_int8");
    long wBuf = constant(w);
    long initBuf = constant(init);
    long multBuf = constant(r.multiplier);
    long shiftBuf = constant(r.shift);
    int[] ints = {
      g.h(),
      g.w(),
      g.c(),
      g.o(),
      g.kh(),
      g.kw(),
      g.sh(),
      g.sw(),
      g.padTop(),
      g.padLeft(),
      g.oh(),
      g.ow(),
      zpX,
      r.zeroPoint,
      r.min,
      r.max
    };
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      long xBuf = upload(xId, buffers, batch * g.inSize());
      long yBuf = device(yId, batch * g.outSize());
      launch(
          kernel,
          new long[] {xBuf, wBuf, initBuf, multBuf, shiftBuf, yBuf},
          ints,
          batch * g.outSize());
      download(yId, yBuf, buffers, batch * g.outSize());
    };
  }

  private Interpreter.Step depthwise(Node node, Graph graph, Interpreter.Buffers buffers) {
    Interpreter.Conv g = Interpreter.Conv.of(node, graph);
    TensorSpec x = graph.tensor(node.input(0));
    TensorSpec wt = graph.tensor(node.input(1));
    int[] bias = node.inputCount() == 3 ? graph.tensor(node.input(2)).ints() : new int[] {0};
    Interpreter.Requant r =
        Interpreter.Requant.of(
            x.requireQuantization(),
            wt.requireQuantization(),
            graph.tensor(node.output()).requireQuantization(),
            g.o(),
            node.attributes().activation());
    long kernel = kernel("depthwise_int8");
    long wBuf = constant(wt.bytes());
    long biasBuf = constant(bias);
    long multBuf = constant(r.multiplier);
    long shiftBuf = constant(r.shift);
    int[] ints = {
      g.h(),
      g.w(),
      g.c(),
      g.o() / g.c(),
      g.kh(),
      g.kw(),
      g.sh(),
      g.sw(),
      g.padTop(),
      g.padLeft(),
      g.oh(),
      g.ow(),
      x.requireQuantization().zeroPoint(),
      r.zeroPoint,
      r.min,
      r.max,
      node.inputCount() == 3 ? 1 : 0
    };
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      long xBuf = upload(xId, buffers, batch * g.inSize());
      long yBuf = device(yId, batch * g.outSize());
      launch(
          kernel,
          new long[] {xBuf, wBuf, biasBuf, multBuf, shiftBuf, yBuf},
          ints,
          batch * g.outSize());
      download(yId, yBuf, buffers, batch * g.outSize());
    };
  }

  private Interpreter.Step pool(Node node, Graph graph, Interpreter.Buffers buffers) {
    if (!graph
        .tensor(node.output())
        .requireQuantization()
        .equals(graph.tensor(node.input(0)).requireQuantization())) {
      return null;
    }
    TensorShape in = graph.tensor(node.input(0)).shape();
    TensorShape out = graph.tensor(node.output()).shape();
    boolean global = node.op() == OpType.GLOBAL_AVG_POOL;
    var a = node.attributes();
    int kh = global ? in.dim(0) : a.getInts("kernel")[0];
    int kw = global ? in.dim(1) : a.getInts("kernel")[1];
    int[] s =
        global ? new int[] {1, 1} : (a.has("strides") ? a.getInts("strides") : new int[] {1, 1});
    String mode = global ? "valid" : a.getString("padding", "valid");
    Padding py = Padding.of(mode, in.dim(0), kh, s[0]);
    Padding px = Padding.of(mode, in.dim(1), kw, s[1]);
    int[] ints = {
      in.dim(0),
      in.dim(1),
      in.dim(2),
      kh,
      kw,
      s[0],
      s[1],
      py.before(),
      px.before(),
      py.outputSize(),
      px.outputSize(),
      node.op() == OpType.MAX_POOL ? 1 : 0
    };
    long kernel = kernel("pool_int8");
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      long xBuf = upload(xId, buffers, batch * in.size());
      long yBuf = device(yId, batch * out.size());
      launch(kernel, new long[] {xBuf, yBuf}, ints, batch * out.size());
      download(yId, yBuf, buffers, batch * out.size());
    };
  }

  private Interpreter.Step binary(Node node, Graph graph, Interpreter.Buffers buffers) {
    Quantization qa = graph.tensor(node.input(0)).requireQuantization();
    Quantization qb = graph.tensor(node.input(1)).requireQuantization();
    Quantization qy = graph.tensor(node.output()).requireQuantization();
    int[] bounds = Interpreter.Requant.bounds(qy, node.attributes().activation());
    int per = graph.tensor(node.input(0)).shape().size();
    TensorSpec b = graph.tensor(node.input(1));
    boolean broadcast = b.isConstant() && b.shape().size() != per;
    long bConst = b.isConstant() ? constant(b.bytes()) : 0;
    boolean add = node.op() == OpType.ADD;
    int[] tail;
    long kernel;
    if (add) {
      double twiceMax = 2.0 * Math.max(qa.scale(), qb.scale());
      FixedPoint.Multiplier ma = FixedPoint.quantize(qa.scale() / twiceMax);
      FixedPoint.Multiplier mb = FixedPoint.quantize(qb.scale() / twiceMax);
      FixedPoint.Multiplier my = FixedPoint.quantize(twiceMax / ((1 << 20) * (double) qy.scale()));
      tail =
          new int[] {
            qa.zeroPoint(),
            qb.zeroPoint(),
            qy.zeroPoint(),
            ma.multiplier(),
            ma.shift(),
            mb.multiplier(),
            mb.shift(),
            my.multiplier(),
            my.shift(),
            bounds[0],
            bounds[1]
          };
      kernel = kernel("add_int8");
    } else {
      FixedPoint.Multiplier m = FixedPoint.quantize((double) qa.scale() * qb.scale() / qy.scale());
      tail =
          new int[] {
            qa.zeroPoint(),
            qb.zeroPoint(),
            qy.zeroPoint(),
            m.multiplier(),
            m.shift(),
            bounds[0],
            bounds[1]
          };
      kernel = kernel("mul_int8");
    }
    int aId = node.input(0);
    int bId = node.input(1);
    int yId = node.output();
    return batch -> {
      int n = batch * per;
      long aBuf = upload(aId, buffers, n);
      long bBuf = b.isConstant() ? bConst : upload(bId, buffers, n);
      long yBuf = device(yId, n);
      clSetKernelArg1p(kernel, 0, aBuf);
      clSetKernelArg1p(kernel, 1, bBuf);
      clSetKernelArg1p(kernel, 2, yBuf);
      clSetKernelArg1i(kernel, 3, broadcast ? b.shape().size() : (b.isConstant() ? per : n));
      for (int i = 0; i < tail.length; i++) {
        clSetKernelArg1i(kernel, 4 + i, tail[i]);
      }
      run(kernel, n);
      download(yId, yBuf, buffers, n);
    };
  }

  private Interpreter.Step relu(Node node, Graph graph, Interpreter.Buffers buffers) {
    Quantization q = graph.tensor(node.input(0)).requireQuantization();
    if (!graph.tensor(node.output()).requireQuantization().equals(q)) {
      return null;
    }
    int[] bounds =
        Interpreter.Requant.bounds(
            q, node.op() == OpType.RELU ? Activation.RELU : Activation.RELU6);
    long kernel = kernel("clamp_int8");
    int per = graph.tensor(node.input(0)).shape().size();
    int xId = node.input(0);
    int yId = node.output();
    return batch -> {
      long xBuf = upload(xId, buffers, batch * per);
      long yBuf = device(yId, batch * per);
      clSetKernelArg1p(kernel, 0, xBuf);
      clSetKernelArg1p(kernel, 1, yBuf);
      clSetKernelArg1i(kernel, 2, bounds[0]);
      clSetKernelArg1i(kernel, 3, bounds[1]);
      run(kernel, batch * per);
      download(yId, yBuf, buffers, batch * per);
    };
  }

  private long kernel(String name) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer err = stack.mallocInt(1);
      long k = clCreateKernel(cl.program, name, err);
      OpenCl.check(err.get(0), "clCreateKernel " + name);
      kernels.add(k);
      return k;
    }
  }

  private long constant(byte[] values) {
    ByteBuffer b = MemoryUtil.memAlloc(Math.max(1, values.length));
    try {
      b.put(values).flip();
      return constantBuffer(b);
    } finally {
      MemoryUtil.memFree(b);
    }
  }

  private long constant(int[] values) {
    ByteBuffer b = MemoryUtil.memAlloc(Math.max(4, values.length * 4));
    try {
      b.asIntBuffer().put(values);
      b.limit(Math.max(4, values.length * 4));
      return constantBuffer(b);
    } finally {
      MemoryUtil.memFree(b);
    }
  }

  private long constantBuffer(ByteBuffer b) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer err = stack.mallocInt(1);
      long mem = clCreateBuffer(cl.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, b, err);
      OpenCl.check(err.get(0), "clCreateBuffer");
      constants.add(mem);
      return mem;
    }
  }

  /** The device buffer of an activation, grown to at least {@code bytes}. */
  private long device(int tensor, int bytes) {
    Long mem = activations.get(tensor);
    if (mem != null && capacity.get(tensor) >= bytes) {
      return mem;
    }
    if (mem != null) {
      clReleaseMemObject(mem);
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer err = stack.mallocInt(1);
      long created = clCreateBuffer(cl.context, CL_MEM_READ_WRITE, Math.max(1, bytes), err);
      OpenCl.check(err.get(0), "clCreateBuffer");
      activations.put(tensor, created);
      capacity.put(tensor, (long) bytes);
      onDevice.remove(tensor);
      return created;
    }
  }

  private long upload(int tensor, Interpreter.Buffers buffers, int bytes) {
    long mem = device(tensor, bytes);
    if (onDevice.contains(tensor)) {
      return mem;
    }
    ByteBuffer s = staging(bytes);
    s.put((byte[]) buffers.get(tensor), 0, bytes).flip();
    OpenCl.check(
        clEnqueueWriteBuffer(cl.queue, mem, true, 0, s, null, null), "clEnqueueWriteBuffer");
    onDevice.add(tensor);
    return mem;
  }

  private void download(int tensor, long mem, Interpreter.Buffers buffers, int bytes) {
    ByteBuffer s = staging(bytes);
    s.limit(bytes);
    OpenCl.check(clEnqueueReadBuffer(cl.queue, mem, true, 0, s, null, null), "clEnqueueReadBuffer");
    s.get((byte[]) buffers.get(tensor), 0, bytes);
    onDevice.add(tensor);
  }

  private ByteBuffer staging(int bytes) {
    if (staging.capacity() < bytes) {
      MemoryUtil.memFree(staging);
      staging = MemoryUtil.memAlloc(bytes);
    }
    staging.clear();
    return staging;
  }

  /** Sets the buffer arguments, then the integer ones, and enqueues {@code items} work-items. */
  private void launch(long kernel, long[] mems, int[] ints, int items) {
    for (int i = 0; i < mems.length; i++) {
      clSetKernelArg1p(kernel, i, mems[i]);
    }
    for (int i = 0; i < ints.length; i++) {
      clSetKernelArg1i(kernel, mems.length + i, ints[i]);
    }
    run(kernel, items);
  }

  private void run(long kernel, int items) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer global = stack.mallocPointer(1).put(0, items);
      OpenCl.check(
          clEnqueueNDRangeKernel(cl.queue, kernel, 1, null, global, null, null, null),
          "clEnqueueNDRangeKernel");
    }
  }

  @Override
  public void close() {
    kernels.forEach(CL10::clReleaseKernel);
    constants.forEach(CL10::clReleaseMemObject);
    activations.values().forEach(CL10::clReleaseMemObject);
    kernels.clear();
    constants.clear();
    activations.clear();
    if (staging != null) {
      MemoryUtil.memFree(staging);
      staging = null;
    }
  }
}
