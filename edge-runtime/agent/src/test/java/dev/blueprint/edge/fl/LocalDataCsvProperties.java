package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.io.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The device's local CSV reader as a jqwik fuzz target: for any text it returns rows of finite
 * features with valid labels, or throws {@link InvalidInputException} naming the file, never
 * anything else. Inputs are the committed corpus ({@code
 * src/test/resources/dev/blueprint/edge/fl/localdata-corpus/*.csv}, replayed as they are), edits of
 * it, and random text.
 */
class LocalDataCsvProperties {
  static final List<String> CLASSES = List.of("cat", "dog", "bird");
  static final List<String> corpus = readCorpus();

  static List<String> readCorpus() {
    try {
      Path dir = Path.of(LocalDataCsvProperties.class.getResource("localdata-corpus").toURI());
      List<String> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
          out.add(Files.readString(f));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void readsOrRefuses(String text) {
    List<float[]> features = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try {
      LocalDataFolder.parseCsv(text, "local.csv", 2, CLASSES, features, labels);
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).contains("local.csv");
      assertThat(features).isEmpty();
      return;
    }
    assertThat(features).hasSameSizeAs(labels).isNotEmpty();
    for (float[] x : features) {
      assertThat(x).hasSize(2);
      for (float v : x) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
    assertThat(labels).allMatch(l -> l >= 0 && l < CLASSES.size());
  }

  @Property(tries = 50)
  void corpusEntriesReadOrAreRefused(@ForAll("corpusEntries") String text) {
    readsOrRefuses(text);
  }

  @Property(tries = 500, seed = "42")
  void editedCorpusEntriesReadOrAreRefused(@ForAll("edited") String text) {
    readsOrRefuses(text);
  }

  @Property(tries = 300, seed = "43")
  void randomTextReadsOrIsRefused(@ForAll("randomText") String text) {
    readsOrRefuses(text);
  }

  @Provide
  Arbitrary<String> corpusEntries() {
    return Arbitraries.of(corpus);
  }

  @Provide
  Arbitrary<String> edited() {
    Arbitrary<String> insert =
        Arbitraries.of(",", "\n", "\"", "?", "-1", "1e40", "NaN", "label", "dog", " ", "\r\n", "7");
    return Arbitraries.of(corpus)
        .filter(s -> !s.isEmpty())
        .flatMap(
            s ->
                Arbitraries.integers()
                    .between(0, s.length())
                    .flatMap(
                        at -> insert.map(piece -> s.substring(0, at) + piece + s.substring(at))));
  }

  @Provide
  Arbitrary<String> randomText() {
    return Arbitraries.strings().withChars("abl,el\n\"?0123456789.-e ").ofMaxLength(80);
  }
}
