package dev.blueprint.edge.quant;

import dev.blueprint.edge.kernels.FixedPoint;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.Quantization;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Post-training quantization in the TFLite int8 scheme: weights symmetric per output channel,
 * activations asymmetric per tensor with ranges calibrated on sample inputs, biases int32 at the
 * scale {@code input scale × weight scale}. Ops that only move or compare values (pooling, reshape,
 * relu, embedding lookup) keep their input's quantization so they need no rescaling; softmax
 * outputs use TFLite's fixed 1/256 scale.
 */
public final class Quantizer {
  /** The int8 graph and what quantizing cost in accuracy. */
  public record Result(Graph graph, QuantizationReport report) {}

  private static final Quantization SOFTMAX_OUTPUT = Quantization.perTensor(1f / 256, -128);

  private Quantizer() {}

  /**
   * Quantizes {@code model}, calibrating on {@code calibration} batches and measuring the error per
   * layer on {@code evaluation} batches (each batch: one tensor per graph input).
   */
  public static Result quantize(
      Graph model,
      List<List<Tensor>> calibration,
      List<List<Tensor>> evaluation,
      CalibrationMethod method) {
    if (model.isQuantized()) {
      throw new IllegalArgumentException(model.name() + " is already quantized");
    }
    if (calibration.isEmpty()) {
      throw new IllegalArgumentException("quantization needs at least one calibration batch");
    }
    Map<Integer, RangeObserver> ranges = observe(model, calibration, method);
    Map<Integer, Quantization> params = activationParams(model, ranges, method);
    Map<Integer, Integer> twin = new HashMap<>();
    Graph int8 = build(model, params, twin, method, count(calibration));
    QuantizationReport report =
        measure(
            model,
            int8,
            twin,
            evaluation.isEmpty() ? calibration : evaluation,
            method,
            count(calibration));
    return new Result(int8, report);
  }

  private static int count(List<List<Tensor>> batches) {
    return batches.stream().mapToInt(b -> b.get(0).batch()).sum();
  }

  private static Map<Integer, RangeObserver> observe(
      Graph model, List<List<Tensor>> batches, CalibrationMethod method) {
    Interpreter interpreter = new Interpreter(model).unchunked();
    Map<Integer, RangeObserver> ranges = new LinkedHashMap<>();
    for (int i = 0; i < model.tensors().size(); i++) {
      TensorSpec t = model.tensor(i);
      if (!t.isConstant() && t.type() == DataType.FLOAT32) {
        ranges.put(i, new RangeObserver());
      }
    }
    for (List<Tensor> batch : batches) {
      interpreter.run(batch);
      int n = batch.get(0).batch();
      ranges.forEach(
          (id, r) -> {
            float[] v = interpreter.intermediate(id, n).floats();
            r.observeRange(v, v.length);
          });
    }
    if (method.method() == CalibrationMethod.Method.PERCENTILE) {
      for (List<Tensor> batch : batches) {
        interpreter.run(batch);
        int n = batch.get(0).batch();
        ranges.forEach(
            (id, r) -> {
              float[] v = interpreter.intermediate(id, n).floats();
              r.observeHistogram(v, v.length);
            });
      }
    }
    return ranges;
  }

  /** Asymmetric int8 parameters covering {@code [min, max]} and always 0, so zero is exact. */
  public static Quantization asymmetric(float min, float max) {
    float lo = Math.min(min, 0f);
    float hi = Math.max(max, 0f);
    float scale = (hi - lo) / 255f;
    if (!(scale > 0) || !Float.isFinite(scale)) {
      scale = hi - lo > 0 ? Float.MIN_NORMAL : 1f;
    }
    int zp = FixedPoint.round(-128 - lo / scale);
    return Quantization.perTensor(scale, Math.max(-128, Math.min(127, zp)));
  }

  private static Map<Integer, Quantization> activationParams(
      Graph model, Map<Integer, RangeObserver> ranges, CalibrationMethod method) {
    Map<Integer, Quantization> params = new HashMap<>();
    for (int id : model.inputs()) {
      if (ranges.containsKey(id)) {
        float[] r = ranges.get(id).range(method);
        params.put(id, asymmetric(r[0], r[1]));
      }
    }
    for (Node node : model.nodes()) {
      int out = node.output();
      Quantization q =
          switch (node.op()) {
            case RELU, RELU6, MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL, RESHAPE ->
                params.get(node.input(0));
            case EMBEDDING -> tableQuantization(model.tensor(node.input(1)));
            case SOFTMAX -> SOFTMAX_OUTPUT;
            default -> {
              float[] r = ranges.get(out).range(method);
              yield asymmetric(r[0], r[1]);
            }
          };
      params.put(out, q);
    }
    return params;
  }

  private static Quantization tableQuantization(TensorSpec table) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : table.floats()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return asymmetric(min, max);
  }

  private static Graph build(
      Graph model,
      Map<Integer, Quantization> params,
      Map<Integer, Integer> twin,
      CalibrationMethod method,
      int samples) {
    List<TensorSpec> tensors = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    Map<Integer, Integer> constants = new HashMap<>();
    Map<Integer, Integer> quantized = new HashMap<>();
    // Leading element-wise ops with constants (input normalisation) stay in float: quantizing
    // raw features whose ranges differ by orders of magnitude would merge the small ones into
    // one step. Quantization starts where they end.
    Set<Integer> prologue = floatPrologue(model);
    Set<Integer> floatTensors = new HashSet<>();
    Map<Integer, Integer> floatCopy = new HashMap<>();
    int[] inputs = model.inputs().clone();
    for (int i = 0; i < inputs.length; i++) {
      TensorSpec in = model.tensor(inputs[i]);
      tensors.add(in);
      int floatId = tensors.size() - 1;
      floatCopy.put(inputs[i], floatId);
      if (in.type() == DataType.FLOAT32) {
        floatTensors.add(inputs[i]);
      }
      twin.put(inputs[i], floatId);
      inputs[i] = floatId;
    }
    for (int index = 0; index < model.nodes().size(); index++) {
      Node node = model.nodes().get(index);
      int[] in = node.inputs();
      int[] mapped = new int[in.length];
      if (prologue.contains(index)) {
        for (int i = 0; i < in.length; i++) {
          TensorSpec t = model.tensor(in[i]);
          if (t.isConstant()) {
            tensors.add(t);
            mapped[i] = tensors.size() - 1;
          } else {
            mapped[i] = floatCopy.get(in[i]);
          }
        }
        TensorSpec out = model.tensor(node.output());
        tensors.add(
            TensorSpec.activation(out.name() + ":float", DataType.FLOAT32, out.shape(), null));
        int outId = tensors.size() - 1;
        floatCopy.put(node.output(), outId);
        floatTensors.add(node.output());
        twin.put(node.output(), outId);
        nodes.add(new Node(node.name(), node.op(), mapped, new int[] {outId}, node.attributes()));
        continue;
      }
      for (int i = 0; i < in.length; i++) {
        TensorSpec t = model.tensor(in[i]);
        if (t.isConstant()) {
          mapped[i] =
              constants.computeIfAbsent(
                  in[i] * 8 + i,
                  key -> {
                    tensors.add(quantizeConstant(model, node, in, key % 8, params));
                    return tensors.size() - 1;
                  });
        } else if (floatTensors.contains(in[i]) && t.type() == DataType.FLOAT32) {
          // The first int8 consumer of a float tensor: quantize it once, here.
          int source = in[i];
          mapped[i] =
              quantized.computeIfAbsent(
                  source,
                  key -> {
                    TensorSpec f = model.tensor(key);
                    tensors.add(
                        TensorSpec.activation(
                            f.name() + ":int8", DataType.INT8, f.shape(), params.get(key)));
                    int q = tensors.size() - 1;
                    nodes.add(
                        new Node(
                            f.name() + ":quantize",
                            OpType.QUANTIZE,
                            new int[] {floatCopy.get(key)},
                            new int[] {q},
                            Attributes.NONE));
                    twin.put(key, q);
                    return q;
                  });
        } else {
          mapped[i] = twin.get(in[i]);
        }
      }
      TensorSpec out = model.tensor(node.output());
      tensors.add(
          TensorSpec.activation(out.name(), DataType.INT8, out.shape(), params.get(node.output())));
      int outId = tensors.size() - 1;
      twin.put(node.output(), outId);
      nodes.add(new Node(node.name(), node.op(), mapped, new int[] {outId}, node.attributes()));
    }
    int[] outputs = model.outputs().clone();
    for (int i = 0; i < outputs.length; i++) {
      int q = twin.get(outputs[i]);
      TensorSpec qs = tensors.get(q);
      String name = model.tensor(outputs[i]).name();
      tensors.set(
          q,
          TensorSpec.activation(
              name + ":int8", DataType.INT8, qs.shape(), qs.requireQuantization()));
      tensors.add(TensorSpec.activation(name, DataType.FLOAT32, qs.shape(), null));
      nodes.add(
          new Node(
              name + ":dequantize",
              OpType.DEQUANTIZE,
              new int[] {q},
              new int[] {tensors.size() - 1},
              Attributes.NONE));
      outputs[i] = tensors.size() - 1;
    }
    Map<String, String> meta = new LinkedHashMap<>(model.metadata());
    meta.put(
        "quantization", "int8: weights symmetric per channel, activations asymmetric per tensor");
    meta.put("quantization.calibration", method.label());
    meta.put("quantization.calibration_samples", Integer.toString(samples));
    return new Graph(model.name(), meta, tensors, nodes, inputs, outputs);
  }

  /**
   * Indices of the leading add/mul nodes with a constant operand, reading float inputs or each
   * other.
   */
  static Set<Integer> floatPrologue(Graph model) {
    Set<Integer> floats = new HashSet<>();
    for (int id : model.inputs()) {
      if (model.tensor(id).type() == DataType.FLOAT32) {
        floats.add(id);
      }
    }
    Set<Integer> prologue = new LinkedHashSet<>();
    for (int index = 0; index < model.nodes().size(); index++) {
      Node node = model.nodes().get(index);
      boolean elementwise = node.op() == OpType.ADD || node.op() == OpType.MUL;
      if (!elementwise) {
        continue;
      }
      TensorSpec a = model.tensor(node.input(0));
      TensorSpec b = model.tensor(node.input(1));
      boolean constantOperand = a.isConstant() != b.isConstant();
      int other = a.isConstant() ? node.input(1) : node.input(0);
      if (constantOperand && floats.contains(other)) {
        prologue.add(index);
        floats.add(node.output());
      }
    }
    return prologue;
  }

  private static TensorSpec quantizeConstant(
      Graph model, Node node, int[] in, int position, Map<Integer, Quantization> params) {
    TensorSpec c = model.tensor(in[position]);
    switch (node.op()) {
      case DENSE, CONV2D, DEPTHWISE_CONV2D -> {
        if (position == 1) {
          return perChannelWeights(c, node.op() == OpType.DEPTHWISE_CONV2D ? 2 : 0);
        }
        float inputScale = params.get(in[0]).scale();
        Quantization wq =
            perChannelWeights(model.tensor(in[1]), node.op() == OpType.DEPTHWISE_CONV2D ? 2 : 0)
                .requireQuantization();
        float[] b = c.floats();
        int[] q = new int[b.length];
        float[] scales = new float[b.length];
        for (int i = 0; i < b.length; i++) {
          scales[i] = inputScale * wq.scale(i);
          q[i] =
              (int)
                  Math.max(
                      Integer.MIN_VALUE + 1L,
                      Math.min(Integer.MAX_VALUE, Math.round((double) b[i] / scales[i])));
        }
        return TensorSpec.constant(c.name(), c.shape(), q, Quantization.perChannel(scales, 0));
      }
      case EMBEDDING, EMBEDDING_BAG -> {
        return asymmetricConstant(c, tableQuantization(c));
      }
      default -> {
        return asymmetricConstant(c, tableQuantization(c));
      }
    }
  }

  private static TensorSpec asymmetricConstant(TensorSpec c, Quantization q) {
    float[] v = c.floats();
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = FixedPoint.quantize(v[i], q.scale(), q.zeroPoint());
    }
    return TensorSpec.constant(c.name(), c.shape(), out, q);
  }

  /** Symmetric int8 in [-127, 127] with one scale per slice along {@code axis}. */
  static TensorSpec perChannelWeights(TensorSpec w, int axis) {
    TensorShape s = w.shape();
    float[] v = w.floats();
    int channels = s.dim(axis);
    int inner = 1;
    for (int d = axis + 1; d < s.rank(); d++) {
      inner *= s.dim(d);
    }
    float[] maxAbs = new float[channels];
    for (int i = 0; i < v.length; i++) {
      int ch = (i / inner) % channels;
      maxAbs[ch] = Math.max(maxAbs[ch], Math.abs(v[i]));
    }
    float[] scales = new float[channels];
    for (int ch = 0; ch < channels; ch++) {
      scales[ch] = maxAbs[ch] > 0 ? maxAbs[ch] / 127f : 1f;
    }
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      int ch = (i / inner) % channels;
      q[i] = (byte) Math.max(-127, Math.min(127, FixedPoint.round(v[i] / scales[ch])));
    }
    return TensorSpec.constant(w.name(), s, q, Quantization.perChannel(scales, axis));
  }

  private static QuantizationReport measure(
      Graph model,
      Graph int8,
      Map<Integer, Integer> twin,
      List<List<Tensor>> batches,
      CalibrationMethod method,
      int calibrationSamples) {
    Interpreter f = new Interpreter(model).unchunked();
    Interpreter q = new Interpreter(int8).unchunked();
    Map<Integer, double[]> sums = new LinkedHashMap<>();
    for (Node node : model.nodes()) {
      sums.put(node.output(), new double[3]);
    }
    long agree = 0;
    long total = 0;
    for (List<Tensor> batch : batches) {
      Tensor fy = f.run(batch).get(0);
      Tensor qy = q.run(batch).get(0);
      int n = batch.get(0).batch();
      int[] fa = fy.argmaxPerRow();
      int[] qa = qy.argmaxPerRow();
      for (int i = 0; i < n; i++) {
        agree += fa[i] == qa[i] ? 1 : 0;
      }
      total += n;
      sums.forEach(
          (id, acc) -> {
            float[] ref = f.intermediate(id, n).floats();
            float[] got = q.intermediate(twin.get(id), n).toFloats();
            for (int i = 0; i < ref.length; i++) {
              double e = got[i] - ref[i];
              acc[0] += (double) ref[i] * ref[i];
              acc[1] += e * e;
              acc[2] = Math.max(acc[2], Math.abs(e));
            }
            acc[2] = Math.max(acc[2], 0);
          });
    }
    List<LayerError> layers = new ArrayList<>();
    long elementsPerSample;
    for (Node node : model.nodes()) {
      double[] acc = sums.get(node.output());
      TensorSpec qt = int8.tensor(twin.get(node.output()));
      elementsPerSample = model.tensor(node.output()).shape().size();
      double rmse = Math.sqrt(acc[1] / (elementsPerSample * total));
      double sqnr = acc[1] == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(acc[0] / acc[1]);
      // Float prologue layers have no int8 step: their scale shows as 0.
      float scale = qt.quantization().map(Quantization::scale).orElse(0f);
      int zeroPoint = qt.quantization().map(Quantization::zeroPoint).orElse(0);
      layers.add(
          new LayerError(
              model.tensor(node.output()).name(),
              node.op().label(),
              scale,
              zeroPoint,
              rmse,
              acc[2],
              sqnr));
    }
    return new QuantizationReport(
        model.name(),
        method,
        calibrationSamples,
        (int) total,
        layers,
        total == 0 ? 1 : (double) agree / total,
        model.weightBytes(),
        int8.weightBytes());
  }
}
