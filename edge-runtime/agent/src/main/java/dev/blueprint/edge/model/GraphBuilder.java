package dev.blueprint.edge.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a graph node by node, inferring each output's shape, so importers and tests state only
 * what they know. Float graphs only carry types; {@link #node} takes the output's type and
 * quantization for quantized graphs.
 */
public final class GraphBuilder {
  private final String name;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<TensorSpec> tensors = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Integer> inputs = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();

  public GraphBuilder(String name) {
    this.name = name;
  }

  public GraphBuilder meta(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public int input(String tensorName, DataType type, TensorShape shape) {
    inputs.add(add(TensorSpec.activation(tensorName, type, shape, null)));
    return inputs.get(inputs.size() - 1);
  }

  public int input(String tensorName, DataType type, TensorShape shape, Quantization q) {
    inputs.add(add(TensorSpec.activation(tensorName, type, shape, q)));
    return inputs.get(inputs.size() - 1);
  }

  public int add(TensorSpec spec) {
    for (TensorSpec t : tensors) {
      if (t.name().equals(spec.name())) {
        throw new IllegalArgumentException("two tensors are called '" + spec.name() + "'");
      }
    }
    tensors.add(spec);
    return tensors.size() - 1;
  }

  public int constant(String tensorName, TensorShape shape, float[] values) {
    return add(TensorSpec.constant(tensorName, shape, values));
  }

  public TensorSpec tensor(int id) {
    return tensors.get(id);
  }

  /**
   * A float (or, for embeddings of a float table, float) node; the output takes the input's type.
   */
  public int node(String nodeName, OpType op, Attributes attributes, int... in) {
    DataType type =
        switch (op) {
          case QUANTIZE -> DataType.INT8;
          case DEQUANTIZE -> DataType.FLOAT32;
          case EMBEDDING, EMBEDDING_BAG -> tensors.get(in[1]).type();
          default -> tensors.get(in[0]).type();
        };
    return node(nodeName, op, attributes, type, null, in);
  }

  /** A node whose output has the given type and quantization. */
  public int node(
      String nodeName, OpType op, Attributes attributes, DataType type, Quantization q, int... in) {
    Node probe = new Node(nodeName, op, in, new int[] {tensors.size()}, attributes);
    TensorShape shape;
    try {
      shape = ShapeInference.outputShape(probe, tensors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "node '" + nodeName + "' (" + op.label() + "): " + e.getMessage(), e);
    }
    int out = add(TensorSpec.activation(nodeName, type, shape, q));
    nodes.add(new Node(nodeName, op, in, new int[] {out}, attributes));
    return out;
  }

  public GraphBuilder output(int tensor) {
    outputs.add(tensor);
    return this;
  }

  public Graph build() {
    return new Graph(
        name,
        metadata,
        tensors,
        nodes,
        inputs.stream().mapToInt(Integer::intValue).toArray(),
        outputs.stream().mapToInt(Integer::intValue).toArray());
  }
}
