package dev.blueprint.edge.fl;

import dev.blueprint.edge.fl.UpdateRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The byte format of one client's update for one round, and the checks the server runs before it
 * trusts one (docs/federated.md, "Update encodings").
 *
 * <p>Layout, all multi-byte numbers little-endian:
 *
 * <pre>
 * header   u8 format version (1)
 *          u8 encoding: 0 float32, 1 int8, 2 top-k float32, 3 top-k int8
 *          varint round (unsigned LEB128)
 *          i32 task hash (first 4 bytes of SHA-256 of the task id, UTF-8)
 *          i32 layout fingerprint (first 4 bytes of SHA-256 of tensor names and shapes)
 * tensors  in layout order, nothing between them, nothing after the last:
 *   float32       size × f32
 *   int8          f32 scale, size × i8 (-127..127; value = code × scale)
 *   top-k         varint (k &lt;&lt; 1 | mode); k = 0: nothing more; else positions,
 *                 mode 0: bitmap of ceil(size/8) bytes, bit i of byte j = index 8j+i;
 *                 mode 1: k varints, first the index, then index - previous - 1;
 *                 then values: float32 k × f32, or int8 f32 scale + k × i8
 * </pre>
 *
 * The tensor count and sizes are not sent: both sides know the layout, and the fingerprint proves
 * they mean the same one. An int8 upload is therefore {@code P + 4T + header} bytes, within the
 * {@code P + 8T} bound of issue 16 for any layout of three tensors or more.
 */
public final class UpdateCodec {
  /** The format version this build writes and reads. */
  public static final int VERSION = 1;

  /** What the second header byte says; {@link DecodedUpdate#format()} reports it. */
  public enum Format {
    FLOAT32(0),
    INT8(1),
    TOP_K_FLOAT32(2),
    TOP_K_INT8(3);

    private final int code;

    Format(int code) {
      this.code = code;
    }

    /** The byte written in the header. */
    public int code() {
      return code;
    }

    static Format of(UpdateEncoding encoding) {
      if (encoding instanceof UpdateEncoding.Float32) {
        return FLOAT32;
      }
      if (encoding instanceof UpdateEncoding.Int8) {
        return INT8;
      }
      return ((UpdateEncoding.TopK) encoding).int8Values() ? TOP_K_INT8 : TOP_K_FLOAT32;
    }

    static Format fromCode(int code) {
      for (Format f : values()) {
        if (f.code == code) {
          return f;
        }
      }
      throw new UpdateRejected(
          Reason.BAD_ENCODING, "encoding code " + code + " is not one of 0, 1, 2, 3");
    }
  }

  /** The bytes to upload and the update exactly as the server will decode them. */
  public record EncodedUpdate(byte[] bytes, Weights sent) {
    public EncodedUpdate {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(sent, "sent");
    }

    /** The upload's size in bytes. */
    public int sizeBytes() {
      return bytes.length;
    }
  }

  /** A decoded, checked update: finite, of the expected layout, task and round. */
  public record DecodedUpdate(long round, Format format, Weights delta) {}

  private static final int MODE_BITMAP = 0;
  private static final int MODE_GAPS = 1;

  private UpdateCodec() {}

  /**
   * Encodes {@code update} for {@code round} of task {@code taskId}.
   *
   * @param rng draws for stochastic rounding (int8 codes); pass a seeded generator for runs that
   *     must repeat. Unused by float32 and top-k float32.
   * @return the bytes and what they decode to (for error feedback)
   * @throws IllegalArgumentException if the update holds NaN or infinity, or the round is negative
   */
  public static EncodedUpdate encode(
      Weights update, UpdateEncoding encoding, long round, String taskId, RandomGenerator rng) {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(rng, "rng");
    if (round < 0) {
      throw new IllegalArgumentException("round must be 0 or more, got " + round);
    }
    int bad = update.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "update holds " + update.get(bad) + " at index " + bad + "; it cannot be sent");
    }
    ParameterLayout layout = update.layout();
    Format format = Format.of(encoding);
    UpdateOut out = new UpdateOut(layout.size() + 16);
    out.u8(VERSION);
    out.u8(format.code());
    out.varint(round);
    out.i32(taskHash(taskId));
    out.i32(layoutFingerprint(layout));
    float[] values = update.toArray();
    for (ParameterLayout.Slot slot : layout.slots()) {
      switch (format) {
        case FLOAT32 -> {
          for (int i = slot.offset(); i < slot.end(); i++) {
            out.f32(values[i]);
          }
        }
        case INT8 -> writeInt8(out, values, slot.offset(), slot.end(), rng);
        case TOP_K_FLOAT32, TOP_K_INT8 ->
            writeTopK(
                out,
                values,
                slot,
                ((UpdateEncoding.TopK) encoding).fraction(),
                format == Format.TOP_K_INT8,
                rng);
      }
    }
    byte[] bytes = out.toByteArray();
    // What was sent is, by construction, what the server decodes: error feedback must subtract
    // exactly that, so take it from the decoder rather than recomputing it here.
    Weights sent = decode(bytes, layout, round, taskId).delta();
    return new EncodedUpdate(bytes, sent);
  }

  /**
   * Decodes and checks an upload.
   *
   * @param expected the global model's layout
   * @param expectedRound the round the server is collecting
   * @param expectedTask the task's id
   * @throws UpdateRejected naming what is wrong and why, with a {@link Reason}; never anything else
   *     for any bytes
   */
  public static DecodedUpdate decode(
      byte[] bytes, ParameterLayout expected, long expectedRound, String expectedTask) {
    UpdateIn in = new UpdateIn(bytes);
    int version = in.u8("format version");
    if (version != VERSION) {
      throw new UpdateRejected(
          Reason.BAD_VERSION, "format version " + version + ", this build reads " + VERSION);
    }
    Format format = Format.fromCode(in.u8("encoding"));
    long round = in.varint("round");
    int task = in.i32("task hash");
    if (task != taskHash(expectedTask)) {
      throw new UpdateRejected(
          Reason.WRONG_TASK,
          "update is for another task (hash "
              + hex(task)
              + "), this is task '"
              + expectedTask
              + "' (hash "
              + hex(taskHash(expectedTask))
              + ")");
    }
    int fingerprint = in.i32("layout fingerprint");
    if (fingerprint != layoutFingerprint(expected)) {
      throw new UpdateRejected(
          Reason.WRONG_LAYOUT,
          "update is for another model (layout "
              + hex(fingerprint)
              + "), this model's "
              + expected.tensorCount()
              + " tensors, "
              + expected.size()
              + " parameters, have layout "
              + hex(layoutFingerprint(expected)));
    }
    if (round < expectedRound) {
      throw new UpdateRejected(
          Reason.LATE,
          "update is for round " + round + ", which closed; collecting round " + expectedRound);
    }
    if (round != expectedRound) {
      throw new UpdateRejected(
          Reason.WRONG_ROUND,
          "update is for round " + round + ", collecting round " + expectedRound);
    }
    float[] values = new float[expected.size()];
    for (ParameterLayout.Slot slot : expected.slots()) {
      switch (format) {
        case FLOAT32 -> {
          for (int i = slot.offset(); i < slot.end(); i++) {
            values[i] = in.finiteF32(slot, i - slot.offset());
          }
        }
        case INT8 -> readInt8(in, values, slot, slot.offset(), slot.size(), null);
        case TOP_K_FLOAT32, TOP_K_INT8 -> readTopK(in, values, slot, format == Format.TOP_K_INT8);
      }
    }
    if (in.remaining() != 0) {
      throw new UpdateRejected(
          Reason.TRAILING_BYTES,
          in.remaining() + " bytes after the last tensor (" + bytes.length + " in all)");
    }
    return new DecodedUpdate(round, format, Weights.adopt(expected, values));
  }

  /** The bound of issue 16 on an int8 upload: {@code P + 8 T} bytes, header included. */
  public static long int8UploadBoundBytes(ParameterLayout layout) {
    return (long) layout.size() + 8L * layout.tensorCount();
  }

  /** The first 4 bytes of SHA-256 of the task id (UTF-8), big-endian. */
  public static int taskHash(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    return first4(sha256().digest(taskId.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The first 4 bytes of SHA-256 over each tensor's name (length-prefixed UTF-8) and shape (rank,
   * then dimensions), in order: equal layouts give equal fingerprints.
   */
  public static int layoutFingerprint(ParameterLayout layout) {
    MessageDigest sha = sha256();
    UpdateOut out = new UpdateOut(64);
    for (ParameterLayout.Slot slot : layout.slots()) {
      byte[] name = slot.name().getBytes(StandardCharsets.UTF_8);
      out.i32(name.length);
      out.bytes(name);
      int[] dims = slot.shape().dims();
      out.i32(dims.length);
      for (int d : dims) {
        out.i32(d);
      }
    }
    return first4(sha.digest(out.toByteArray()));
  }

  // ---- int8 ----

  private static void writeInt8(UpdateOut out, float[] v, int from, int to, RandomGenerator rng) {
    float max = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, Math.abs(v[i]));
    }
    float scale = max / 127f;
    out.f32(scale);
    for (int i = from; i < to; i++) {
      out.u8(stochasticCode(v[i], max, rng) & 0xff);
    }
  }

  /**
   * {@code 127 x / max} rounded down or up at random, up with probability equal to the fraction, so
   * the code times the scale equals x in expectation; the largest magnitude maps to ±127 exactly.
   * One draw per value, always, so the stream of draws does not depend on the values.
   */
  private static int stochasticCode(float x, float max, RandomGenerator rng) {
    double u = rng.nextDouble();
    if (max == 0) {
      return 0;
    }
    double y = (double) x * 127.0 / max;
    double floor = Math.floor(y);
    int q = (int) floor + (u < y - floor ? 1 : 0);
    return Math.max(-127, Math.min(127, q));
  }

  /**
   * Reads a scale and {@code count} codes into {@code values}, at {@code values[slot.offset() +
   * index[i]]} or, without indices, at consecutive places from {@code offset}.
   */
  private static void readInt8(
      UpdateIn in, float[] values, ParameterLayout.Slot slot, int offset, int count, int[] index) {
    float scale = in.f32("scale of " + slot.name());
    if (!(scale >= 0) || !Float.isFinite(127f * scale)) {
      throw new UpdateRejected(
          Reason.BAD_SCALE,
          "tensor "
              + slot.name()
              + " has int8 scale "
              + scale
              + "; a scale is finite, 0 or more, and at most "
              + Float.MAX_VALUE / 127f);
    }
    in.need(count, "int8 codes of " + slot.name());
    for (int i = 0; i < count; i++) {
      byte code = in.rawByte();
      if (code == Byte.MIN_VALUE) {
        int at = index == null ? i : index[i];
        throw new UpdateRejected(
            Reason.BAD_VALUE,
            "tensor "
                + slot.name()
                + " element "
                + at
                + " has int8 code -128; codes are -127..127");
      }
      int place = index == null ? offset + i : slot.offset() + index[i];
      values[place] = code * scale;
    }
  }

  // ---- top-k ----

  private static void writeTopK(
      UpdateOut out,
      float[] v,
      ParameterLayout.Slot slot,
      double fraction,
      boolean int8,
      RandomGenerator rng) {
    int n = slot.size();
    int nonZero = 0;
    for (int i = slot.offset(); i < slot.end(); i++) {
      if (v[i] != 0) {
        nonZero++;
      }
    }
    int k = (int) Math.min(nonZero, (long) Math.ceil(fraction * n));
    if (k == 0) {
      out.varint(0);
      return;
    }
    int[] chosen = topIndices(v, slot.offset(), n, k);
    // Gap-encoded positions vs a bitmap: take the smaller, the bitmap on a tie.
    long gapBytes = 0;
    int prev = -1;
    for (int idx : chosen) {
      gapBytes += varintSize(idx - prev - 1);
      prev = idx;
    }
    int bitmapBytes = (n + 7) / 8;
    int mode = gapBytes < bitmapBytes ? MODE_GAPS : MODE_BITMAP;
    out.varint(((long) k << 1) | mode);
    if (mode == MODE_BITMAP) {
      byte[] bitmap = new byte[bitmapBytes];
      for (int idx : chosen) {
        bitmap[idx >>> 3] |= (byte) (1 << (idx & 7));
      }
      out.bytes(bitmap);
    } else {
      prev = -1;
      for (int idx : chosen) {
        out.varint(idx - prev - 1);
        prev = idx;
      }
    }
    float[] kept = new float[k];
    for (int i = 0; i < k; i++) {
      kept[i] = v[slot.offset() + chosen[i]];
    }
    if (int8) {
      writeInt8(out, kept, 0, k, rng);
    } else {
      for (float x : kept) {
        out.f32(x);
      }
    }
  }

  /**
   * The {@code k} indices (relative to {@code offset}) of largest magnitude, ties to the lower
   * index, returned in ascending order. Sorts one long per element: the magnitude's bits (which
   * order as the magnitudes do, a float's absolute value being non-negative) inverted in the high
   * half, the index in the low half.
   */
  private static int[] topIndices(float[] v, int offset, int n, int k) {
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      int bits = Float.floatToIntBits(Math.abs(v[offset + i]));
      keys[i] = ((long) (Integer.MAX_VALUE - bits) << 32) | i;
    }
    Arrays.sort(keys);
    int[] chosen = new int[k];
    for (int i = 0; i < k; i++) {
      chosen[i] = (int) keys[i];
    }
    Arrays.sort(chosen);
    return chosen;
  }

  private static void readTopK(
      UpdateIn in, float[] values, ParameterLayout.Slot slot, boolean int8) {
    int n = slot.size();
    long head = in.varint("top-k count of " + slot.name());
    long k = head >>> 1;
    int mode = (int) (head & 1);
    if (k > n) {
      throw new UpdateRejected(
          Reason.BAD_POSITIONS,
          "tensor " + slot.name() + " claims " + k + " top-k entries, it has " + n + " elements");
    }
    if (k == 0) {
      if (mode != 0) {
        throw new UpdateRejected(
            Reason.MALFORMED, "tensor " + slot.name() + ": no entries, yet a position mode of 1");
      }
      return;
    }
    int[] index = new int[(int) k];
    if (mode == MODE_BITMAP) {
      int bitmapBytes = (n + 7) / 8;
      in.need(bitmapBytes, "position bitmap of " + slot.name());
      int found = 0;
      for (int j = 0; j < bitmapBytes; j++) {
        int b = in.rawByte() & 0xff;
        for (int bit = 0; bit < 8 && b != 0; bit++, b >>>= 1) {
          if ((b & 1) == 0) {
            continue;
          }
          int idx = 8 * j + bit;
          if (idx >= n) {
            throw new UpdateRejected(
                Reason.BAD_POSITIONS,
                "tensor " + slot.name() + " bitmap marks index " + idx + ", it has " + n);
          }
          if (found == k) {
            throw new UpdateRejected(
                Reason.BAD_POSITIONS,
                "tensor " + slot.name() + " bitmap marks more than the " + k + " entries stated");
          }
          index[found++] = idx;
        }
      }
      if (found != k) {
        throw new UpdateRejected(
            Reason.BAD_POSITIONS,
            "tensor " + slot.name() + " bitmap marks " + found + " entries, " + k + " stated");
      }
    } else {
      long prev = -1;
      for (int i = 0; i < k; i++) {
        long gap = in.varint("position gap of " + slot.name());
        long idx = prev + 1 + gap;
        if (gap >= n || idx >= n) {
          throw new UpdateRejected(
              Reason.BAD_POSITIONS,
              "tensor " + slot.name() + " position " + i + " is past its " + n + " elements");
        }
        index[i] = (int) idx;
        prev = idx;
      }
    }
    if (int8) {
      readInt8(in, values, slot, slot.offset(), (int) k, index);
    } else {
      for (int i = 0; i < k; i++) {
        values[slot.offset() + index[i]] = in.finiteF32(slot, index[i]);
      }
    }
  }

  // ---- bytes ----

  static int varintSize(long value) {
    int size = 1;
    while ((value >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  private static String hex(int value) {
    return String.format("%08x", value);
  }

  private static int first4(byte[] digest) {
    return ((digest[0] & 0xff) << 24)
        | ((digest[1] & 0xff) << 16)
        | ((digest[2] & 0xff) << 8)
        | (digest[3] & 0xff);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
