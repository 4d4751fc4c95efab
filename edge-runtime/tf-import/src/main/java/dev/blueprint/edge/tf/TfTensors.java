package dev.blueprint.edge.tf;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Moving values between Java arrays and TensorFlow tensors, and the session settings we use. */
final class TfTensors {
  private TfTensors() {}

  /** A float tensor of {@code shape} holding a copy of {@code values} (row-major). */
  static TFloat32 of(float[] values, long... shape) {
    Shape s = Shape.of(shape);
    if (s.size() != values.length) {
      throw new IllegalArgumentException(values.length + " values for TensorFlow shape " + s);
    }
    return TFloat32.tensorOf(s, DataBuffers.of(values, true, false));
  }

  /** The values of a float tensor, row-major, in a fresh array. */
  static float[] floats(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /**
   * The values of an int32 or int64 tensor as ints; other types are an error naming {@code what}.
   */
  static int[] ints(Tensor t, String what) {
    int n = Math.toIntExact(t.shape().size());
    int[] out = new int[n];
    if (t instanceof TInt32 i32) {
      i32.copyTo(DataBuffers.of(out, false, false));
    } else if (t instanceof TInt64 i64) {
      long[] wide = new long[n];
      i64.copyTo(DataBuffers.of(wide, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = Math.toIntExact(wide[i]);
      }
    } else {
      throw new IllegalArgumentException(what + " must be int32 or int64, is " + t.dataType());
    }
    return out;
  }

  /**
   * A fixed thread count: TensorFlow's CPU kernels split their sums by thread count, so a training
   * run's result would otherwise depend on how many cores the machine has.
   */
  static ConfigProto config() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(2)
        .setInterOpParallelismThreads(1)
        .build();
  }
}
