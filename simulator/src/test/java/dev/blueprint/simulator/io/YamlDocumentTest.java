package dev.blueprint.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.units.Bandwidth;
import org.junit.jupiter.api.Test;

class YamlDocumentTest {
  @Test
  void deepNestingIsAProblemNotAStackOverflow() {
    // 3,000 nested lists overflowed snakeyaml-engine's recursive composer (found by the task-file
    // fuzz target, FederatedTaskParserProperties).
    String text = "a: " + "[".repeat(3000) + "]".repeat(3000) + "\n";
    YamlDocument doc = YamlDocument.parse(text, "deep.yaml");
    assertThat(doc.root()).isEmpty();
    assertThat(doc.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "deep.yaml:1:"
                + (4 + YamlDocument.MAX_NESTING - 1)
                + ": lists and mappings are nested more than 100 deep");
    String deepEnough = "a: " + "[".repeat(99) + "]".repeat(99) + "\n";
    assertThat(YamlDocument.parse(deepEnough, "ok.yaml").problems()).isEmpty();
  }

  @Test
  void reportsSyntaxErrorsWithLineAndColumn() {
    YamlDocument doc = YamlDocument.parse("a: 1\nb: [1, 2\nc: 3\n", "broken.yaml");
    assertThat(doc.problems()).hasSize(1);
    assertThat(doc.problems().get(0).toString())
        .startsWith("broken.yaml:")
        .contains("not valid YAML");
  }

  @Test
  void unknownKeysAreReportedWithTheNearestKnownKey() {
    YamlDocument doc = YamlDocument.parse("name: x\nbandwith: 3TB/s\n", "f.yaml");
    YamlMap root = doc.root().orElseThrow();
    root.requireString("name");
    root.value("bandwidth", Bandwidth::parse);
    root.finish();
    assertThatThrownBy(doc::finish)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("f.yaml:2:1: field 'bandwith': unknown field; did you mean 'bandwidth'?");
  }

  @Test
  void valueProblemsNameTheFieldPathAndPosition() {
    YamlDocument doc = YamlDocument.parse("memory:\n  bandwidth: 3.35TB\n", "h.yaml");
    YamlMap memory = doc.root().orElseThrow().map("memory").orElseThrow();
    memory.value("bandwidth", Bandwidth::parse);
    assertThat(doc.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.column()).isEqualTo(14);
              assertThat(p.field()).isEqualTo("memory.bandwidth");
              assertThat(p.message())
                  .contains("expected a bandwidth such as 3.35TB/s")
                  .contains("got '3.35TB'");
            });
  }

  @Test
  void everyProblemIsCollectedNotJustTheFirst() {
    YamlDocument doc = YamlDocument.parse("a: x\nb: y\n", "f.yaml");
    YamlMap root = doc.root().orElseThrow();
    root.requireString("missing1");
    root.requireString("missing2");
    root.finish();
    assertThat(doc.problems()).hasSize(4);
  }

  @Test
  void duplicateKeysAreRejected() {
    YamlDocument doc = YamlDocument.parse("a: 1\na: 2\n", "f.yaml");
    assertThat(doc.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("duplicate key"));
  }

  @Test
  void sourceReferencesMustBeDeclared() {
    YamlDocument doc =
        YamlDocument.parse("sources:\n  paper: \"a paper\"\nmemory:\n  source: papr\n", "f.yaml");
    YamlMap root = doc.root().orElseThrow();
    root.declareSources("sources");
    root.map("memory").orElseThrow().requireSource();
    assertThatThrownBy(doc::finish)
        .hasMessageContaining("source 'papr' is not declared")
        .hasMessageContaining("did you mean 'paper'");
  }

  @Test
  void anEmptyFileIsAProblem() {
    YamlDocument doc = YamlDocument.parse("", "empty.yaml");
    assertThat(doc.root()).isEmpty();
    assertThatThrownBy(doc::finish).hasMessage("empty.yaml: the file is empty");
  }
}
