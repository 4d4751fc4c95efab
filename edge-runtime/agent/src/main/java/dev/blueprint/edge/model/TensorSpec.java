package dev.blueprint.edge.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One tensor of a graph: its name, element type and shape, how it is quantized (int8 and int32
 * tensors of a quantized graph), and its values when it is a constant (weights, biases, tables).
 * Constant arrays are never handed out for writing: {@link #floats()} and friends return the stored
 * array, and callers must treat it as read-only, because weights can be megabytes.
 */
public final class TensorSpec {
  private final String name;
  private final DataType type;
  private final TensorShape shape;
  private final Quantization quantization;
  private final Object data;

  private TensorSpec(
      String name, DataType type, TensorShape shape, Quantization quantization, Object data) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.shape = Objects.requireNonNull(shape, "shape");
    this.quantization = quantization;
    this.data = data;
    if (data != null) {
      int length =
          switch (type) {
            case FLOAT32 -> ((float[]) data).length;
            case INT8 -> ((byte[]) data).length;
            case INT32 -> ((int[]) data).length;
          };
      if (length != shape.size()) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': " + length + " values for shape " + shape);
      }
    }
  }

  /** An activation: computed at run time, shape without the batch. */
  public static TensorSpec activation(
      String name, DataType type, TensorShape shape, Quantization q) {
    return new TensorSpec(name, type, shape, q, null);
  }

  public static TensorSpec constant(String name, TensorShape shape, float[] values) {
    return new TensorSpec(name, DataType.FLOAT32, shape, null, values);
  }

  public static TensorSpec constant(String name, TensorShape shape, byte[] values, Quantization q) {
    return new TensorSpec(
        name, DataType.INT8, shape, Objects.requireNonNull(q, "quantization"), values);
  }

  public static TensorSpec constant(String name, TensorShape shape, int[] values, Quantization q) {
    return new TensorSpec(name, DataType.INT32, shape, q, values);
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  public TensorShape shape() {
    return shape;
  }

  public Optional<Quantization> quantization() {
    return Optional.ofNullable(quantization);
  }

  /** The quantization of an int8 tensor; an error naming the tensor when it has none. */
  public Quantization requireQuantization() {
    if (quantization == null) {
      throw new IllegalStateException("tensor '" + name + "' has no quantization parameters");
    }
    return quantization;
  }

  public boolean isConstant() {
    return data != null;
  }

  public float[] floats() {
    return (float[]) requireData(DataType.FLOAT32);
  }

  public byte[] bytes() {
    return (byte[]) requireData(DataType.INT8);
  }

  public int[] ints() {
    return (int[]) requireData(DataType.INT32);
  }

  private Object requireData(DataType wanted) {
    if (data == null || type != wanted) {
      throw new IllegalStateException(
          "tensor '" + name + "' is not a " + wanted.label() + " constant");
    }
    return data;
  }

  /** Bytes the constant's values take (0 for activations). */
  public long constantBytes() {
    return data == null ? 0 : (long) shape.size() * type.bytes();
  }

  @Override
  public String toString() {
    return name + ":" + type.label() + shape + (quantization == null ? "" : " " + quantization);
  }
}
