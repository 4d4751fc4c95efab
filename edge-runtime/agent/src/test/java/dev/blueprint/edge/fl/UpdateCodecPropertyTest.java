package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of encode and decode over random layouts, updates and rounds (seeded, so a failure
 * names the case that repeats it).
 */
class UpdateCodecPropertyTest {
  static final int CASES = 300;

  record Case(long seed, ParameterLayout layout, Weights update, long round) {}

  static Case randomCase(long seed, int minTensors, long maxRound) {
    SplittableRandom r = new SplittableRandom(seed);
    int tensors = minTensors + r.nextInt(10);
    List<String> names = new ArrayList<>();
    List<TensorShape> shapes = new ArrayList<>();
    for (int t = 0; t < tensors; t++) {
      names.add("t" + t);
      int rank = 1 + r.nextInt(3);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + r.nextInt(rank == 1 ? 300 : 20);
      }
      shapes.add(TensorShape.of(dims));
    }
    ParameterLayout layout = ParameterLayout.of(names, shapes);
    float[] v = new float[layout.size()];
    double scale = Math.pow(10, r.nextInt(12) - 8);
    for (int i = 0; i < v.length; i++) {
      int kind = r.nextInt(10);
      v[i] = kind == 0 ? 0f : (float) (scale * r.nextGaussian() * (kind == 1 ? 1000 : 1));
    }
    return new Case(seed, layout, Weights.adopt(layout, v), r.nextLong(maxRound));
  }

  /**
   * Issue 16's int8 bound, P + 8T bytes with the header, holds for every layout of three tensors or
   * more while the round fits in two varint bytes (below 16,384), and for six or more at any round.
   */
  @Test
  void int8StaysWithinPPlus8T() {
    SplittableRandom master = new SplittableRandom(1);
    for (int c = 0; c < CASES; c++) {
      boolean anyRound = c % 2 == 0;
      Case k = randomCase(master.nextLong(), anyRound ? 6 : 3, anyRound ? Long.MAX_VALUE : 16_384);
      int bytes =
          UpdateCodec.encode(
                  k.update(), UpdateEncoding.INT8, k.round(), "t", new SplittableRandom(k.seed()))
              .sizeBytes();
      assertThat((long) bytes)
          .as("case seed %d", k.seed())
          .isLessThanOrEqualTo(UpdateCodec.int8UploadBoundBytes(k.layout()));
    }
  }

  /**
   * Every encoding decodes to what the encoder says it sent; that is finite; int8 is within one
   * step of the input; top-k keeps exactly ceil(F × size) entries of each tensor (fewer if the
   * tensor has fewer non-zero values) and each kept entry is at least as large as any dropped one.
   */
  @Test
  void roundTripsKeepTheirPromises() {
    SplittableRandom master = new SplittableRandom(2);
    for (int c = 0; c < CASES; c++) {
      Case k = randomCase(master.nextLong(), 1, Long.MAX_VALUE);
      double fraction = 0.01 + 0.99 * new SplittableRandom(k.seed()).nextDouble();
      for (UpdateEncoding enc :
          List.of(
              UpdateEncoding.FLOAT32,
              UpdateEncoding.INT8,
              new UpdateEncoding.TopK(fraction, false),
              new UpdateEncoding.TopK(fraction, true))) {
        String what = enc.word() + ", case seed " + k.seed();
        UpdateCodec.EncodedUpdate e =
            UpdateCodec.encode(k.update(), enc, k.round(), "t", new SplittableRandom(k.seed()));
        Weights decoded = UpdateCodec.decode(e.bytes(), k.layout(), k.round(), "t").delta();
        assertThat(decoded.bitEquals(e.sent())).as(what).isTrue();
        assertThat(decoded.firstNonFinite()).as(what).isEqualTo(-1);
        for (ParameterLayout.Slot slot : k.layout().slots()) {
          float[] x = k.update().tensor(slot.name());
          float[] y = decoded.tensor(slot.name());
          check(enc, x, y, what + ", " + slot.name());
        }
      }
    }
  }

  static void check(UpdateEncoding enc, float[] x, float[] y, String what) {
    float max = 0;
    int nonZero = 0;
    for (float v : x) {
      max = Math.max(max, Math.abs(v));
      nonZero += v != 0 ? 1 : 0;
    }
    if (enc instanceof UpdateEncoding.Float32) {
      assertThat(y).as(what).isEqualTo(x);
    } else if (enc instanceof UpdateEncoding.Int8) {
      for (int i = 0; i < x.length; i++) {
        assertThat((double) Math.abs(x[i] - y[i]))
            .as(what)
            .isLessThanOrEqualTo(max / 127.0 * 1.0001);
      }
    } else {
      UpdateEncoding.TopK top = (UpdateEncoding.TopK) enc;
      int k = (int) Math.min(nonZero, Math.ceil(top.fraction() * x.length));
      int kept = 0;
      float smallestKept = Float.MAX_VALUE;
      float largestDropped = 0;
      for (int i = 0; i < x.length; i++) {
        if (y[i] != 0) {
          kept++;
          smallestKept = Math.min(smallestKept, Math.abs(x[i]));
          if (!top.int8Values()) {
            assertThat(y[i]).as(what).isEqualTo(x[i]);
          }
        } else {
          largestDropped = Math.max(largestDropped, Math.abs(x[i]));
        }
      }
      if (top.int8Values()) {
        // a kept value may round to code 0, so at most k come back non-zero
        assertThat(kept).as(what).isLessThanOrEqualTo(k);
      } else {
        assertThat(kept).as(what).isEqualTo(k);
        if (kept > 0) {
          assertThat(smallestKept).as(what).isGreaterThanOrEqualTo(largestDropped);
        }
      }
    }
  }
}
