package dev.blueprint.edge.tf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Small SavedModels built in a test (nothing trained): constant weights, one input, one output. */
final class SyntheticSavedModels {
  private SyntheticSavedModels() {}

  /**
   * Exports {@code body(tf, x)} as signature {@code serving_default}: input {@code x}, output
   * {@code y}.
   */
  static Path export(
      Path dir, long[] inputShape, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> body)
      throws IOException {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape)));
      Operand<TFloat32> y = body.apply(tf, x);
      // The exporter saves variables through a Saver, which needs at least one.
      tf.withName("unused").variable(tf.constant(0f));
      try (Session s = new Session(g)) {
        Signature sig =
            Signature.builder().key("serving_default").input("x", x).output("y", y).build();
        SavedModelBundle.exporter(dir.toString())
            .withFunction(SessionFunction.create(sig, s))
            .export();
      }
    }
    return dir;
  }

  /** A float constant of {@code shape} with values uniform in [-0.5, 0.5). */
  static Constant<TFloat32> random(Ops tf, Random random, long... shape) {
    Shape s = Shape.of(shape);
    float[] v = new float[(int) s.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    try (TFloat32 t = TFloat32.tensorOf(s, DataBuffers.of(v, true, false))) {
      return tf.constantOf(t);
    }
  }
}
