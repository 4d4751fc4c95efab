package dev.blueprint.edge.runtime;

import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Quantization;
import dev.blueprint.edge.model.TensorShape;
import java.util.Objects;

/**
 * Values flowing in and out of a session, with the batch as the first dimension. The array is the
 * tensor's own: a session copies inputs in and hands out fresh outputs, so callers may keep or
 * change what they get.
 */
public final class Tensor {
  private final TensorShape shape;
  private final DataType type;
  private final Object data;
  private final Quantization quantization;

  private Tensor(TensorShape shape, DataType type, Object data, Quantization quantization) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.type = type;
    this.data = data;
    this.quantization = quantization;
    int length =
        switch (type) {
          case FLOAT32 -> ((float[]) data).length;
          case INT8 -> ((byte[]) data).length;
          case INT32 -> ((int[]) data).length;
        };
    if (length != shape.size()) {
      throw new IllegalArgumentException(length + " values for shape " + shape);
    }
  }

  public static Tensor of(TensorShape shape, float[] values) {
    return new Tensor(shape, DataType.FLOAT32, values, null);
  }

  public static Tensor of(TensorShape shape, int[] values) {
    return new Tensor(shape, DataType.INT32, values, null);
  }

  public static Tensor of(TensorShape shape, byte[] values, Quantization q) {
    return new Tensor(shape, DataType.INT8, values, Objects.requireNonNull(q, "quantization"));
  }

  public TensorShape shape() {
    return shape;
  }

  public DataType type() {
    return type;
  }

  public int batch() {
    return shape.dim(0);
  }

  public float[] floats() {
    if (type != DataType.FLOAT32) {
      throw new IllegalStateException("a " + type.label() + " tensor has no float values");
    }
    return (float[]) data;
  }

  public int[] ints() {
    if (type != DataType.INT32) {
      throw new IllegalStateException("a " + type.label() + " tensor has no int32 values");
    }
    return (int[]) data;
  }

  public byte[] bytes() {
    if (type != DataType.INT8) {
      throw new IllegalStateException("a " + type.label() + " tensor has no int8 values");
    }
    return (byte[]) data;
  }

  public Quantization quantization() {
    return quantization;
  }

  /** The values as floats, dequantizing int8 and widening int32. */
  public float[] toFloats() {
    return switch (type) {
      case FLOAT32 -> ((float[]) data).clone();
      case INT32 -> {
        int[] v = (int[]) data;
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          f[i] = v[i];
        }
        yield f;
      }
      case INT8 -> {
        byte[] v = (byte[]) data;
        float[] f = new float[v.length];
        float s = quantization.scale();
        int zp = quantization.zeroPoint();
        for (int i = 0; i < v.length; i++) {
          f[i] = s * (v[i] - zp);
        }
        yield f;
      }
    };
  }

  /** The index of the largest value in each batch row: the predicted class. */
  public int[] argmaxPerRow() {
    float[] v = toFloats();
    int rows = batch();
    int width = v.length / rows;
    int[] best = new int[rows];
    for (int r = 0; r < rows; r++) {
      int arg = 0;
      for (int i = 1; i < width; i++) {
        if (v[r * width + i] > v[r * width + arg]) {
          arg = i;
        }
      }
      best[r] = arg;
    }
    return best;
  }

  @Override
  public String toString() {
    return type.label() + shape;
  }
}
