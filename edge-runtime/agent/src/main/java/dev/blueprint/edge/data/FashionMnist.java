package dev.blueprint.edge.data;

import dev.blueprint.edge.model.TensorShape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; MIT licence) in its original IDX files, gzipped:
 * an {@code idx3-ubyte} file of 28×28 grey images (magic {@code 0x00000803}) and an {@code
 * idx1-ubyte} file of labels 0–9 (magic {@code 0x00000801}), both big-endian. Pixels become floats
 * in [0, 1] ({@code byte / 255}); one sample has shape {@code [28, 28, 1]} (NHWC without the
 * batch), the input the example CNN takes. Errors name the file and say what was expected.
 */
public final class FashionMnist {
  /** The class names, by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final TensorShape SAMPLE_SHAPE = TensorShape.of(ROWS, COLS, 1);

  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private FashionMnist() {}

  /** The 60,000 training images in {@code dir} (the {@code fashion-mnist/} data folder). */
  public static LabeledData train(Path dir) {
    return read(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS));
  }

  /** The 10,000 test images in {@code dir}. */
  public static LabeledData test(Path dir) {
    return read(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS));
  }

  /** Reads a gzipped image file and its label file. */
  public static LabeledData read(Path images, Path labels) {
    try (InputStream i = Files.newInputStream(images);
        InputStream l = Files.newInputStream(labels)) {
      return read(i, images.toString(), l, labels.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + images + " / " + labels + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads gzipped IDX streams (for class-path resources) and closes them; {@code imagesName} and
   * {@code labelsName} appear in error messages.
   */
  public static LabeledData read(
      InputStream images, String imagesName, InputStream labels, String labelsName) {
    float[] pixels;
    int count;
    try (DataInputStream in = open(images, imagesName)) {
      int magic = header(in, imagesName, "magic number");
      if (magic != IMAGES_MAGIC) {
        throw badMagic(imagesName, IMAGES_MAGIC, magic, "an idx3-ubyte image file");
      }
      count = header(in, imagesName, "image count");
      int rows = header(in, imagesName, "row count");
      int cols = header(in, imagesName, "column count");
      if (rows != ROWS || cols != COLS || count < 0) {
        throw new IllegalArgumentException(
            imagesName
                + ": expected "
                + ROWS
                + "×"
                + COLS
                + " images, the header says "
                + count
                + " images of "
                + rows
                + "×"
                + cols);
      }
      byte[] raw = new byte[Math.multiplyExact(count, ROWS * COLS)];
      readFully(in, raw, imagesName, count + " images (" + raw.length + " bytes)");
      pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(imagesName + ": " + e.getMessage(), e);
    }
    int[] labelValues;
    try (DataInputStream in = open(labels, labelsName)) {
      int magic = header(in, labelsName, "magic number");
      if (magic != LABELS_MAGIC) {
        throw badMagic(labelsName, LABELS_MAGIC, magic, "an idx1-ubyte label file");
      }
      int n = header(in, labelsName, "label count");
      if (n != count) {
        throw new IllegalArgumentException(
            labelsName
                + ": holds "
                + n
                + " labels, but "
                + imagesName
                + " holds "
                + count
                + " images");
      }
      byte[] raw = new byte[n];
      readFully(in, raw, labelsName, n + " labels (" + n + " bytes)");
      labelValues = new int[n];
      for (int i = 0; i < n; i++) {
        labelValues[i] = raw[i] & 0xff;
        if (labelValues[i] >= CLASSES.size()) {
          throw new IllegalArgumentException(
              labelsName
                  + ": label "
                  + i
                  + " is "
                  + labelValues[i]
                  + ", expected 0.."
                  + (CLASSES.size() - 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(labelsName + ": " + e.getMessage(), e);
    }
    return LabeledData.adopt(SAMPLE_SHAPE, pixels, labelValues, CLASSES);
  }

  /**
   * Writes samples {@code [from, to)} of {@code data} as gzipped IDX files in the original format
   * (pixels back to bytes, {@code round(v × 255)}, which restores the original bytes exactly).
   */
  public static void write(LabeledData data, int from, int to, Path images, Path labels) {
    if (!data.sampleShape().equals(SAMPLE_SHAPE)) {
      throw new IllegalArgumentException(
          "Fashion-MNIST samples are " + SAMPLE_SHAPE + ", got " + data.sampleShape());
    }
    float[] f = data.features(from, to);
    int[] l = data.labels(from, to);
    try (DataOutputStream out = gzip(Files.newOutputStream(images))) {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(l.length);
      out.writeInt(ROWS);
      out.writeInt(COLS);
      byte[] raw = new byte[f.length];
      for (int i = 0; i < f.length; i++) {
        raw[i] = (byte) Math.round(Math.max(0f, Math.min(1f, f[i])) * 255f);
      }
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + images + ": " + e.getMessage(), e);
    }
    try (DataOutputStream out = gzip(Files.newOutputStream(labels))) {
      out.writeInt(LABELS_MAGIC);
      out.writeInt(l.length);
      for (int v : l) {
        out.writeByte(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + labels + ": " + e.getMessage(), e);
    }
  }

  private static DataOutputStream gzip(OutputStream out) throws IOException {
    // GZIPOutputStream writes a zero timestamp, so the same samples give the same bytes.
    return new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16)));
  }

  private static DataInputStream open(InputStream raw, String name) {
    try {
      return new DataInputStream(
          new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    } catch (ZipException e) {
      throw new IllegalArgumentException(name + ": not a gzip file (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          name + ": truncated: the file ends inside the gzip header", e);
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
  }

  private static int header(DataInputStream in, String name, String field) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          name + ": truncated: the file ends before the " + field, e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static void readFully(DataInputStream in, byte[] dst, String name, String what)
      throws IOException {
    int read = 0;
    try {
      while (read < dst.length) {
        int n = in.read(dst, read, dst.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
    } catch (EOFException e) {
      // GZIPInputStream says "Unexpected end of ZLIB input stream" when the compressed data stops
      // early.
      throw truncated(name, what, read, e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(
          name + ": corrupt gzip data after " + read + " bytes (" + e.getMessage() + ")", e);
    }
    if (read < dst.length) {
      throw truncated(name, what, read, null);
    }
  }

  private static IllegalArgumentException truncated(
      String name, String what, int read, Exception cause) {
    return new IllegalArgumentException(
        name
            + ": truncated: the header promises "
            + what
            + ", the data ends after "
            + read
            + " bytes",
        cause);
  }

  private static IllegalArgumentException badMagic(
      String name, int expected, int got, String what) {
    return new IllegalArgumentException(
        String.format(
            "%s: bad magic number 0x%08x, expected 0x%08x (%s, gzipped)",
            name, got, expected, what));
  }
}
