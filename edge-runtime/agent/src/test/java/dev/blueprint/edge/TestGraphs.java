package dev.blueprint.edge;

import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/** Small graphs with seeded random weights that exercise every op. */
public final class TestGraphs {
  private TestGraphs() {}

  /** A 12×12×3 image through every image op to 5 class probabilities. */
  public static Graph cnn(long seed) {
    Random r = new Random(seed);
    GraphBuilder b = new GraphBuilder("test-cnn");
    int x = b.input("image", DataType.FLOAT32, TensorShape.of(12, 12, 3));
    int c1 =
        b.node(
            "conv1",
            OpType.CONV2D,
            Attributes.builder()
                .ints("strides", 1, 1)
                .put("padding", "same")
                .put("activation", "relu")
                .build(),
            x,
            weights(b, "conv1/w", r, 8, 3, 3, 3),
            bias(b, "conv1/b", r, 8));
    int dw =
        b.node(
            "dw",
            OpType.DEPTHWISE_CONV2D,
            Attributes.builder()
                .ints("strides", 2, 2)
                .put("padding", "same")
                .put("activation", "relu6")
                .build(),
            c1,
            weights(b, "dw/w", r, 3, 3, 8),
            bias(b, "dw/b", r, 8));
    int pw =
        b.node(
            "pw",
            OpType.CONV2D,
            Attributes.builder().put("padding", "valid").build(),
            dw,
            weights(b, "pw/w", r, 8, 1, 1, 8),
            bias(b, "pw/b", r, 8));
    int sum =
        b.node(
            "residual", OpType.ADD, Attributes.builder().put("activation", "relu").build(), pw, dw);
    int scaled =
        b.node(
            "scale",
            OpType.MUL,
            Attributes.NONE,
            sum,
            b.constant("scale/c", TensorShape.of(8), values(r, 8, 0.5f, 1.5f)));
    int mp =
        b.node(
            "maxpool",
            OpType.MAX_POOL,
            Attributes.builder()
                .ints("kernel", 2, 2)
                .ints("strides", 2, 2)
                .put("padding", "valid")
                .build(),
            scaled);
    int ap =
        b.node(
            "avgpool",
            OpType.AVG_POOL,
            Attributes.builder()
                .ints("kernel", 3, 3)
                .ints("strides", 1, 1)
                .put("padding", "same")
                .build(),
            mp);
    int relu = b.node("relu", OpType.RELU6, Attributes.NONE, ap);
    int gap = b.node("gap", OpType.GLOBAL_AVG_POOL, Attributes.NONE, relu);
    int flat =
        b.node("flatten", OpType.RESHAPE, Attributes.builder().ints("shape", -1).build(), relu);
    int cat =
        b.node("concat", OpType.CONCAT, Attributes.builder().put("axis", -1).build(), gap, flat);
    int fc =
        b.node(
            "fc",
            OpType.DENSE,
            Attributes.NONE,
            cat,
            weights(b, "fc/w", r, 5, 8 + 72),
            bias(b, "fc/b", r, 5));
    int sm = b.node("softmax", OpType.SOFTMAX, Attributes.NONE, fc);
    return b.output(sm).build();
  }

  /** Click prediction: dense features and two categorical id lists through embeddings. */
  public static Graph clicks(long seed) {
    Random r = new Random(seed);
    GraphBuilder b = new GraphBuilder("test-clicks");
    int dense = b.input("dense", DataType.FLOAT32, TensorShape.of(4));
    int ids = b.input("ids", DataType.INT32, TensorShape.of(3));
    int one = b.input("one", DataType.INT32, TensorShape.of(1));
    int bag =
        b.node(
            "bag",
            OpType.EMBEDDING_BAG,
            Attributes.builder().put("combiner", "mean").build(),
            ids,
            b.constant("bag/table", TensorShape.of(20, 6), values(r, 120, -1, 1)));
    int emb =
        b.node(
            "emb",
            OpType.EMBEDDING,
            Attributes.NONE,
            one,
            b.constant("emb/table", TensorShape.of(10, 6), values(r, 60, -1, 1)));
    int embFlat =
        b.node("emb/flat", OpType.RESHAPE, Attributes.builder().ints("shape", 6).build(), emb);
    int cat =
        b.node(
            "concat",
            OpType.CONCAT,
            Attributes.builder().put("axis", 0).build(),
            dense,
            bag,
            embFlat);
    int h =
        b.node(
            "hidden",
            OpType.DENSE,
            Attributes.builder().put("activation", "relu").build(),
            cat,
            weights(b, "hidden/w", r, 16, 16),
            bias(b, "hidden/b", r, 16));
    int out =
        b.node(
            "logits",
            OpType.DENSE,
            Attributes.NONE,
            h,
            weights(b, "out/w", r, 2, 16),
            bias(b, "out/b", r, 2));
    return b.output(b.node("probs", OpType.SOFTMAX, Attributes.NONE, out)).build();
  }

  public static List<Tensor> images(long seed, int batch) {
    Random r = new Random(seed);
    return List.of(Tensor.of(TensorShape.of(batch, 12, 12, 3), values(r, batch * 432, 0, 1)));
  }

  public static List<Tensor> clickInputs(long seed, int batch) {
    Random r = new Random(seed);
    int[] ids = new int[batch * 3];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % 3 == 2 && r.nextBoolean() ? -1 : r.nextInt(20);
    }
    int[] one = new int[batch];
    for (int i = 0; i < batch; i++) {
      one[i] = r.nextInt(10);
    }
    return List.of(
        Tensor.of(TensorShape.of(batch, 4), values(r, batch * 4, -2, 2)),
        Tensor.of(TensorShape.of(batch, 3), ids),
        Tensor.of(TensorShape.of(batch, 1), one));
  }

  public static List<List<Tensor>> batches(LongFunction<List<Tensor>> make, int count) {
    List<List<Tensor>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(make.apply(1000 + i));
    }
    return out;
  }

  static int weights(GraphBuilder b, String name, Random r, int... dims) {
    TensorShape s = TensorShape.of(dims);
    int fanIn = s.size() / dims[0];
    float limit = (float) Math.sqrt(6.0 / fanIn);
    return b.constant(name, s, values(r, s.size(), -limit, limit));
  }

  static int bias(GraphBuilder b, String name, Random r, int n) {
    return b.constant(name, TensorShape.of(n), values(r, n, -0.1f, 0.1f));
  }

  public static float[] values(Random r, int n, float lo, float hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * r.nextFloat();
    }
    return v;
  }
}
