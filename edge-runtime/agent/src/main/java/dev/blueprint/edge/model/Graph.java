package dev.blueprint.edge.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as the runtime executes it: tensors, nodes in execution order, the graph's inputs and
 * outputs, and free-form metadata (labels, provenance, calibration). The constructor checks that
 * the graph can run — every tensor written once before it is read, shapes and element types as each
 * op needs them — and names the node when it cannot.
 */
public final class Graph {
  private final String name;
  private final Map<String, String> metadata;
  private final List<TensorSpec> tensors;
  private final List<Node> nodes;
  private final int[] inputs;
  private final int[] outputs;

  public Graph(
      String name,
      Map<String, String> metadata,
      List<TensorSpec> tensors,
      List<Node> nodes,
      int[] inputs,
      int[] outputs) {
    this.name = Objects.requireNonNull(name, "name");
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.tensors = List.copyOf(tensors);
    this.nodes = List.copyOf(nodes);
    this.inputs = inputs.clone();
    this.outputs = outputs.clone();
    validate();
  }

  public String name() {
    return name;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public List<TensorSpec> tensors() {
    return tensors;
  }

  public TensorSpec tensor(int id) {
    return tensors.get(id);
  }

  public List<Node> nodes() {
    return nodes;
  }

  public int[] inputs() {
    return inputs.clone();
  }

  public int[] outputs() {
    return outputs.clone();
  }

  public TensorSpec input(int index) {
    return tensors.get(inputs[index]);
  }

  public TensorSpec output(int index) {
    return tensors.get(outputs[index]);
  }

  /** True when the graph computes in int8. */
  public boolean isQuantized() {
    return tensors.stream().anyMatch(t -> t.type() == DataType.INT8);
  }

  /** Bytes of all constants: the weights a device keeps in memory. */
  public long weightBytes() {
    return tensors.stream().mapToLong(TensorSpec::constantBytes).sum();
  }

  /** The id of the tensor called {@code tensorName}. */
  public int tensorId(String tensorName) {
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).name().equals(tensorName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no tensor '" + tensorName + "' in " + name);
  }

  private void validate() {
    if (inputs.length == 0 || outputs.length == 0) {
      throw new IllegalArgumentException("a graph needs at least one input and one output");
    }
    boolean[] written = new boolean[tensors.size()];
    for (int id : inputs) {
      checkId(id, "graph input");
      if (tensors.get(id).isConstant()) {
        throw new IllegalArgumentException(
            "graph input '" + tensors.get(id).name() + "' is a constant");
      }
      written[id] = true;
    }
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).isConstant()) {
        written[i] = true;
      }
    }
    for (Node node : nodes) {
      try {
        for (int id : node.inputs()) {
          checkId(id, "input");
          if (!written[id]) {
            throw new IllegalArgumentException(
                "reads '" + tensors.get(id).name() + "' before any node writes it");
          }
        }
        if (node.outputs().length != 1) {
          throw new IllegalArgumentException("every op writes exactly one tensor");
        }
        int out = node.output();
        checkId(out, "output");
        if (written[out]) {
          throw new IllegalArgumentException(
              "writes '" + tensors.get(out).name() + "', which is already written");
        }
        TensorShape expected = ShapeInference.outputShape(node, tensors);
        TensorSpec spec = tensors.get(out);
        if (!spec.shape().equals(expected)) {
          throw new IllegalArgumentException(
              "output '"
                  + spec.name()
                  + "' has shape "
                  + spec.shape()
                  + ", the op gives "
                  + expected);
        }
        checkTypes(node);
        written[out] = true;
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(
            "node '" + node.name() + "' (" + node.op().label() + "): " + e.getMessage(), e);
      }
    }
    for (int id : outputs) {
      checkId(id, "graph output");
      if (!written[id]) {
        throw new IllegalArgumentException(
            "graph output '" + tensors.get(id).name() + "' is never written");
      }
    }
  }

  private void checkTypes(Node node) {
    TensorSpec x = tensors.get(node.input(0));
    TensorSpec out = tensors.get(node.output());
    switch (node.op()) {
      case QUANTIZE -> {
        expect(x, DataType.FLOAT32, "input");
        expectInt8Activation(out, "output");
      }
      case DEQUANTIZE -> {
        expectInt8Activation(x, "input");
        expect(out, DataType.FLOAT32, "output");
      }
      case DENSE, CONV2D, DEPTHWISE_CONV2D -> {
        TensorSpec w = tensors.get(node.input(1));
        if (!w.isConstant()) {
          throw new IllegalArgumentException("weight '" + w.name() + "' must be a constant");
        }
        int channels = node.op() == OpType.DEPTHWISE_CONV2D ? w.shape().dim(2) : w.shape().dim(0);
        if (x.type() == DataType.FLOAT32) {
          expect(w, DataType.FLOAT32, "weight");
          expect(out, DataType.FLOAT32, "output");
          if (node.inputCount() == 3) {
            expect(tensors.get(node.input(2)), DataType.FLOAT32, "bias");
          }
        } else {
          expectInt8Activation(x, "input");
          expect(w, DataType.INT8, "weight");
          Quantization wq = w.requireQuantization();
          int axis = node.op() == OpType.DEPTHWISE_CONV2D ? 2 : 0;
          if (wq.channels() != channels || (wq.isPerChannel() && wq.axis() != axis)) {
            throw new IllegalArgumentException(
                "weight '"
                    + w.name()
                    + "' needs "
                    + channels
                    + " scales along axis "
                    + axis
                    + ", has "
                    + wq);
          }
          for (byte v : w.bytes()) {
            if (v == -128) {
              throw new IllegalArgumentException(
                  "weight '"
                      + w.name()
                      + "' holds -128; symmetric int8 weights lie in [-127, 127]");
            }
          }
          for (int zp : wq.zeroPoints()) {
            if (zp != 0) {
              throw new IllegalArgumentException(
                  "weight '" + w.name() + "' must be symmetric (zero point 0)");
            }
          }
          if (node.inputCount() == 3) {
            expect(tensors.get(node.input(2)), DataType.INT32, "bias");
          }
          expectInt8Activation(out, "output");
        }
      }
      case EMBEDDING, EMBEDDING_BAG -> {
        TensorSpec table = tensors.get(node.input(1));
        if (!table.isConstant()) {
          throw new IllegalArgumentException("table '" + table.name() + "' must be a constant");
        }
        if (table.type() == DataType.INT8) {
          expectPerTensor(table, "table");
          expectInt8Activation(out, "output");
        } else {
          expect(table, DataType.FLOAT32, "table");
          expect(out, DataType.FLOAT32, "output");
        }
      }
      default -> {
        for (int i = 0; i < node.inputCount(); i++) {
          TensorSpec in = tensors.get(node.input(i));
          if (in.type() == DataType.INT32) {
            throw new IllegalArgumentException(
                "input '" + in.name() + "' is int32; only embeddings read ids");
          }
          if (in.type() != x.type()) {
            throw new IllegalArgumentException(
                "inputs mix " + x.type().label() + " and " + in.type().label());
          }
          if (in.type() == DataType.INT8) {
            expectPerTensor(in, "input");
          }
        }
        expect(out, x.type(), "output");
        if (out.type() == DataType.INT8) {
          expectInt8Activation(out, "output");
        }
      }
    }
  }

  private static void expect(TensorSpec t, DataType type, String role) {
    if (t.type() != type) {
      throw new IllegalArgumentException(
          role + " '" + t.name() + "' must be " + type.label() + ", is " + t.type().label());
    }
  }

  private static void expectInt8Activation(TensorSpec t, String role) {
    expect(t, DataType.INT8, role);
    expectPerTensor(t, role);
  }

  private static void expectPerTensor(TensorSpec t, String role) {
    Quantization q = t.requireQuantization();
    if (q.isPerChannel()) {
      throw new IllegalArgumentException(role + " '" + t.name() + "' must be quantized per tensor");
    }
    if (q.zeroPoint() < -128 || q.zeroPoint() > 127) {
      throw new IllegalArgumentException(
          role + " '" + t.name() + "' has zero point " + q.zeroPoint() + " outside int8");
    }
  }

  private void checkId(int id, String role) {
    if (id < 0 || id >= tensors.size()) {
      throw new IllegalArgumentException(
          role + " tensor id " + id + " is out of range (0.." + (tensors.size() - 1) + ")");
    }
  }

  @Override
  public String toString() {
    return name + " (" + nodes.size() + " nodes, inputs " + Arrays.toString(inputs) + ")";
  }
}
