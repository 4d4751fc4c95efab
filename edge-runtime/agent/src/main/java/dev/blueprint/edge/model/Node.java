package dev.blueprint.edge.model;

import java.util.Arrays;
import java.util.Objects;

/** One operator application: which op, which tensors it reads and writes, and its settings. */
public final class Node {
  private final String name;
  private final OpType op;
  private final int[] inputs;
  private final int[] outputs;
  private final Attributes attributes;

  public Node(String name, OpType op, int[] inputs, int[] outputs, Attributes attributes) {
    this.name = Objects.requireNonNull(name, "name");
    this.op = Objects.requireNonNull(op, "op");
    this.inputs = inputs.clone();
    this.outputs = outputs.clone();
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  public String name() {
    return name;
  }

  public OpType op() {
    return op;
  }

  public int[] inputs() {
    return inputs.clone();
  }

  public int input(int index) {
    return inputs[index];
  }

  public int inputCount() {
    return inputs.length;
  }

  public int output() {
    return outputs[0];
  }

  public int[] outputs() {
    return outputs.clone();
  }

  public Attributes attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return name
        + " = "
        + op.label()
        + Arrays.toString(inputs)
        + "->"
        + Arrays.toString(outputs)
        + " "
        + attributes;
  }
}
