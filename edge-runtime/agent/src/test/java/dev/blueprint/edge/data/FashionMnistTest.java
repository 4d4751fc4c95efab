package dev.blueprint.edge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.model.TensorShape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  /** The shipped held-out subset, relative to this module. */
  static final Path SHIPPED = Path.of("../../models/edge/fashion-cnn");

  @TempDir Path dir;

  /**
   * A gzipped IDX image file of {@code count} 28×28 images whose pixel p of image i is (i·7 + p)
   * mod 256.
   */
  private static byte[] images(int magic, int count, int imageBytesWritten) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < imageBytesWritten; i++) {
        out.writeByte(((i / 784) * 7 + i % 784) % 256);
      }
    }
    return raw.toByteArray();
  }

  private static byte[] labels(int magic, int... values) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(magic);
      out.writeInt(values.length);
      for (int v : values) {
        out.writeByte(v);
      }
    }
    return raw.toByteArray();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void readsImagesAsUnitRangeFloatsWithTheirLabels() throws IOException {
    LabeledData d =
        FashionMnist.read(
            file("img.gz", images(0x803, 3, 3 * 784)), file("lab.gz", labels(0x801, 9, 0, 4)));
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.sampleShape()).isEqualTo(TensorShape.of(28, 28, 1));
    assertThat(d.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
    assertThat(d.labels()).containsExactly(9, 0, 4);
    float[] second = d.features(1, 2);
    assertThat(second[0]).isEqualTo(7 / 255f);
    assertThat(second[248]).isEqualTo(255 / 255f);
    assertThat(second[249]).isEqualTo(0f);
    for (float v : d.features(0, 3)) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void writingAndReadingBackRestoresTheOriginalPixels() throws IOException {
    LabeledData d =
        FashionMnist.read(
            file("img.gz", images(0x803, 3, 3 * 784)), file("lab.gz", labels(0x801, 1, 2, 3)));
    FashionMnist.write(d, 1, 3, dir.resolve("sub-img.gz"), dir.resolve("sub-lab.gz"));
    LabeledData back = FashionMnist.read(dir.resolve("sub-img.gz"), dir.resolve("sub-lab.gz"));
    assertThat(back.size()).isEqualTo(2);
    assertThat(back.features(0, 2)).containsExactly(d.features(1, 3));
    assertThat(back.labels()).containsExactly(2, 3);
    FashionMnist.write(d, 1, 3, dir.resolve("again-img.gz"), dir.resolve("again-lab.gz"));
    assertThat(Files.readAllBytes(dir.resolve("again-img.gz")))
        .as("the same samples give the same bytes")
        .isEqualTo(Files.readAllBytes(dir.resolve("sub-img.gz")));
  }

  @Test
  void badMagicNumberNamesTheFileAndBothNumbers() throws IOException {
    Path img = file("swapped-images.gz", images(0x801, 3, 3 * 784));
    Path lab = file("lab.gz", labels(0x801, 1, 2, 3));
    assertThatThrownBy(() -> FashionMnist.read(img, lab))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("swapped-images.gz")
        .hasMessageContaining("bad magic number 0x00000801, expected 0x00000803");
    Path badLabels = file("bad-labels.gz", labels(0x803, 1, 2, 3));
    assertThatThrownBy(
            () -> FashionMnist.read(file("img.gz", images(0x803, 3, 3 * 784)), badLabels))
        .hasMessageContaining("bad-labels.gz")
        .hasMessageContaining("expected 0x00000801");
  }

  @Test
  void fewerPixelsThanTheHeaderPromisesIsATruncatedFile() throws IOException {
    Path img = file("short-images.gz", images(0x803, 3, 2 * 784 + 100));
    assertThatThrownBy(() -> FashionMnist.read(img, file("lab.gz", labels(0x801, 1, 2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("short-images.gz")
        .hasMessageContaining("truncated")
        .hasMessageContaining("3 images (2352 bytes)")
        .hasMessageContaining("after 1668 bytes");
  }

  @Test
  void aGzipStreamCutShortIsReportedWithTheFileName() throws IOException {
    byte[] whole = images(0x803, 3, 3 * 784);
    Path img = file("cut-images.gz", Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> FashionMnist.read(img, file("lab.gz", labels(0x801, 1, 2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut-images.gz")
        .hasMessageContaining("truncated");
    Path header = file("header-only.gz", Arrays.copyOf(whole, 5));
    assertThatThrownBy(() -> FashionMnist.read(header, file("lab.gz", labels(0x801, 1, 2, 3))))
        .hasMessageContaining("header-only.gz")
        .hasMessageContaining("truncated");
  }

  @Test
  void aFileThatIsNotGzipSaysSo() throws IOException {
    Path img = file("plain.idx", new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
    assertThatThrownBy(() -> FashionMnist.read(img, file("lab.gz", labels(0x801, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain.idx: not a gzip file");
  }

  @Test
  void labelsMustMatchTheImagesInCountAndRange() throws IOException {
    Path img = file("img.gz", images(0x803, 3, 3 * 784));
    assertThatThrownBy(() -> FashionMnist.read(img, file("two.gz", labels(0x801, 1, 2))))
        .hasMessageContaining("two.gz: holds 2 labels, but")
        .hasMessageContaining("img.gz holds 3 images");
    assertThatThrownBy(() -> FashionMnist.read(img, file("range.gz", labels(0x801, 1, 12, 3))))
        .hasMessageContaining("range.gz: label 1 is 12, expected 0..9");
  }

  @Test
  void theShippedHeldOutSubsetIsTheFirstThousandTestImages() {
    LabeledData d =
        FashionMnist.read(
            SHIPPED.resolve("heldout-images-idx3-ubyte.gz"),
            SHIPPED.resolve("heldout-labels-idx1-ubyte.gz"));
    assertThat(d.size()).isEqualTo(1000);
    // The first test image of Fashion-MNIST is an ankle boot, the second a pullover.
    assertThat(d.labels(0, 2)).containsExactly(9, 2);
    assertThat(Arrays.stream(d.classCounts()).min().orElseThrow()).isGreaterThan(80);
  }
}
