package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.simulator.io.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataFolderTest {
  static final List<String> CLASSES = List.of("cat", "dog", "bird");
  @TempDir Path dir;

  @Test
  void csvFilesReadInNameOrderWithLabelsByNameOrIndex() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "x,y,label\n1,2,cat\n3,?,2\n");
    Files.writeString(dir.resolve("b.csv"), "label,x,y\nDOG,5,6\n");
    LabeledData d = LocalDataFolder.read(dir, TensorShape.of(2), CLASSES);
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.labels()).containsExactly(0, 2, 1);
    assertThat(d.features(0, 3)).containsExactly(1, 2, 3, 0, 5, 6);
  }

  @Test
  void badCsvIsRefusedWithFileLineAndColumnAndNothingIsRead() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "x,y,label\n1,2,cat\n1,oops,cat\n1,2,fish\n");
    assertThatThrownBy(() -> LocalDataFolder.read(dir, TensorShape.of(2), CLASSES))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.csv:3")
        .hasMessageContaining("'oops' is not a number")
        .hasMessageContaining("a.csv:4")
        .hasMessageContaining("'fish' is neither a class");
    Files.writeString(dir.resolve("a.csv"), "x,y,z,label\n1,2,3,cat\n");
    assertThatThrownBy(() -> LocalDataFolder.read(dir, TensorShape.of(2), CLASSES))
        .hasMessageContaining("3 feature columns; the model reads 2");
    Files.writeString(dir.resolve("a.csv"), "x,y\n1,2\n");
    assertThatThrownBy(() -> LocalDataFolder.read(dir, TensorShape.of(2), CLASSES))
        .hasMessageContaining("'label' column");
  }

  @Test
  void anIdxPairReadsAsImages() throws Exception {
    Path shipped = Path.of("../../models/edge/fashion-cnn");
    LabeledData held =
        FashionMnist.read(
            shipped.resolve("heldout-images-idx3-ubyte.gz"),
            shipped.resolve("heldout-labels-idx1-ubyte.gz"));
    FashionMnist.write(
        held,
        0,
        20,
        dir.resolve("my-images-idx3-ubyte.gz"),
        dir.resolve("my-labels-idx1-ubyte.gz"));
    LabeledData d = LocalDataFolder.read(dir, FashionMnist.SAMPLE_SHAPE, FashionMnist.CLASSES);
    assertThat(d.size()).isEqualTo(20);
    assertThat(d.labels()).containsExactly(held.labels(0, 20));
    assertThatThrownBy(() -> LocalDataFolder.read(dir, TensorShape.of(43), FashionMnist.CLASSES))
        .hasMessageContaining("for a model that reads [43]");
  }

  @Test
  void anEmptyOrMissingFolderSaysWhatItExpected() {
    assertThatThrownBy(() -> LocalDataFolder.read(dir, TensorShape.of(2), CLASSES))
        .hasMessageContaining("expected *.csv files");
    assertThatThrownBy(() -> LocalDataFolder.read(dir.resolve("nope"), TensorShape.of(2), CLASSES))
        .hasMessageContaining("does not exist");
  }
}
