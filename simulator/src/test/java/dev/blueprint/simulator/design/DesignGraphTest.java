package dev.blueprint.simulator.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow as a graph, for every step kind of docs/design-format.md. */
class DesignGraphTest {
  private final DesignParser parser = new DesignParser(DesignFiles.none());

  private static final String COMPONENTS =
      "components:\n"
          + "  gateway: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  results-cache: {kind: cache, hit_ratio: 50%, hit_latency: 1ms, miss_latency: 1ms, cost: $1/h}\n"
          + "  feature-cache: {kind: cache, hit_ratio: 50%, hit_latency: 1ms, miss_latency: 1ms, cost: $1/h}\n"
          + "  feature-store: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  ranker-v1: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  ranker-v2: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  ranker-v3: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  bm25: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  query-encoder: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  dense: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  ranker: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  popular-items: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  a: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  b: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n"
          + "  c: {kind: station, servers: 4, service: exponential(mean=1ms), cost: $1/h}\n";

  private static final String FLOW =
      """
      flow:
        - gateway
        - results-cache
        - cache: feature-cache
          on_miss: [feature-store]
        - traffic-split:
            ranker-v1: 95%
            ranker-v2: 5%
        - shadow: [ranker-v3]
        - fan-out:
            branches:
              - [bm25]
              - [query-encoder, dense]
            join: all
        - timeout:
            after: 50ms
            flow: [ranker]
            fallback: [popular-items]
        - circuit-breaker:
            flow: [ranker]
            fallback: [popular-items]
            failure_threshold: 50%
            open_for: 30s
            probes: 5
        - traffic-split:
            - {weight: 50%, flow: [a, b]}
            - {weight: 50%, flow: [c]}
        - fan-out: [a, b]
      """;

  private static final String HEAD = "name: all\nworkload: {arrival: poisson, rate: 10/s}\n";

  private static DesignGraph.Edge e(String from, String to) {
    return new DesignGraph.Edge(from, to);
  }

  /**
   * Branches join what came before to each branch's first component and each branch's last to what
   * follows; a shadow branches off and rejoins nothing; a cache's miss path leaves from the cache
   * too.
   */
  private static final List<DesignGraph.Edge> EDGES =
      List.of(
          e("gateway", "results-cache"),
          e("results-cache", "feature-cache"),
          e("feature-cache", "feature-store"),
          e("feature-cache", "ranker-v1"),
          e("feature-store", "ranker-v1"),
          e("feature-cache", "ranker-v2"),
          e("feature-store", "ranker-v2"),
          e("ranker-v1", "ranker-v3"),
          e("ranker-v2", "ranker-v3"),
          e("ranker-v1", "bm25"),
          e("ranker-v2", "bm25"),
          e("ranker-v1", "query-encoder"),
          e("ranker-v2", "query-encoder"),
          e("query-encoder", "dense"),
          e("bm25", "ranker"),
          e("dense", "ranker"),
          e("bm25", "popular-items"),
          e("dense", "popular-items"),
          e("popular-items", "ranker"),
          e("ranker", "popular-items"),
          e("ranker", "a"),
          e("popular-items", "a"),
          e("a", "b"),
          e("ranker", "c"),
          e("popular-items", "c"),
          e("b", "a"),
          e("c", "a"),
          e("c", "b"));

  @Test
  void everyStepKindIsJoinedAsTheFormatDescribes() {
    Design design = parser.parse(HEAD + COMPONENTS + FLOW, "all.yaml");
    assertThat(design.graph().edges()).isEqualTo(EDGES);
    assertThat(design.componentsInFlow())
        .containsExactly(
            "gateway",
            "results-cache",
            "feature-cache",
            "feature-store",
            "ranker-v1",
            "ranker-v2",
            "ranker-v3",
            "bm25",
            "query-encoder",
            "dense",
            "ranker",
            "popular-items",
            "a",
            "b",
            "c");
  }

  @Test
  void aDraftWithAMistakeElsewhereStillHasItsWholeGraph() {
    String broken =
        (HEAD + COMPONENTS + FLOW)
            .replace("dense: {kind: station, servers: 4", "dense: {kind: station, servers: -4");
    DesignParser.Draft draft = parser.draft(broken, "all.yaml");
    assertThat(draft.design()).isEmpty();
    assertThat(draft.problems()).hasSize(1);
    assertThat(draft.problems().get(0).field()).contains("dense");
    assertThat(draft.graph().edges()).isEqualTo(EDGES);

    DesignParser.Draft notYaml = parser.draft("name: [", "bad.yaml");
    assertThat(notYaml.graph()).isEqualTo(DesignGraph.EMPTY);
    assertThat(notYaml.problems()).isNotEmpty();

    DesignParser.Draft fine = parser.draft(HEAD + COMPONENTS + FLOW, "all.yaml");
    assertThat(fine.design()).isPresent();
    assertThat(fine.problems()).isEmpty();
  }
}
