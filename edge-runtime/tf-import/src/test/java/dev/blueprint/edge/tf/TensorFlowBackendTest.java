package dev.blueprint.edge.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.Backends;
import dev.blueprint.edge.runtime.InvalidModelInputException;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TensorFlowBackendTest {
  static final Path FOLDER = Path.of("../../models/edge/fashion-cnn");

  static LoadedModel fashion(Optional<Path> savedModel) {
    Graph g = ModelFile.read(FOLDER.resolve("fashion-cnn.bpm"));
    return new LoadedModel("fashion-cnn", g, Optional.empty(), savedModel);
  }

  static LabeledData images() {
    return FashionMnist.read(
        FOLDER.resolve("heldout-images-idx3-ubyte.gz"),
        FOLDER.resolve("heldout-labels-idx1-ubyte.gz"));
  }

  @Test
  void isFoundThroughTheServiceLoaderAndRunsHere() {
    Optional<Backend> b = Backends.named("tensorflow-float");
    assertThat(b).isPresent();
    assertThat(b.get().unavailableReason()).isEmpty();
  }

  @Test
  void saysWhyItCannotRunAModelWithoutASavedModel() {
    TensorFlowBackend tf = new TensorFlowBackend();
    assertThat(tf.cannotRun(fashion(Optional.empty())))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("fashion-cnn has no TensorFlow SavedModel"));
    assertThat(tf.cannotRun(fashion(Optional.of(FOLDER))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("is not a SavedModel folder"));
    assertThat(tf.cannotRun(fashion(Optional.of(FOLDER.resolve("saved_model"))))).isEmpty();
    assertThatThrownBy(() -> tf.open(fashion(Optional.empty())))
        .hasMessageContaining("no TensorFlow SavedModel");
  }

  @Test
  void checksInputsLikeEveryBackEndAndHandsOutFreshOutputs() {
    try (TensorFlowSession s =
        new TensorFlowBackend().open(fashion(Optional.of(FOLDER.resolve("saved_model"))))) {
      assertThatThrownBy(() -> s.run(Tensor.of(TensorShape.of(2, 28, 28), new float[2 * 784])))
          .isInstanceOf(InvalidModelInputException.class)
          .hasMessageContaining("input 'image' must have shape [batch, 28, 28, 1]");
      float[] nan = new float[784];
      nan[5] = Float.NaN;
      assertThatThrownBy(() -> s.run(Tensor.of(TensorShape.of(1, 28, 28, 1), nan)))
          .isInstanceOf(InvalidModelInputException.class)
          .hasMessageContaining("NaN at index 5");
      assertThatThrownBy(() -> s.run(List.of())).isInstanceOf(InvalidModelInputException.class);

      List<Tensor> batch = images().batch(0, 8);
      float[] before = batch.get(0).floats().clone();
      Tensor first = s.run(batch).get(0);
      Tensor second = s.run(batch).get(0);
      assertThat(first.shape()).isEqualTo(TensorShape.of(8, 10));
      assertThat(first.floats()).isNotSameAs(second.floats()).containsExactly(second.floats());
      first.floats()[0] = 42;
      assertThat(s.run(batch).get(0).floats()[0]).isEqualTo(second.floats()[0]);
      assertThat(batch.get(0).floats()).containsExactly(before);
      assertThat(first.argmaxPerRow()).hasSize(8);
    }
  }

  @Test
  void closeReleasesTheSessionAndRunAfterwardsFails() {
    TensorFlowSession s =
        new TensorFlowBackend().open(fashion(Optional.of(FOLDER.resolve("saved_model"))));
    s.close();
    s.close();
    assertThatThrownBy(() -> s.run(images().batch(0, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void theShippedModelsReachTheirRecordedAccuracyOnTheShippedSubset() {
    // model.yaml records the subset's float accuracy; TensorFlow on the same 1,000 images must
    // agree.
    try (TensorFlowSession s =
        new TensorFlowBackend().open(fashion(Optional.of(FOLDER.resolve("saved_model"))))) {
      assertThat(ExamplePackager.accuracy(s, images(), 500)).isGreaterThan(0.89);
    }
  }
}
