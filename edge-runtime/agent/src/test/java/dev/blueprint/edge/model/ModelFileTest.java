package dev.blueprint.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.TestGraphs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryTensorNodeAndAttribute() {
    Graph g = TestGraphs.cnn(1);
    Path file = dir.resolve("m.bpm");
    ModelFile.write(g, file);
    Graph back = ModelFile.read(file);
    assertThat(back.name()).isEqualTo(g.name());
    assertThat(back.tensors()).hasSameSizeAs(g.tensors());
    for (int i = 0; i < g.tensors().size(); i++) {
      assertThat(back.tensor(i).toString()).isEqualTo(g.tensor(i).toString());
      if (g.tensor(i).isConstant()) {
        assertThat(back.tensor(i).floats()).containsExactly(g.tensor(i).floats());
      }
    }
    for (int i = 0; i < g.nodes().size(); i++) {
      assertThat(back.nodes().get(i).attributes()).isEqualTo(g.nodes().get(i).attributes());
      assertThat(back.nodes().get(i).op()).isEqualTo(g.nodes().get(i).op());
    }
    assertThat(ModelFile.toBytes(back)).isEqualTo(ModelFile.toBytes(g));
  }

  @Test
  void truncatedFileIsRefusedWithTheSizes() throws Exception {
    byte[] bytes = ModelFile.toBytes(TestGraphs.cnn(1));
    Path file = dir.resolve("cut.bpm");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> ModelFile.read(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("cut.bpm")
        .hasMessageContaining("truncated")
        .hasMessageContaining(Integer.toString(bytes.length));
  }

  @Test
  void oneFlippedBitIsCaughtByTheChecksum() throws Exception {
    byte[] bytes = ModelFile.toBytes(TestGraphs.cnn(1));
    bytes[bytes.length / 2] ^= 0x10;
    Path file = dir.resolve("bad.bpm");
    Files.write(file, bytes);
    assertThatThrownBy(() -> ModelFile.read(file))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("corrupted")
        .hasMessageContaining("SHA-256");
  }

  @Test
  void newerFormatVersionIsRefusedNamingBothVersions() {
    byte[] bytes = ModelFile.toBytes(TestGraphs.cnn(1));
    bytes[9] = 7;
    assertThatThrownBy(() -> ModelFile.fromBytes(bytes, "new.bpm"))
        .hasMessageContaining("new.bpm: format version 7 is newer than this runtime reads (1)");
  }

  @Test
  void otherFilesAreNotModels() {
    byte[] text = "name: resnet-50\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelFile.fromBytes(text, "x.yaml"))
        .hasMessageContaining("not a Blueprint model file");
    assertThatThrownBy(() -> ModelFile.fromBytes(new byte[3], "empty"))
        .hasMessageContaining("bad magic");
  }

  @Test
  void unknownOpIsNamedWithTheNodeAndTheKnownOps() {
    GraphBuilder b = new GraphBuilder("tiny");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(4));
    b.output(b.node("act", OpType.RELU6, Attributes.NONE, x));
    byte[] forged = ModelFile.reseal(replace(ModelFile.toBytes(b.build()), "relu6", "gelu6"));
    assertThatThrownBy(() -> ModelFile.fromBytes(forged, "m.bpm"))
        .hasMessageContaining("node 'act': unknown op 'gelu6'")
        .hasMessageContaining("this runtime knows: dense, conv2d");
  }

  @Test
  void structurallyWrongGraphIsRefusedNamingTheNode() {
    byte[] bytes = ModelFile.toBytes(TestGraphs.cnn(1));
    // The dense layer's weight claims 81 inputs instead of 80.
    Graph g = TestGraphs.cnn(1);
    int fc = g.tensorId("fc/w");
    assertThat(g.tensor(fc).shape()).isEqualTo(TensorShape.of(5, 80));
    assertThatThrownBy(
            () ->
                new Graph(
                    g.name(),
                    g.metadata(),
                    replaceTensor(
                        g, fc, TensorSpec.constant("fc/w", TensorShape.of(5, 81), new float[405])),
                    g.nodes(),
                    g.inputs(),
                    g.outputs()))
        .hasMessageContaining("node 'fc' (dense)")
        .hasMessageContaining("does not match weight [5, 81]");
    assertThat(bytes).isNotEmpty();
  }

  @Test
  void writeReplacesAtomically() throws Exception {
    Path file = dir.resolve("m.bpm");
    ModelFile.write(TestGraphs.cnn(1), file);
    ModelFile.write(TestGraphs.cnn(2), file);
    assertThat(ModelFile.read(file).tensor(1).floats())
        .containsExactly(TestGraphs.cnn(2).tensor(1).floats());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static List<TensorSpec> replaceTensor(Graph g, int id, TensorSpec t) {
    List<TensorSpec> list = new ArrayList<>(g.tensors());
    list.set(id, t);
    return list;
  }

  private static byte[] replace(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    byte[] t = to.getBytes(StandardCharsets.UTF_8);
    byte[] out = bytes.clone();
    outer:
    for (int i = 0; i + f.length <= out.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (out[i + j] != f[j]) {
          continue outer;
        }
      }
      System.arraycopy(t, 0, out, i, t.length);
      return out;
    }
    throw new AssertionError(from + " not found");
  }
}
