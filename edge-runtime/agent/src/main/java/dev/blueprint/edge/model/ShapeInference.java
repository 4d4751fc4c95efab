package dev.blueprint.edge.model;

import java.util.Arrays;
import java.util.List;

/**
 * The output shape of each op from its inputs and attributes, with the checks that make a graph
 * executable: arity, ranks, matching channels, element types. Shapes leave the batch out.
 */
public final class ShapeInference {
  private ShapeInference() {}

  /** The output shape of {@code node}; an {@link IllegalArgumentException} saying what is wrong. */
  public static TensorShape outputShape(Node node, List<TensorSpec> tensors) {
    Attributes a = node.attributes();
    TensorSpec x = tensors.get(node.input(0));
    TensorShape in = x.shape();
    return switch (node.op()) {
      case DENSE -> {
        arity(node, 2, 3);
        TensorShape w = tensors.get(node.input(1)).shape();
        rank(w, 2, "weight");
        if (in.rank() != 1 || in.dim(0) != w.dim(1)) {
          throw new IllegalArgumentException(
              "input " + in + " does not match weight " + w + " (expected [" + w.dim(1) + "])");
        }
        bias(node, tensors, w.dim(0));
        yield TensorShape.of(w.dim(0));
      }
      case CONV2D -> {
        arity(node, 2, 3);
        rank(in, 3, "input");
        TensorShape w = tensors.get(node.input(1)).shape();
        rank(w, 4, "weight");
        if (w.dim(3) != in.dim(2)) {
          throw new IllegalArgumentException(
              "weight "
                  + w
                  + " expects "
                  + w.dim(3)
                  + " input channels, input "
                  + in
                  + " has "
                  + in.dim(2));
        }
        bias(node, tensors, w.dim(0));
        int[] s = strides(a);
        String pad = a.getString("padding", "valid");
        yield TensorShape.of(
            Padding.of(pad, in.dim(0), w.dim(1), s[0]).outputSize(),
            Padding.of(pad, in.dim(1), w.dim(2), s[1]).outputSize(),
            w.dim(0));
      }
      case DEPTHWISE_CONV2D -> {
        arity(node, 2, 3);
        rank(in, 3, "input");
        TensorShape w = tensors.get(node.input(1)).shape();
        rank(w, 3, "weight");
        if (w.dim(2) % in.dim(2) != 0) {
          throw new IllegalArgumentException(
              "weight " + w + " channels are not a multiple of the input's " + in.dim(2));
        }
        bias(node, tensors, w.dim(2));
        int[] s = strides(a);
        String pad = a.getString("padding", "valid");
        yield TensorShape.of(
            Padding.of(pad, in.dim(0), w.dim(0), s[0]).outputSize(),
            Padding.of(pad, in.dim(1), w.dim(1), s[1]).outputSize(),
            w.dim(2));
      }
      case ADD, MUL -> {
        arity(node, 2, 2);
        TensorShape other = tensors.get(node.input(1)).shape();
        if (!in.equals(other) && !broadcastsOver(other, in, tensors.get(node.input(1)))) {
          throw new IllegalArgumentException(
              "shapes "
                  + in
                  + " and "
                  + other
                  + " differ (the second may also be a constant of the last dimension)");
        }
        yield in;
      }
      case RELU, RELU6, SOFTMAX, QUANTIZE, DEQUANTIZE -> {
        arity(node, 1, 1);
        yield in;
      }
      case MAX_POOL, AVG_POOL -> {
        arity(node, 1, 1);
        rank(in, 3, "input");
        int[] k = a.getInts("kernel");
        int[] s = strides(a);
        if (k.length != 2) {
          throw new IllegalArgumentException("kernel must have 2 values, got " + k.length);
        }
        String pad = a.getString("padding", "valid");
        yield TensorShape.of(
            Padding.of(pad, in.dim(0), k[0], s[0]).outputSize(),
            Padding.of(pad, in.dim(1), k[1], s[1]).outputSize(),
            in.dim(2));
      }
      case GLOBAL_AVG_POOL -> {
        arity(node, 1, 1);
        rank(in, 3, "input");
        yield TensorShape.of(in.dim(2));
      }
      case RESHAPE -> {
        arity(node, 1, 1);
        yield reshape(in, a.getInts("shape"));
      }
      case CONCAT -> {
        if (node.inputCount() < 1) {
          throw new IllegalArgumentException("concat needs at least one input");
        }
        int axis = a.getInt("axis", -1);
        int r = in.rank();
        int ax = axis < 0 ? r + axis : axis;
        if (ax < 0 || ax >= r) {
          throw new IllegalArgumentException("axis " + axis + " is outside rank " + r);
        }
        int[] dims = in.dims();
        dims[ax] = 0;
        for (int i = 0; i < node.inputCount(); i++) {
          TensorShape s = tensors.get(node.input(i)).shape();
          if (s.rank() != r) {
            throw new IllegalArgumentException(
                "input " + i + " has rank " + s.rank() + ", expected " + r);
          }
          for (int d = 0; d < r; d++) {
            if (d != ax && s.dim(d) != in.dim(d)) {
              throw new IllegalArgumentException(
                  "input " + i + " " + s + " does not match " + in + " off the axis");
            }
          }
          dims[ax] += s.dim(ax);
        }
        yield TensorShape.of(dims);
      }
      case EMBEDDING, EMBEDDING_BAG -> {
        arity(node, 2, 2);
        if (x.type() != DataType.INT32) {
          throw new IllegalArgumentException("ids must be int32, got " + x.type().label());
        }
        rank(in, 1, "ids");
        TensorShape table = tensors.get(node.input(1)).shape();
        rank(table, 2, "table");
        if (node.op() == OpType.EMBEDDING_BAG) {
          String combiner = a.getString("combiner", "mean");
          if (!combiner.equals("mean") && !combiner.equals("sum")) {
            throw new IllegalArgumentException(
                "combiner must be 'mean' or 'sum', got '" + combiner + "'");
          }
          yield TensorShape.of(table.dim(1));
        }
        yield TensorShape.of(in.dim(0), table.dim(1));
      }
    };
  }

  /** A constant whose shape is the trailing dimensions of {@code full}, or a scalar. */
  private static boolean broadcastsOver(TensorShape small, TensorShape full, TensorSpec spec) {
    if (!spec.isConstant()) {
      return false;
    }
    if (small.size() == 1) {
      return true;
    }
    return small.rank() == 1 && small.dim(0) == full.dim(-1);
  }

  static TensorShape reshape(TensorShape in, int[] target) {
    int known = 1;
    int free = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (free >= 0) {
          throw new IllegalArgumentException(
              "reshape allows one -1, got " + Arrays.toString(target));
        }
        free = i;
      } else if (target[i] <= 0) {
        throw new IllegalArgumentException("reshape dimensions must be positive or -1");
      } else {
        known *= target[i];
      }
    }
    int[] dims = target.clone();
    if (free >= 0) {
      if (in.size() % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape " + in + " to " + Arrays.toString(target));
      }
      dims[free] = in.size() / known;
    }
    TensorShape out = TensorShape.of(dims);
    if (out.size() != in.size()) {
      throw new IllegalArgumentException(
          "cannot reshape " + in + " (" + in.size() + " values) to " + out);
    }
    return out;
  }

  private static int[] strides(Attributes a) {
    int[] s = a.has("strides") ? a.getInts("strides") : new int[] {1, 1};
    if (s.length != 2 || s[0] <= 0 || s[1] <= 0) {
      throw new IllegalArgumentException("strides must be two positive values");
    }
    return s;
  }

  private static void bias(Node node, List<TensorSpec> tensors, int channels) {
    if (node.inputCount() == 3) {
      TensorShape b = tensors.get(node.input(2)).shape();
      if (b.rank() != 1 || b.dim(0) != channels) {
        throw new IllegalArgumentException(
            "bias " + b + " does not match " + channels + " output channels");
      }
    }
  }

  private static void arity(Node node, int min, int max) {
    if (node.inputCount() < min || node.inputCount() > max) {
      throw new IllegalArgumentException(
          node.op().label()
              + " takes "
              + (min == max ? min : min + " to " + max)
              + " inputs, got "
              + node.inputCount());
    }
  }

  private static void rank(TensorShape shape, int rank, String what) {
    if (shape.rank() != rank) {
      throw new IllegalArgumentException(what + " must have rank " + rank + ", got " + shape);
    }
  }
}
