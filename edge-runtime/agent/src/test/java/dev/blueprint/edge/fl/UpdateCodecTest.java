package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.blueprint.edge.fl.UpdateCodec.DecodedUpdate;
import dev.blueprint.edge.fl.UpdateCodec.EncodedUpdate;
import dev.blueprint.edge.fl.UpdateCodec.Format;
import dev.blueprint.edge.fl.UpdateRejected.Reason;
import dev.blueprint.edge.model.TensorShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpdateCodecTest {
  static final String TASK = "wisdm-by-user";
  static final UpdateEncoding TOP10_INT8 = new UpdateEncoding.TopK(0.10, true);
  static final UpdateEncoding TOP10_FLOAT = new UpdateEncoding.TopK(0.10, false);

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("wisdm-mlp", FlLayouts.wisdmMlp()), Arguments.of("lenet", FlLayouts.leNet()));
  }

  static EncodedUpdate encode(Weights w, UpdateEncoding e, long round, long seed) {
    return UpdateCodec.encode(w, e, round, TASK, new SplittableRandom(seed));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void float32RoundTripIsBitExact(String name, ParameterLayout layout) {
    Weights w = FlLayouts.gaussian(layout, 0.01, 1);
    EncodedUpdate e = encode(w, UpdateEncoding.FLOAT32, 3, 0);
    DecodedUpdate d = UpdateCodec.decode(e.bytes(), layout, 3, TASK);
    assertThat(d.delta().bitEquals(w)).isTrue();
    assertThat(d.format()).isEqualTo(Format.FLOAT32);
    assertThat(d.round()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void whatIsSentIsWhatTheServerDecodes(String name, ParameterLayout layout) {
    Weights w = FlLayouts.gaussian(layout, 0.01, 2);
    for (UpdateEncoding enc :
        List.of(UpdateEncoding.FLOAT32, UpdateEncoding.INT8, TOP10_INT8, TOP10_FLOAT)) {
      EncodedUpdate e = encode(w, enc, 7, 11);
      Weights decoded = UpdateCodec.decode(e.bytes(), layout, 7, TASK).delta();
      assertThat(decoded.bitEquals(e.sent())).as(enc.word()).isTrue();
    }
  }

  /** The sizes issue 16 sets as targets, printed for the report. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void int8AndTopKMeetTheSizeTargets(String name, ParameterLayout layout) {
    Weights w = FlLayouts.gaussian(layout, 0.01, 3);
    long p = layout.size();
    long t = layout.tensorCount();
    double float32Bytes = 4.0 * p;
    int f32 = encode(w, UpdateEncoding.FLOAT32, 12, 0).sizeBytes();
    int i8 = encode(w, UpdateEncoding.INT8, 12, 0).sizeBytes();
    int topI8 = encode(w, TOP10_INT8, 12, 0).sizeBytes();
    int topF = encode(w, TOP10_FLOAT, 12, 0).sizeBytes();
    System.out.printf(
        "%s: P=%d T=%d  float32 %d B (4P=%d)  int8 %d B (bound P+8T=%d, %.2fx)"
            + "  int8+top-k:0.1 %d B (%.2fx)  top-k:0.1 %d B (%.2fx)%n",
        name,
        p,
        t,
        f32,
        4 * p,
        i8,
        p + 8 * t,
        float32Bytes / i8,
        topI8,
        float32Bytes / topI8,
        topF,
        float32Bytes / topF);
    assertThat(f32).isEqualTo(4 * p + 11);
    assertThat((long) i8).isLessThanOrEqualTo(UpdateCodec.int8UploadBoundBytes(layout));
    assertThat(float32Bytes / i8).isGreaterThanOrEqualTo(3.9);
    assertThat(float32Bytes / topI8).isGreaterThanOrEqualTo(10);
  }

  @Test
  void int8BoundHoldsForLargeRoundNumbers() {
    ParameterLayout layout = FlLayouts.wisdmMlp();
    Weights w = FlLayouts.gaussian(layout, 1, 4);
    int bytes = encode(w, UpdateEncoding.INT8, Long.MAX_VALUE, 0).sizeBytes();
    assertThat((long) bytes).isLessThanOrEqualTo(UpdateCodec.int8UploadBoundBytes(layout));
  }

  @Test
  void int8CodesAreWithinOneScaleStepOfTheValue() {
    ParameterLayout layout = FlLayouts.leNet();
    Weights w = FlLayouts.gaussian(layout, 0.05, 5);
    Weights sent = encode(w, UpdateEncoding.INT8, 1, 9).sent();
    for (ParameterLayout.Slot slot : layout.slots()) {
      float[] x = w.tensor(slot.name());
      float[] y = sent.tensor(slot.name());
      float max = 0;
      for (float v : x) {
        max = Math.max(max, Math.abs(v));
      }
      double step = max / 127.0;
      for (int i = 0; i < x.length; i++) {
        assertThat((double) Math.abs(x[i] - y[i]))
            .as(slot.name() + "[" + i + "]")
            .isLessThan(step * 1.0001);
      }
    }
  }

  @Test
  void int8RoundingIsUnbiased() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(20_000)));
    float[] v = new float[layout.size()];
    Arrays.fill(v, 0.25f);
    v[0] = 1f; // scale 1/127: 0.25 lies 3/4 of the way from code 31 to code 32
    Weights sent = encode(Weights.of(layout, v), UpdateEncoding.INT8, 1, 42).sent();
    double sum = 0;
    for (int i = 1; i < v.length; i++) {
      sum += sent.get(i);
      assertThat(sent.get(i)).isIn(31 * (1f / 127f), 32 * (1f / 127f));
    }
    double mean = sum / (v.length - 1);
    // Round to nearest would give 32/127 = 0.25197 every time; stochastic rounding averages out.
    assertThat(mean).isCloseTo(0.25, org.assertj.core.data.Offset.offset(2e-4));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    Weights w = FlLayouts.gaussian(FlLayouts.wisdmMlp(), 0.01, 6);
    byte[] a = encode(w, UpdateEncoding.INT8, 2, 100).bytes();
    byte[] b = encode(w, UpdateEncoding.INT8, 2, 100).bytes();
    byte[] c = encode(w, UpdateEncoding.INT8, 2, 101).bytes();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void topKKeepsTheLargestEntriesOfEachTensor() {
    ParameterLayout layout =
        ParameterLayout.of(List.of("a", "b"), List.of(TensorShape.of(8), TensorShape.of(4)));
    float[] v = {0.1f, -0.9f, 0.3f, 0.0f, 0.5f, -0.2f, 0.9f, 0.05f, 1f, 2f, -3f, 0.5f};
    Weights sent = encode(Weights.of(layout, v), new UpdateEncoding.TopK(0.25, false), 0, 0).sent();
    // a: ceil(0.25 × 8) = 2 entries, |−0.9| and |0.9| tie with each other and beat the rest;
    // b: ceil(0.25 × 4) = 1 entry, −3.
    assertThat(sent.toArray())
        .containsExactly(0f, -0.9f, 0f, 0f, 0f, 0f, 0.9f, 0f, 0f, 0f, -3f, 0f);
  }

  @Test
  void topKTiesGoToTheLowerIndex() {
    ParameterLayout layout = ParameterLayout.of(List.of("a"), List.of(TensorShape.of(4)));
    float[] v = {0.5f, -0.5f, 0.5f, 0.5f};
    Weights sent = encode(Weights.of(layout, v), new UpdateEncoding.TopK(0.5, false), 0, 0).sent();
    assertThat(sent.toArray()).containsExactly(0.5f, -0.5f, 0f, 0f);
  }

  @Test
  void topKSendsNothingForAZeroTensor() {
    ParameterLayout layout =
        ParameterLayout.of(List.of("a", "b"), List.of(TensorShape.of(100), TensorShape.of(3)));
    float[] v = new float[103];
    v[101] = 1f;
    EncodedUpdate e = encode(Weights.of(layout, v), TOP10_INT8, 0, 0);
    // header 11, tensor a: one byte (k = 0); b: count, bitmap byte, scale, one code.
    assertThat(e.sizeBytes()).isEqualTo(11 + 1 + 1 + 1 + 4 + 1);
    assertThat(e.sent().toArray()).isEqualTo(v);
  }

  @Test
  void topKPositionsUseGapsWhenSparseAndABitmapWhenDense() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(10_000)));
    Weights w = FlLayouts.gaussian(layout, 1, 8);
    // 1 % of 10,000: 100 positions, mean gap ~99 → one varint byte each, against 1,250 bitmap
    // bytes.
    int sparse = encode(w, new UpdateEncoding.TopK(0.01, false), 0, 0).sizeBytes();
    assertThat(sparse).isLessThan(11 + 2 + 100 * 2 + 100 * 4);
    // 50 %: 5,000 positions take at least 5,000 bytes as gaps, 1,250 as a bitmap.
    int dense = encode(w, new UpdateEncoding.TopK(0.5, false), 0, 0).sizeBytes();
    assertThat(dense).isEqualTo(11 + UpdateCodec.varintSize(5000L << 1) + 1250 + 5000 * 4);
    for (double f : new double[] {0.01, 0.5, 1.0}) {
      EncodedUpdate e = encode(w, new UpdateEncoding.TopK(f, false), 0, 0);
      Weights sent = e.sent();
      int kept = 0;
      for (int i = 0; i < sent.size(); i++) {
        if (sent.get(i) != 0) {
          kept++;
          assertThat(sent.get(i)).isEqualTo(w.get(i));
        }
      }
      assertThat(kept).isEqualTo((int) Math.ceil(f * 10_000));
    }
  }

  // ---- refusals ----

  static byte[] valid(UpdateEncoding enc) {
    return encode(FlLayouts.gaussian(FlLayouts.wisdmMlp(), 0.01, 9), enc, 5, 1).bytes();
  }

  static UpdateRejected rejected(byte[] bytes) {
    return assertThrows(
        UpdateRejected.class, () -> UpdateCodec.decode(bytes, FlLayouts.wisdmMlp(), 5, TASK));
  }

  static final int HEADER = 11; // version, encoding, round 5 (one byte), task, layout

  @Test
  void refusesAnotherFormatVersion() {
    byte[] b = valid(UpdateEncoding.INT8);
    b[0] = 2;
    assertThat(rejected(b).reason()).isEqualTo(Reason.BAD_VERSION);
    assertThat(rejected(b)).hasMessageContaining("format version 2").hasMessageContaining("1");
  }

  @Test
  void refusesAnUnknownEncoding() {
    byte[] b = valid(UpdateEncoding.INT8);
    b[1] = 9;
    assertThat(rejected(b).reason()).isEqualTo(Reason.BAD_ENCODING);
    assertThat(rejected(b)).hasMessageContaining("encoding code 9");
  }

  @Test
  void refusesAnUpdateForAnotherTask() {
    byte[] b = valid(UpdateEncoding.INT8);
    UpdateRejected e =
        assertThrows(
            UpdateRejected.class,
            () -> UpdateCodec.decode(b, FlLayouts.wisdmMlp(), 5, "fashion-iid"));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_TASK);
    assertThat(e).hasMessageContaining("another task").hasMessageContaining("'fashion-iid'");
  }

  @Test
  void refusesAnUpdateForAnotherModel() {
    byte[] b = valid(UpdateEncoding.FLOAT32);
    // Same parameter count and names, one shape transposed: the byte count alone cannot tell.
    ParameterLayout other =
        ParameterLayout.of(
            List.of(
                "dense1/kernel",
                "dense1/bias",
                "dense2/kernel",
                "dense2/bias",
                "out/kernel",
                "out/bias"),
            List.of(
                TensorShape.of(64, 43),
                TensorShape.of(64),
                TensorShape.of(64, 32),
                TensorShape.of(32),
                TensorShape.of(32, 6),
                TensorShape.of(6)));
    UpdateRejected e =
        assertThrows(UpdateRejected.class, () -> UpdateCodec.decode(b, other, 5, TASK));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_LAYOUT);
    assertThat(e).hasMessageContaining("another model").hasMessageContaining("5094 parameters");
  }

  @Test
  void refusesAnUpdateForAnotherRound() {
    byte[] b = valid(UpdateEncoding.INT8);
    for (long round : new long[] {4, 6, 0}) {
      UpdateRejected e =
          assertThrows(
              UpdateRejected.class, () -> UpdateCodec.decode(b, FlLayouts.wisdmMlp(), round, TASK));
      // An update for a round that already closed is late; one for a round not yet open is wrong.
      assertThat(e.reason()).isEqualTo(round > 5 ? Reason.LATE : Reason.WRONG_ROUND);
      assertThat(e).hasMessageContaining("round 5").hasMessageContaining("round " + round);
    }
  }

  @Test
  void refusesTruncatedBytesAtEveryLength() {
    for (UpdateEncoding enc :
        List.of(UpdateEncoding.FLOAT32, UpdateEncoding.INT8, TOP10_INT8, TOP10_FLOAT)) {
      byte[] b = valid(enc);
      for (int len = 0; len < b.length; len++) {
        byte[] cut = Arrays.copyOf(b, len);
        UpdateRejected e = rejected(cut);
        assertThat(e.reason()).as(enc.word() + " cut to " + len).isEqualTo(Reason.TRUNCATED);
      }
    }
    assertThat(rejected(new byte[0])).hasMessageContaining("format version");
  }

  @Test
  void refusesTrailingBytes() {
    byte[] b = valid(TOP10_INT8);
    byte[] longer = Arrays.copyOf(b, b.length + 3);
    UpdateRejected e = rejected(longer);
    assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
    assertThat(e).hasMessageContaining("3 bytes after the last tensor");
  }

  @Test
  void refusesNanAndInfinityInFloatValues() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      byte[] b = valid(UpdateEncoding.FLOAT32);
      putFloat(b, HEADER + 4 * 100, bad);
      UpdateRejected e = rejected(b);
      assertThat(e.reason()).isEqualTo(Reason.NON_FINITE);
      assertThat(e).hasMessageContaining("dense1/kernel element 100 is " + bad);
    }
  }

  @Test
  void refusesABadInt8Scale() {
    for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MAX_VALUE}) {
      byte[] b = valid(UpdateEncoding.INT8);
      putFloat(b, HEADER, bad);
      UpdateRejected e = rejected(b);
      assertThat(e.reason()).as("scale " + bad).isEqualTo(Reason.BAD_SCALE);
      assertThat(e).hasMessageContaining("dense1/kernel has int8 scale " + bad);
    }
  }

  @Test
  void refusesInt8CodeMinus128() {
    byte[] b = valid(UpdateEncoding.INT8);
    b[HEADER + 4 + 17] = (byte) 0x80;
    UpdateRejected e = rejected(b);
    assertThat(e.reason()).isEqualTo(Reason.BAD_VALUE);
    assertThat(e).hasMessageContaining("element 17 has int8 code -128");
  }

  @Test
  void refusesBadTopKPositions() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(12)));
    float[] v = {5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1};
    byte[] good =
        UpdateCodec.encode(
                Weights.of(layout, v),
                new UpdateEncoding.TopK(0.25, false),
                5,
                TASK,
                new SplittableRandom(0))
            .bytes();
    // k = 3; positions as a bitmap (2 bytes) rather than gaps 0, 2, 7 (3 bytes).
    assertThat(good[HEADER]).isEqualTo((byte) (3 << 1));
    byte[] tooMany = good.clone();
    tooMany[HEADER] = (byte) (13 << 1);
    assertThat(decode(tooMany, layout).reason()).isEqualTo(Reason.BAD_POSITIONS);
    assertThat(decode(tooMany, layout)).hasMessageContaining("claims 13 top-k entries");
    byte[] extraBit = good.clone();
    extraBit[HEADER + 1] |= 0x02;
    assertThat(decode(extraBit, layout).reason()).isEqualTo(Reason.BAD_POSITIONS);
    byte[] padding = good.clone();
    padding[HEADER + 2] |= (byte) 0x80; // index 15 of a 12-element tensor
    assertThat(decode(padding, layout)).hasMessageContaining("marks index 15");
    byte[] fewer = good.clone();
    fewer[HEADER + 1] &= ~0x01;
    assertThat(decode(fewer, layout)).hasMessageContaining("marks 2 entries, 3 stated");
  }

  @Test
  void refusesTopKGapsPastTheTensor() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(1000)));
    float[] v = new float[1000];
    v[3] = 1;
    v[900] = 2;
    byte[] good =
        UpdateCodec.encode(
                Weights.of(layout, v),
                new UpdateEncoding.TopK(0.002, false),
                5,
                TASK,
                new SplittableRandom(0))
            .bytes();
    // k = 2 with gaps: head (2 << 1 | 1), gap 3, gap 896 (two bytes), two floats.
    assertThat(good[HEADER]).isEqualTo((byte) (2 << 1 | 1));
    assertThat(UpdateCodec.decode(good, layout, 5, TASK).delta().get(900)).isEqualTo(2f);
    byte[] past = good.clone();
    past[HEADER + 2] = (byte) 0xf0; // second gap 0x70 + (7 << 7) = 1008: index 1012, past 1000
    UpdateRejected e = decode(past, layout);
    assertThat(e.reason()).isEqualTo(Reason.BAD_POSITIONS);
    assertThat(e).hasMessageContaining("position 1 is past its 1000 elements");
  }

  @Test
  void refusesAnOverlongVarint() {
    byte[] b = new byte[30];
    b[0] = 1;
    b[1] = 0;
    Arrays.fill(b, 2, 12, (byte) 0xff);
    UpdateRejected e = rejected(b);
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e).hasMessageContaining("round runs past 9 bytes");
  }

  @Test
  void refusesToEncodeNonFiniteValues() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(3)));
    Weights w = Weights.of(layout, new float[] {1, Float.NaN, 2});
    assertThatThrownBy(() -> encode(w, UpdateEncoding.INT8, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(UpdateRejected.class)
        .hasMessageContaining("NaN at index 1");
  }

  @Test
  void reasonWordsAreMetricNames() {
    assertThat(Reason.WRONG_ROUND.word()).isEqualTo("wrong-round");
    assertThat(new UpdateRejected(Reason.NON_FINITE, "x")).hasMessage("non-finite: x");
  }

  static UpdateRejected decode(byte[] bytes, ParameterLayout layout) {
    return assertThrows(UpdateRejected.class, () -> UpdateCodec.decode(bytes, layout, 5, TASK));
  }

  static void putFloat(byte[] b, int at, float v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, v);
  }
}
