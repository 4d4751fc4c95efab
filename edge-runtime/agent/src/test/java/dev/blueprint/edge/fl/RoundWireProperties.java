package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.fl.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The readers of federated-round messages a device or the coordinator takes from the network
 * ({@link RoundMessage#parse}, {@link UploadChunk#decode}, {@link UploadAck#parse}) as jqwik fuzz
 * targets: for any bytes each returns a value or throws {@link IllegalArgumentException}, never
 * anything else. Inputs are the committed corpus ({@code
 * src/test/resources/dev/blueprint/edge/fl/round-wire-corpus/}, replayed as they are), byte edits
 * of it, and random bytes; values written are read back equal.
 */
class RoundWireProperties {
  static final List<byte[]> corpus = readCorpus();

  static List<byte[]> readCorpus() {
    try {
      Path dir = Path.of(RoundWireProperties.class.getResource("round-wire-corpus").toURI());
      List<byte[]> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          out.add(Files.readAllBytes(f));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void readOrRefuse(byte[] bytes) {
    try {
      RoundMessage m = RoundMessage.parse(bytes, "fuzz");
      assertThat(m.local().epochs()).isBetween(1, RoundMessage.MAX_EPOCHS);
      assertThat(m.local().batchSize()).isBetween(1, RoundMessage.MAX_BATCH);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("fuzz: ");
    }
    try {
      UploadChunk c = UploadChunk.decode(bytes);
      assertThat(c.data().length).isLessThanOrEqualTo(UploadChunk.CHUNK_BYTES);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      UploadAck.parse(bytes);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 30)
  void corpusEntriesReadOrAreRefused(@ForAll("corpusEntries") byte[] bytes) {
    readOrRefuse(bytes);
  }

  @Property(tries = 600, seed = "44")
  void editedCorpusEntriesReadOrAreRefused(@ForAll("edited") byte[] bytes) {
    readOrRefuse(bytes);
  }

  @Property(tries = 300, seed = "45")
  void randomBytesReadOrAreRefused(@ForAll @Size(max = 200) byte[] bytes) {
    readOrRefuse(bytes);
  }

  @Property(tries = 100, seed = "46")
  void offersAndChunksReadBackAsWritten(
      @ForAll @IntRange(min = 1, max = 1_000_000) int round,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int epochs,
      @ForAll @Size(min = 1, max = 70_000) byte[] update) {
    RoundMessage m =
        new RoundMessage(
            "task-" + (round % 7),
            round,
            seed,
            Instant.parse("2026-12-07T12:00:00Z").plusSeconds(round),
            new TrainingSettings(epochs, 32, 0.01, 0.9, 1e-5, 0.01),
            UpdateEncoding.parse("int8+top-k:0.1"),
            new TrainingConditions(true, false, true, 0.75, Duration.ofMillis(100)),
            List.of("a", "b"),
            update);
    RoundMessage back = RoundMessage.parse(m.toJson(), "round trip");
    assertThat(back.taskId()).isEqualTo(m.taskId());
    assertThat(back.round()).isEqualTo(round);
    assertThat(back.seed()).isEqualTo(seed);
    assertThat(back.deadline()).isEqualTo(m.deadline());
    assertThat(back.local()).isEqualTo(m.local());
    assertThat(back.encoding().word()).isEqualTo("int8+top-k:0.1");
    assertThat(back.conditions()).isEqualTo(m.conditions());
    assertThat(back.classes()).containsExactly("a", "b");
    assertThat(back.model()).isEqualTo(update);

    List<UploadChunk> chunks = UploadChunk.split("t", round, 10, update);
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    for (UploadChunk c : chunks) {
      UploadChunk read = UploadChunk.decode(c.encode());
      assertThat(read.sha256()).isEqualTo(UploadChunk.sha256(update));
      joined.writeBytes(read.data());
    }
    assertThat(joined.toByteArray()).isEqualTo(update);
  }

  @Provide
  Arbitrary<byte[]> corpusEntries() {
    return Arbitraries.of(corpus);
  }

  @Provide
  Arbitrary<byte[]> edited() {
    return Arbitraries.of(corpus)
        .flatMap(
            b ->
                Arbitraries.integers()
                    .between(0, b.length - 1)
                    .flatMap(
                        at ->
                            Arbitraries.bytes()
                                .map(
                                    v -> {
                                      byte[] c = b.clone();
                                      c[at] = v;
                                      return c;
                                    })));
  }
}
