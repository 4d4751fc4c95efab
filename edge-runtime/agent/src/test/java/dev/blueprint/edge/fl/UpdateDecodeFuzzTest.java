package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.blueprint.edge.fl.UpdateRejected.Reason;
import dev.blueprint.edge.model.TensorShape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fuzz target for {@link UpdateCodec#decode}, run as a seeded property test: for any bytes it
 * either returns a finite update of the expected layout or throws {@link UpdateRejected}, never
 * anything else. Inputs are random bytes and valid uploads of every encoding with random damage
 * (bits flipped, bytes set, cut, inserted or spliced), so the checks past the header are reached. A
 * failure prints the case's seed and bytes; add such a case to {@link #regressions()}.
 */
class UpdateDecodeFuzzTest {
  static final String TASK = "fuzz";
  static final long ROUND = 300; // two varint bytes
  static final int CASES = 30_000;

  static final ParameterLayout SMALL =
      ParameterLayout.of(
          List.of("k", "b", "w"),
          List.of(TensorShape.of(5, 3), TensorShape.of(3), TensorShape.of(40)));

  static final List<UpdateEncoding> ENCODINGS =
      List.of(
          UpdateEncoding.FLOAT32,
          UpdateEncoding.INT8,
          new UpdateEncoding.TopK(0.1, false),
          new UpdateEncoding.TopK(0.1, true),
          new UpdateEncoding.TopK(0.5, true),
          new UpdateEncoding.TopK(1.0, false));

  @Test
  void decodeNeverThrowsAnythingButUpdateRejectedNorReturnsNonFiniteValues() {
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < ENCODINGS.size(); i++) {
      Weights w = sparseish(SMALL, 100 + i);
      seeds.add(
          UpdateCodec.encode(w, ENCODINGS.get(i), ROUND, TASK, new SplittableRandom(i)).bytes());
    }
    seeds.addAll(regressions());
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    int accepted = 0;
    SplittableRandom master = new SplittableRandom(20261207L);
    for (int c = 0; c < CASES; c++) {
      long seed = master.nextLong();
      SplittableRandom random = new SplittableRandom(seed);
      byte[] input =
          random.nextInt(10) == 0
              ? randomBytes(random)
              : mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
      UpdateCodec.DecodedUpdate d;
      try {
        d = UpdateCodec.decode(input, SMALL, ROUND, TASK);
      } catch (UpdateRejected e) {
        reasons.merge(e.reason(), 1, Integer::sum);
        continue;
      } catch (RuntimeException | Error e) {
        throw new AssertionError(
            "decode threw " + e + "; case seed " + seed + ", bytes " + hex(input), e);
      }
      assertThat(d.delta().layout()).isEqualTo(SMALL);
      if (d.delta().firstNonFinite() >= 0) {
        fail("non-finite value decoded; case seed " + seed + ", bytes " + hex(input));
      }
      accepted++;
    }
    // The fuzzer must get past the header: damaged uploads are accepted or refused for many
    // reasons.
    assertThat(accepted).isGreaterThan(CASES / 20);
    assertThat(reasons.keySet())
        .contains(
            Reason.TRUNCATED,
            Reason.TRAILING_BYTES,
            Reason.BAD_SCALE,
            Reason.BAD_VALUE,
            Reason.BAD_POSITIONS,
            Reason.NON_FINITE,
            Reason.WRONG_ROUND,
            Reason.WRONG_LAYOUT);
  }

  /** Inputs that once broke decode, or sit on a boundary; keep each one that a failure prints. */
  static List<byte[]> regressions() {
    HexFormat hex = HexFormat.of();
    return List.of(
        // header only, no tensors
        hex.parseHex("0100ac02"),
        // top-k float32, first tensor claims 2^62 entries
        hex.parseHex("0102ac02" + "00000000" + "00000000" + "ffffffffffffffff7f"));
  }

  static Weights sparseish(ParameterLayout layout, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[layout.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextGaussian();
    }
    return Weights.adopt(layout, v);
  }

  static byte[] randomBytes(SplittableRandom r) {
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    if (b.length > 0 && r.nextBoolean()) {
      b[0] = 1;
    }
    return b;
  }

  static byte[] mutate(byte[] seed, List<byte[]> all, SplittableRandom r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        case 3 -> {
          byte[] longer = new byte[b.length + 1 + r.nextInt(8)];
          System.arraycopy(b, 0, longer, 0, at);
          System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
          b = longer;
        }
        case 4 -> {
          byte[] other = all.get(r.nextInt(all.size()));
          int from = r.nextInt(other.length);
          int len = Math.min(other.length - from, b.length - at);
          System.arraycopy(other, from, b, at, len);
        }
        default -> b[at] = (byte) (r.nextBoolean() ? 0x80 : 0xff);
      }
    }
    return b;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
