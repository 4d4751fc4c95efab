package dev.blueprint.edge.tf;

import static dev.blueprint.edge.tf.SyntheticSavedModels.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.Node;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.AvgPool;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/** The importer against TensorFlow itself: the Java float graph must give TensorFlow's numbers. */
class SavedModelImporterTest {
  static final Path MODELS = Path.of("../../models/edge");
  static final double TOLERANCE = 1e-4;

  @TempDir Path dir;

  /** The largest |Java − TensorFlow| over every output of {@code data} run through both. */
  static double maxAbsDifference(Graph g, Path savedModel, LabeledData data, int batch) {
    double max = 0;
    try (TensorFlowSession tf =
        new TensorFlowBackend()
            .open(new LoadedModel(g.name(), g, Optional.empty(), Optional.of(savedModel)))) {
      Interpreter java = new Interpreter(g);
      for (int from = 0; from < data.size(); from += batch) {
        List<Tensor> in = data.batch(from, Math.min(data.size(), from + batch));
        float[] expected = tf.run(in).get(0).floats();
        float[] actual = java.run(in).get(0).floats();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
          max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
      }
    }
    return max;
  }

  @Test
  void theShippedFashionCnnImportsAndMatchesTensorFlowOnRealImages() {
    Path sm = MODELS.resolve("fashion-cnn/saved_model");
    Graph g =
        SavedModelImporter.importModel(
            sm, SavedModelImporter.Options.defaults().withName("fashion-cnn"));
    assertThat(g.nodes())
        .extracting(Node::op)
        .containsExactly(
            OpType.CONV2D,
            OpType.MAX_POOL,
            OpType.CONV2D,
            OpType.MAX_POOL,
            OpType.RESHAPE,
            OpType.DENSE,
            OpType.DENSE,
            OpType.SOFTMAX);
    assertThat(g.nodes().get(0).attributes().getString("activation", "")).isEqualTo("relu");
    assertThat(g.input(0).name()).isEqualTo("image");
    assertThat(g.input(0).shape()).isEqualTo(TensorShape.of(28, 28, 1));
    assertThat(g.output(0).name()).isEqualTo("probabilities");
    assertThat(g.tensor(g.tensorId("conv1/kernel")).shape()).isEqualTo(TensorShape.of(16, 3, 3, 1));
    assertThat(g.tensor(g.tensorId("dense1/kernel")).shape()).isEqualTo(TensorShape.of(64, 1568));
    assertThat(g.metadata())
        .containsEntry("source", "tensorflow-savedmodel")
        .containsEntry("savedmodel.dir", "saved_model")
        .containsEntry("savedmodel.sha256", SavedModelImporter.checksum(sm))
        .containsEntry("labels", String.join(",", FashionMnist.CLASSES))
        .containsKey("tensorflow.version");
    LabeledData images =
        FashionMnist.read(
                MODELS.resolve("fashion-cnn/heldout-images-idx3-ubyte.gz"),
                MODELS.resolve("fashion-cnn/heldout-labels-idx1-ubyte.gz"))
            .slice(0, 300);
    assertThat(maxAbsDifference(g, sm, images, 100)).isLessThan(TOLERANCE);
  }

  @Test
  void theShippedWisdmMlpImportsWithItsStandardisationAndMatchesTensorFlow() {
    Path sm = MODELS.resolve("wisdm-mlp/saved_model");
    Graph g = SavedModelImporter.importModel(sm);
    assertThat(g.name()).isEqualTo("wisdm-mlp");
    assertThat(g.nodes())
        .extracting(Node::op)
        .containsExactly(
            OpType.ADD, OpType.MUL, OpType.DENSE, OpType.DENSE, OpType.DENSE, OpType.SOFTMAX);
    assertThat(g.tensor(g.nodes().get(0).input(1)).shape()).isEqualTo(TensorShape.of(43));
    assertThat(g.tensor(g.nodes().get(1).input(1)).shape()).isEqualTo(TensorShape.of(43));
    LabeledData rows =
        Wisdm.read(MODELS.resolve("wisdm-mlp/heldout-users.csv")).data().slice(0, 300);
    assertThat(maxAbsDifference(g, sm, rows, 100)).isLessThan(TOLERANCE);
  }

  @Test
  void theCommittedFloatModelsAreExactlyWhatTheImporterMakesOfTheCommittedSavedModels() {
    for (String name : List.of("fashion-cnn", "wisdm-mlp")) {
      Path folder = MODELS.resolve(name);
      Graph fresh = SavedModelImporter.importModel(folder.resolve("saved_model"));
      Graph committed = ModelFile.read(folder.resolve(name + ".bpm"));
      assertThat(committed.metadata())
          .as(name)
          .containsEntry(
              "savedmodel.sha256", SavedModelImporter.checksum(folder.resolve("saved_model")));
      assertThat(ModelFile.toBytes(fresh)).as(name).isEqualTo(ModelFile.toBytes(committed));
    }
  }

  @Test
  void everyMappedOpGivesTensorFlowsNumbers() throws IOException {
    Random r = new Random(7);
    Path sm =
        SyntheticSavedModels.export(
            dir.resolve("all-ops"),
            new long[] {-1, 9, 9, 3},
            (tf, x) -> {
              List<Long> s1 = List.of(1L, 1L, 1L, 1L);
              List<Long> s2 = List.of(1L, 2L, 2L, 1L);
              Operand<TFloat32> a =
                  tf.nn.relu(
                      tf.nn.biasAdd(
                          tf.nn.depthwiseConv2dNative(x, random(tf, r, 3, 3, 3, 2), s1, "SAME"),
                          random(tf, r, 6)));
              AvgPool<TFloat32> pooledA = tf.nn.avgPool(a, List.of(1L, 3L, 3L, 1L), s2, "SAME");
              Operand<TFloat32> b =
                  tf.nn.relu6(
                      tf.nn.biasAdd(
                          tf.nn.conv2d(x, random(tf, r, 3, 3, 3, 4), s2, "SAME"),
                          random(tf, r, 4)));
              Operand<TFloat32> both = tf.concat(List.of(pooledA, b), tf.constant(3));
              Operand<TFloat32> m =
                  tf.nn.maxPool(both, tf.array(1, 2, 2, 1), tf.array(1, 1, 1, 1), "VALID");
              m = tf.math.add(tf.math.mul(m, random(tf, r, 10)), random(tf, r, 10));
              Mean<TFloat32> avg = tf.math.mean(m, tf.constant(new int[] {1, 2}));
              Operand<TFloat32> flat = tf.reshape(m, tf.array(-1, 160));
              MatMul<TFloat32> dense =
                  tf.linalg.matMul(flat, random(tf, r, 5, 160), MatMul.transposeB(true));
              Operand<TFloat32> d = tf.nn.relu(tf.math.add(dense, random(tf, r, 5)));
              Operand<TFloat32> h = tf.concat(List.of(avg, d), tf.constant(-1));
              h = tf.math.realDiv(tf.math.sub(h, tf.constant(0.25f)), tf.constant(2f));
              h = tf.math.add(h, tf.math.mul(h, tf.constant(0.5f)));
              Operand<TFloat32> logits =
                  tf.nn.biasAdd(tf.linalg.matMul(h, random(tf, r, 15, 4)), random(tf, r, 4));
              return tf.identity(tf.nn.softmax(logits));
            });
    Graph g = SavedModelImporter.importModel(sm);
    assertThat(g.nodes())
        .extracting(n -> n.op().label())
        .containsExactly(
            "depthwise_conv2d",
            "avg_pool",
            "conv2d",
            "concat",
            "max_pool",
            "mul",
            "add",
            "global_avg_pool",
            "reshape",
            "dense",
            "concat",
            "add",
            "mul",
            "mul",
            "add",
            "dense",
            "softmax");
    assertThat(g.nodes().get(0).attributes().getString("activation", "")).isEqualTo("relu");
    assertThat(g.nodes().get(2).attributes().getString("activation", "")).isEqualTo("relu6");
    assertThat(g.nodes().get(9).attributes().getString("activation", "")).isEqualTo("relu");
    assertThat(g.output(0).name()).isEqualTo("y");
    float[] x = new float[4 * 9 * 9 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    LabeledData data = new LabeledData(TensorShape.of(9, 9, 3), x, new int[4], List.of("any"));
    assertThat(maxAbsDifference(g, sm, data, 4)).isLessThan(TOLERANCE);
  }

  @Test
  void anUnsupportedOpIsNamedWithItsNode() throws IOException {
    Path sm =
        SyntheticSavedModels.export(
            dir.resolve("sin"),
            new long[] {-1, 4},
            (tf, x) -> tf.nn.softmax(tf.withName("wobble").math.sin(x)));
    assertThatThrownBy(() -> SavedModelImporter.importModel(sm))
        .isInstanceOfSatisfying(
            UnsupportedTensorFlowOpException.class,
            e -> {
              assertThat(e.opType()).isEqualTo("Sin");
              assertThat(e.nodeName()).isEqualTo("wobble");
            })
        .hasMessageContaining(
            "TensorFlow op Sin (node 'wobble') is not supported; supported ops: MatMul");
  }

  @Test
  void aSupportedOpInAFormTheGraphCannotExpressIsNamedToo() throws IOException {
    Random r = new Random(1);
    Path sm =
        SyntheticSavedModels.export(
            dir.resolve("batch-reshape"),
            new long[] {-1, 4, 4, 1},
            (tf, x) -> tf.withName("squash").reshape(tf.nn.relu(x), tf.array(1, -1)));
    assertThatThrownBy(() -> SavedModelImporter.importModel(sm))
        .isInstanceOf(UnsupportedTensorFlowOpException.class)
        .hasMessageContaining(
            "TensorFlow op Reshape (node 'squash') reshapes to [1, -1]; the batch must stay first");
    Path dilated =
        SyntheticSavedModels.export(
            dir.resolve("dilated"),
            new long[] {-1, 8, 8, 1},
            (tf, x) ->
                tf.withName("wide")
                    .nn
                    .conv2d(
                        x,
                        random(tf, r, 3, 3, 1, 2),
                        List.of(1L, 1L, 1L, 1L),
                        "VALID",
                        Conv2d.dilations(List.of(1L, 2L, 2L, 1L))));
    assertThatThrownBy(() -> SavedModelImporter.importModel(dilated))
        .hasMessageContaining(
            "TensorFlow op Conv2D (node 'wide') has dilations [2, 2]; only 1 imports");
  }

  @Test
  void aFolderThatIsNoSavedModelSaysSo() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> SavedModelImporter.importModel(dir.resolve("empty")))
        .hasMessageContaining("empty: not a SavedModel folder (it has no saved_model.pb)");
    assertThatThrownBy(() -> SavedModelImporter.importModel(dir.resolve("missing")))
        .hasMessageContaining("missing: no such folder");
  }

  @Test
  void labelsMustMatchTheOutputWidth() {
    assertThatThrownBy(
            () ->
                SavedModelImporter.importModel(
                    MODELS.resolve("wisdm-mlp/saved_model"),
                    SavedModelImporter.Options.defaults().withLabels(List.of("a", "b"))))
        .hasMessageContaining("2 labels for an output of 6 classes");
  }
}
