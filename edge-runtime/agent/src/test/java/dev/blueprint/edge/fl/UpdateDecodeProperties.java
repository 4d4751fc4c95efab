package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link UpdateCodec#decode} as a jqwik fuzz target, beside the seeded loop of {@link
 * UpdateDecodeFuzzTest}: for any bytes, decode returns a finite update of the expected layout or
 * throws {@link UpdateRejected}, nothing else. Inputs are the committed corpus ({@code
 * src/test/resources/dev/blueprint/edge/fl/corpus/*.hex}: valid uploads of every encoding and
 * inputs on the format's edges, one per file, each replayed as it is), random bytes, and corpus
 * entries with edits that jqwik can shrink to a minimal failing case. A failure prints the bytes;
 * save them as a new corpus file.
 */
class UpdateDecodeProperties {
  static final List<Tuple2<String, byte[]>> corpus = readHexCorpus("corpus");

  /** Every {@code .hex} file of a resource folder next to this class, by name. */
  static List<Tuple2<String, byte[]>> readHexCorpus(String folder) {
    try {
      Path dir = Path.of(UpdateDecodeProperties.class.getResource(folder).toURI());
      List<Tuple2<String, byte[]>> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".hex")).sorted().toList()) {
          out.add(
              Tuple.of(
                  f.getFileName().toString(),
                  HexFormat.of().parseHex(Files.readString(f).strip())));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes {@code input}; returns "accepted" or the reason word it was refused with. */
  static String decodeOnlyRejects(byte[] input) {
    UpdateCodec.DecodedUpdate d;
    try {
      d =
          UpdateCodec.decode(
              input,
              UpdateDecodeFuzzTest.SMALL,
              UpdateDecodeFuzzTest.ROUND,
              UpdateDecodeFuzzTest.TASK);
    } catch (UpdateRejected e) {
      assertThat(e.getMessage()).startsWith(e.reason().word() + ": ");
      return e.reason().word();
    }
    assertThat(d.delta().layout()).isEqualTo(UpdateDecodeFuzzTest.SMALL);
    assertThat(d.round()).isEqualTo(UpdateDecodeFuzzTest.ROUND);
    assertThat(d.delta().firstNonFinite()).as("first non-finite value").isNegative();
    return "accepted";
  }

  @Property(tries = 100)
  void everyCorpusEntryIsDecodedOrRejected(@ForAll("corpusEntries") Tuple2<String, byte[]> entry) {
    decodeOnlyRejects(entry.get2());
  }

  @Property(tries = 100)
  void theValidCorpusEntriesAreAccepted(@ForAll("corpusEntries") Tuple2<String, byte[]> entry) {
    if (entry.get1().startsWith("valid-")) {
      UpdateCodec.decode(
          entry.get2(),
          UpdateDecodeFuzzTest.SMALL,
          UpdateDecodeFuzzTest.ROUND,
          UpdateDecodeFuzzTest.TASK);
    }
  }

  // A fixed seed keeps the test command repeatable; change it locally to explore further.
  @Property(tries = 3000, seed = "20261207")
  void decodeNeverThrowsAnythingButUpdateRejected(@ForAll("inputs") byte[] input) {
    Statistics.collect(decodeOnlyRejects(input));
    // The edits must get past the header: some damaged uploads still decode, and the refusals
    // come from the checks deep in the tensors too.
    Statistics.coverage(
        c -> {
          c.check("accepted").percentage(p -> p > 2);
          for (String deep : List.of("truncated", "trailing-bytes", "bad-scale", "bad-value")) {
            c.check(deep).count(n -> n > 0);
          }
        });
  }

  @Provide
  Arbitrary<Tuple2<String, byte[]>> corpusEntries() {
    // Exhaustive when tries ≥ corpus size: every file is replayed.
    return Arbitraries.of(corpus);
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.of(corpus).map(Tuple2::get2), edits().list().ofMinSize(1).ofMaxSize(4))
            .as(UpdateDecodeProperties::apply);
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(9, mutated));
  }

  /** One change to a byte string: where (taken modulo its length), what kind, with which byte. */
  record Edit(int kind, int at, byte value, int count) {}

  static Arbitrary<Edit> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            // Positions without edge cases: 0 and 4095 would mostly hit the version byte.
            Arbitraries.integers().between(0, 4095).withoutEdgeCases(),
            Arbitraries.bytes(),
            Arbitraries.integers().between(1, 8))
        .as(Edit::new);
  }

  /** Flip a bit, set a byte, cut, insert, duplicate a run, or set a varint continuation byte. */
  static byte[] apply(byte[] seed, List<Edit> edits) {
    byte[] b = seed.clone();
    for (Edit e : edits) {
      if (b.length == 0) {
        return new byte[] {e.value()};
      }
      int at = e.at() % b.length;
      switch (e.kind()) {
        case 0 -> b[at] ^= (byte) (1 << (e.count() - 1));
        case 1 -> b[at] = e.value();
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          byte[] longer = new byte[b.length + e.count()];
          System.arraycopy(b, 0, longer, 0, at);
          Arrays.fill(longer, at, at + e.count(), e.value());
          System.arraycopy(b, at, longer, at + e.count(), b.length - at);
          b = longer;
        }
        case 4 -> {
          int len = Math.min(e.count(), b.length - at);
          byte[] longer = new byte[b.length + len];
          System.arraycopy(b, 0, longer, 0, at + len);
          System.arraycopy(b, at, longer, at + len, b.length - at);
          b = longer;
        }
        default -> b[at] = (byte) (e.value() | 0x80);
      }
    }
    return b;
  }
}
