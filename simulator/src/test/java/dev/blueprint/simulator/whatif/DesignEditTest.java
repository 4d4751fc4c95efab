package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesignEditTest {
  private static final String DESIGN =
      """
      name: demo
      # a comment that must survive
      workload:
        arrival: poisson
        rate: 100/s   # trailing comment
      components:
        ranker:
          kind: model-server
          model: wide-and-deep
          hardware: nvidia-t4
          precision: int8
          batching: dynamic
        edge: {kind: network, latency: 1ms}
      flow: [ranker, edge]
      """;

  private static String set(String path, String value) {
    return DesignEdit.set(DESIGN, "demo.yaml", ParameterPath.parse(path), value);
  }

  @Test
  void replacesAValueAndKeepsEverythingElse() {
    String edited = set("workload.rate", "250/s");
    assertThat(edited)
        .contains("  rate: 250/s   # trailing comment\n")
        .contains("# a comment that must survive");
    assertThat(edited.lines().count()).isEqualTo(DESIGN.lines().count());
    assertThat(edited.replace("250/s", "100/s")).isEqualTo(DESIGN);
  }

  @Test
  void addsAMissingFieldOnItsOwnLineWithTheMappingsIndent() {
    String edited = set("components.ranker.replicas", "3");
    assertThat(edited).contains("    batching: dynamic\n    replicas: 3\n  edge:");
  }

  @Test
  void addsToAFlowMapping() {
    assertThat(set("components.edge.bandwidth", "10Gb/s"))
        .contains("edge: {kind: network, latency: 1ms, bandwidth: 10Gb/s}");
    assertThat(set("components.edge.latency", "2ms"))
        .contains("edge: {kind: network, latency: 2ms}");
  }

  @Test
  void acceptsBatchingPathsForTheFlatFields() {
    assertThat(set("components.ranker.batching.max_batch", "64")).contains("    max_batch: 64\n");
  }

  @Test
  void quotesValuesThatWouldNotReadBack() {
    assertThat(DesignEdit.yamlScalar("lognormal(median=1ms, p99=3ms)"))
        .isEqualTo("\"lognormal(median=1ms, p99=3ms)\"");
    assertThat(DesignEdit.yamlScalar("a: b")).isEqualTo("\"a: b\"");
    assertThat(DesignEdit.yamlScalar("$0.045/h")).isEqualTo("$0.045/h");
    assertThat(DesignEdit.yamlScalar("nvidia-l4")).isEqualTo("nvidia-l4");
    assertThat(DesignEdit.yamlScalar("p99 < 10ms")).isEqualTo("p99 < 10ms");
  }

  @Test
  void indexesLists() {
    assertThat(set("flow.1", "ranker")).contains("flow: [ranker, ranker]");
  }

  @Test
  void namesTheNearestKeyForAPathThatLeadsNowhere() {
    assertThatThrownBy(() -> set("components.rnker.replicas", "2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("components.rnker.replicas")
        .hasMessageContaining("ranker");
  }

  @Test
  void refusesToReplaceAMappingOrGoThroughAValue() {
    assertThatThrownBy(() -> set("components.ranker", "x"))
        .hasMessageContaining("only single values");
    assertThatThrownBy(() -> set("workload.rate.value", "x")).hasMessageContaining("is a value");
    assertThatThrownBy(() -> set("flow.7", "x")).hasMessageContaining("outside the list");
  }

  @Test
  void appliesSeveralPathsInOrder() {
    Map<ParameterPath, String> values = new LinkedHashMap<>();
    values.put(ParameterPath.parse("workload.rate"), "1k/s");
    values.put(ParameterPath.parse("components.ranker.hardware"), "nvidia-l4");
    String edited = DesignEdit.apply(DESIGN, "demo.yaml", values);
    assertThat(edited).contains("rate: 1k/s").contains("hardware: nvidia-l4");
  }

  @Test
  void insertsAfterANestedBlockValueNotIntoTheNextSibling() {
    String flow =
        """
        flow:
          - fan-out:
              branches:
                - [a]
                - [b]
          - fan-out:
              branches:
                - [c]
        # trailing comment
        """;
    String edited = DesignEdit.set(flow, "f.yaml", ParameterPath.parse("flow.0.fan-out.join"), "1");
    assertThat(edited).isEqualTo(flow.replace("        - [b]\n", "        - [b]\n      join: 1\n"));
    String items = "list:\n- name: a\n  x: {y: 1}\n- name: b\n";
    assertThat(DesignEdit.set(items, "f.yaml", ParameterPath.parse("list.0.z"), "2"))
        .isEqualTo("list:\n- name: a\n  x: {y: 1}\n  z: 2\n- name: b\n");
    String indentless = "a:\n  branches:\n  - [x]\n  - [y]\nb: 1\n";
    assertThat(DesignEdit.set(indentless, "f.yaml", ParameterPath.parse("a.join"), "all"))
        .isEqualTo("a:\n  branches:\n  - [x]\n  - [y]\n  join: all\nb: 1\n");
  }

  @Test
  void replacesBlockScalarsEmptyValuesAndKeepsFlowCommasRight() {
    String block = "note: |\n  some text\n  more\nkind: station\n";
    assertThat(DesignEdit.set(block, "f.yaml", ParameterPath.parse("note"), "x"))
        .isEqualTo("note: x\nkind: station\n");
    assertThat(DesignEdit.set("a: 1\nb:\nc: 2\n", "f.yaml", ParameterPath.parse("b"), "5"))
        .isEqualTo("a: 1\nb: 5\nc: 2\n");
    assertThat(
            DesignEdit.set(
                "s: {kind: station, }\n", "f.yaml", ParameterPath.parse("s.servers"), "4"))
        .isEqualTo("s: {kind: station, servers: 4}\n");
  }

  @Test
  void refusesAnchorsAndQuotesWhatYamlWouldReadOtherwise() {
    String anchored = "a: &n 5\nb: *n\n";
    assertThatThrownBy(() -> DesignEdit.set(anchored, "f.yaml", ParameterPath.parse("a"), "6"))
        .hasMessageContaining("anchor");
    assertThatThrownBy(() -> DesignEdit.set(anchored, "f.yaml", ParameterPath.parse("b"), "6"))
        .hasMessageContaining("anchor");
    for (String v : new String[] {"null", "true", "-", "- 5", "%5", "no"}) {
      assertThat(DesignEdit.yamlScalar(v)).as(v).startsWith("\"");
    }
    assertThat(DesignEdit.yamlScalar("-5")).isEqualTo("-5");
  }

  @Test
  void addsAndRemovesWholeComponentsKeepingTheRest() {
    String added =
        DesignEdit.addEntry(
            DESIGN,
            "demo.yaml",
            ParameterPath.parse("components"),
            "cache",
            List.of("kind: cache", "hit_ratio: 50%", "hit_latency: 1ms"));
    assertThat(added)
        .contains(
            "  edge: {kind: network, latency: 1ms}\n  cache:\n    kind: cache\n    hit_ratio: 50%\n"
                + "    hit_latency: 1ms\nflow: [ranker, edge]");
    String removed =
        DesignEdit.removeEntry(added, "demo.yaml", ParameterPath.parse("components.ranker"));
    assertThat(removed)
        .doesNotContain("ranker:")
        .doesNotContain("wide-and-deep")
        .contains("  edge: {kind: network")
        .contains("# a comment that must survive");
    assertThat(DesignEdit.removeEntry(added, "demo.yaml", ParameterPath.parse("components.cache")))
        .isEqualTo(DESIGN);
  }

  @Test
  void replacesAWholeValueInlineOrAddsIt() {
    assertThat(DesignEdit.replaceValue(DESIGN, "demo.yaml", ParameterPath.parse("flow"), "[edge]"))
        .contains("flow: [edge]\n");
    String blockFlow = "name: x\nflow:\n  - a\n  - b\nslos:\n  tail: p99 < 1s\n";
    assertThat(
            DesignEdit.replaceValue(blockFlow, "x.yaml", ParameterPath.parse("flow"), "[a, b, c]"))
        .isEqualTo("name: x\nflow: [a, b, c]\nslos:\n  tail: p99 < 1s\n");
    assertThat(
            DesignEdit.replaceValue(
                blockFlow, "x.yaml", ParameterPath.parse("layout"), "{a: [1, 2]}"))
        .isEqualTo(blockFlow + "layout: {a: [1, 2]}\n");
  }

  @Test
  void commentsInsideAnEntryNeitherEndItNorGetCut() {
    String flow = "flow:\n  - gateway\n# - cache\n  - ranker\nslos: {}\n";
    assertThat(DesignEdit.replaceValue(flow, "f.yaml", ParameterPath.parse("flow"), "[gateway]"))
        .isEqualTo("flow: [gateway]\nslos: {}\n");
    String component =
        "components:\n  a:\n    kind: station\n#   servers: 2\n    service: x\n  b:\n    kind: station\n";
    assertThat(DesignEdit.removeEntry(component, "f.yaml", ParameterPath.parse("components.a")))
        .isEqualTo("components:\n  b:\n    kind: station\n");
    assertThat(DesignEdit.yamlScalar("two\nlines")).isEqualTo("\"two\\nlines\"");
  }
}
