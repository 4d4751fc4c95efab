package dev.blueprint.edge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledDataTest {
  private static LabeledData fourSamples() {
    float[] f = new float[4 * 6];
    for (int i = 0; i < f.length; i++) {
      f[i] = i;
    }
    return new LabeledData(TensorShape.of(2, 3), f, new int[] {0, 1, 1, 2}, List.of("a", "b", "c"));
  }

  @Test
  void aBatchPutsTheBatchFirstAndCopiesTheRows() {
    LabeledData d = fourSamples();
    List<Tensor> batch = d.batch(1, 3);
    assertThat(batch).hasSize(1);
    assertThat(batch.get(0).shape()).isEqualTo(TensorShape.of(2, 2, 3));
    assertThat(batch.get(0).floats()).containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
    assertThat(d.labels(1, 3)).containsExactly(1, 1);
    batch.get(0).floats()[0] = -1;
    assertThat(d.features(1, 2)[0]).isEqualTo(6);
  }

  @Test
  void batchesCoverEverySampleOnce() {
    List<List<Tensor>> batches = fourSamples().batches(3);
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).get(0).batch()).isEqualTo(3);
    assertThat(batches.get(1).get(0).batch()).isEqualTo(1);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] f = new float[6];
    int[] l = {2};
    LabeledData d = new LabeledData(TensorShape.of(6), f, l, List.of("a", "b", "c"));
    f[0] = 9;
    l[0] = 0;
    d.labels()[0] = 1;
    assertThat(d.features(0, 1)[0]).isZero();
    assertThat(d.label(0)).isEqualTo(2);
  }

  @Test
  void badShapesAndLabelsAreRejectedWithTheNumbers() {
    assertThatThrownBy(
            () -> new LabeledData(TensorShape.of(3), new float[7], new int[] {0, 0}, List.of("a")))
        .hasMessageContaining("7 feature values do not make 2 samples of shape [3]");
    assertThatThrownBy(
            () ->
                new LabeledData(
                    TensorShape.of(1), new float[2], new int[] {0, 3}, List.of("a", "b")))
        .hasMessageContaining("label 3 of sample 1 is outside 0..1");
    assertThatThrownBy(() -> fourSamples().batch(3, 5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("[3, 5) of 4");
  }

  @Test
  void selectSliceAndStatistics() {
    LabeledData d = fourSamples();
    LabeledData picked = d.select(new int[] {3, 0});
    assertThat(picked.labels()).containsExactly(2, 0);
    assertThat(picked.features(0, 1)).containsExactly(18, 19, 20, 21, 22, 23);
    assertThat(d.slice(2, 4).labels()).containsExactly(1, 2);
    assertThat(d.classCounts()).containsExactly(1, 2, 1);
    assertThat(d.featureMeans()[0]).isEqualTo(9f);
    // Values 0, 6, 12, 18: population standard deviation sqrt(45).
    assertThat(d.featureStdDevs()[0]).isCloseTo((float) Math.sqrt(45), within(1e-5f));
    assertThat(d.accuracy(new int[] {0, 0, 2, 2})).isEqualTo(0.5);
  }
}
