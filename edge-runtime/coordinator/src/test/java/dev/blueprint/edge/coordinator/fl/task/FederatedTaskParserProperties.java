package dev.blueprint.edge.coordinator.fl.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
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
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * The task-file parser as a jqwik fuzz target: whatever the text, {@link FederatedTaskParser#parse}
 * returns a task or throws {@link InvalidInputException} whose every problem names the file (and,
 * where it concerns a place in it, a line inside the text), never another exception. Inputs are the
 * committed corpus ({@code src/test/resources/.../fl/task/corpus/*.yaml}: valid files and tricky
 * YAML, one per file, each replayed as it is), arbitrary text, corpus files with line and character
 * edits, and mappings of the known keys to values from a pool of good and bad ones.
 */
class FederatedTaskParserProperties {
  static final Path BASE = Path.of("/tasks");
  static final List<Tuple2<String, String>> corpus = readCorpus();

  static List<Tuple2<String, String>> readCorpus() {
    try {
      Path dir = Path.of(FederatedTaskParserProperties.class.getResource("corpus").toURI());
      List<Tuple2<String, String>> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          out.add(Tuple.of(f.getFileName().toString(), Files.readString(f)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses; returns "valid" or "invalid", failing on anything but an InvalidInputException. */
  static String parseOnlyInvalidInput(String origin, String text) {
    try {
      FederatedTask task = FederatedTaskParser.parse(text, origin, BASE);
      assertThat(task.rounds()).isPositive();
      return "valid";
    } catch (InvalidInputException e) {
      long lines = text.lines().count() + 1;
      assertThat(e.problems()).isNotEmpty();
      for (Problem p : e.problems()) {
        assertThat(p.origin()).isEqualTo(origin);
        assertThat(p.toString()).startsWith(origin + ":");
        assertThat(p.message()).isNotBlank();
        assertThat((long) p.line()).isLessThanOrEqualTo(lines);
      }
      return "invalid";
    }
  }

  @Property(tries = 100)
  void everyCorpusFileParsesOrIsReportedWithItsPlace(
      @ForAll("corpusFiles") Tuple2<String, String> file) {
    String outcome = parseOnlyInvalidInput(file.get1(), file.get2());
    if (file.get1().startsWith("valid-")) {
      assertThat(outcome).as(file.get1()).isEqualTo("valid");
    }
  }

  // A fixed seed keeps the test command repeatable; change it locally to explore further.
  @Property(tries = 1500, seed = "20261207")
  void parsingNeverThrowsAnythingButInvalidInput(@ForAll("texts") String text) {
    Statistics.collect(parseOnlyInvalidInput("task.yaml", text));
    // The edits must leave some files valid, or the checks past the YAML layer go untried.
    Statistics.coverage(c -> c.check("valid").count(n -> n > 0));
  }

  @Provide
  Arbitrary<Tuple2<String, String>> corpusFiles() {
    // Exhaustive when tries ≥ corpus size: every file is replayed.
    return Arbitraries.of(corpus);
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> anyText =
        Arbitraries.strings()
            .withChars(":{}[],-#&*!|>'\"%@` \t\n\\.0123456789abcdefghijklmnopqrstuvwxyz_µ🙂")
            .ofMaxLength(200);
    // Valid files named task.yaml take the id "task"; the edits then break them in many ways.
    Arbitrary<String> valid =
        Arbitraries.of(corpus)
            .filter(f -> f.get1().startsWith("valid-"))
            .map(f -> f.get2().replaceFirst("(?m)^id: .*$", "id: task"));
    Arbitrary<String> edited =
        Combinators.combine(valid, edits().list().ofMinSize(0).ofMaxSize(3))
            .as(FederatedTaskParserProperties::apply);
    Arbitrary<String> generated = generatedFiles();
    return Arbitraries.frequencyOf(
        Tuple.of(2, anyText), Tuple.of(5, edited), Tuple.of(3, generated));
  }

  static final List<String> KEYS =
      List.of(
          "id",
          "model",
          "population",
          "rounds",
          "clients_per_round",
          "over_selection",
          "min_completion",
          "round_deadline",
          "local",
          "strategy",
          "aggregation",
          "encoding",
          "evaluation",
          "stop",
          "seed",
          "training_conditions",
          "devices",
          "labels",
          "hardware",
          "epochs",
          "batch",
          "lr",
          "momentum",
          "weight_decay",
          "name",
          "mu",
          "data",
          "kind",
          "target_accuracy",
          "power",
          "unmetered",
          "idle",
          "idle_load_per_core",
          "check_every",
          "roundz",
          "");

  static final List<String> VALUES =
      List.of(
          "task",
          "wisdm-mlp",
          "niid-cnn",
          "x.bpm",
          "1",
          "0",
          "-1",
          "10",
          "2147483648",
          "0.3",
          "1.5",
          ".nan",
          ".inf",
          "1e400",
          "10min",
          "0s",
          "10 minutes",
          "fedavg",
          "fedprox",
          "fedprox:mu=0.01",
          "fedadam:beta1=1",
          "krum:1",
          "multi-krum:1,m=0",
          "trimmed-mean:0.5",
          "int8",
          "top-k:0",
          "int8+top-k:0.1",
          "wisdm",
          "fashion-mnist",
          "true",
          "maybe",
          "~",
          "\"\"",
          "[a, b]",
          "[a, a]",
          "[]",
          "{}",
          "{devices: [a, b, c]}",
          "{labels: [x], hardware: [y]}",
          "{name: fedprox, mu: 0.01}",
          "{name: mean}",
          "{data: d, kind: wisdm}",
          "{target_accuracy: 0.5}",
          "{rounds: 3}",
          "{epochs: 0}",
          "{lr: 0.1, batch: 8}",
          "{power: false, idle_load_per_core: 0}",
          "&a 1",
          "*a",
          "!!binary aGk=",
          "'quoted'");

  /** A top-level mapping of known (and a few unknown) keys to pool values. */
  static Arbitrary<String> generatedFiles() {
    Arbitrary<String> entry =
        Combinators.combine(Arbitraries.of(KEYS), Arbitraries.of(VALUES))
            .as((k, v) -> k + ": " + v);
    return entry
        .list()
        .ofMinSize(0)
        .ofMaxSize(18)
        .map(lines -> "id: task\n" + String.join("\n", lines) + "\n");
  }

  /** One change to a file: delete, repeat, swap, indent or cut a line, or put a character in. */
  record Edit(int kind, int line, int column, char c, String value) {}

  static Arbitrary<Edit> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 999).withoutEdgeCases(),
            Arbitraries.integers().between(0, 99).withoutEdgeCases(),
            Arbitraries.of(':', '{', '[', '-', '#', '&', '*', '!', '\t', ' ', '"', '\'', '\n', '0'),
            Arbitraries.of(VALUES))
        .as(Edit::new);
  }

  static String apply(String text, List<Edit> edits) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    for (Edit e : edits) {
      if (lines.isEmpty()) {
        lines.add(e.value());
        continue;
      }
      int at = e.line() % lines.size();
      String line = lines.get(at);
      switch (e.kind()) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> {
          int other = e.column() % lines.size();
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
        case 3 -> lines.set(at, " ".repeat(1 + e.column() % 4) + line);
        case 4 -> {
          int colon = line.indexOf(':');
          lines.set(at, colon < 0 ? line : line.substring(0, colon + 1) + " " + e.value());
        }
        case 5 -> lines.set(at, line.substring(0, e.column() % (line.length() + 1)));
        default -> {
          int col = e.column() % (line.length() + 1);
          lines.set(at, line.substring(0, col) + e.c() + line.substring(col));
        }
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
