package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.design.DesignLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesignDocumentTest {
  @TempDir Path dir;

  private static final Path EXAMPLES = Path.of("..", "assets", "examples");

  private static DesignDocument open(String example) {
    Path file = EXAMPLES.resolve(example);
    return DesignDocument.open(file, DesignDocument.contextFor(Optional.of(file)));
  }

  @Test
  void everyExampleOpensAndSavesByteForByte() throws Exception {
    try (var files = Files.list(EXAMPLES)) {
      for (Path example : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        DesignDocument doc =
            DesignDocument.open(example, DesignDocument.contextFor(Optional.of(example)));
        assertThat(doc.problems()).as(example.toString()).isEmpty();
        assertThat(doc.components()).as(example.toString()).isNotEmpty();
        Path copy = dir.resolve(example.getFileName());
        doc.saveAs(copy);
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(example));
      }
    }
  }

  @Test
  void buildsATwoComponentDesignFromNothing() throws Exception {
    DesignDocument doc = DesignDocument.untitled(DesignDocument.contextFor(Optional.empty()));
    assertThat(doc.design()).isEmpty();
    String gateway = doc.addComponent("gateway", 80, 100);
    String pool = doc.addComponent("station", 320, 100);
    doc.connect(gateway, pool);
    assertThat(doc.problems()).isEmpty();
    assertThat(doc.edges()).containsExactly(new DesignDocument.Edge(gateway, pool));
    assertThat(doc.setField(pool, "servers", "4")).isEmpty();
    assertThat(doc.design().orElseThrow().components().get(pool).cost().dollarsPerHour()).isZero();
    assertThat(doc.layout().get(pool)).containsExactly(320, 100);

    Path file = dir.resolve("two.yaml");
    doc.saveAs(file);
    assertThat(DesignLoader.load(file).flow()).hasSize(2);
    DesignDocument reopened =
        DesignDocument.open(file, DesignDocument.contextFor(Optional.of(file)));
    assertThat(reopened.components())
        .extracting(DesignDocument.Component::name)
        .containsExactly(gateway, pool);
    assertThat(reopened.component(pool).orElseThrow().fields()).containsEntry("servers", "4");
  }

  @Test
  void aBadValueIsRefusedWithItsReasonAndNothingChanges() {
    DesignDocument doc = open("mm1.yaml");
    String before = doc.text();
    var problems = doc.setField("server", "servers", "lots");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message()).contains("lots");
    assertThat(doc.text()).isEqualTo(before);
    assertThat(doc.canUndo()).isFalse();
  }

  @Test
  void undoAndRedoWalkTheEdits() {
    DesignDocument doc = open("mm1.yaml");
    String original = doc.text();
    doc.setField("server", "servers", "2");
    String twoServers = doc.text();
    doc.addComponent("cache", 10, 10);
    assertThat(doc.components()).hasSize(2);
    doc.undo();
    assertThat(doc.text()).isEqualTo(twoServers);
    doc.undo();
    assertThat(doc.text()).isEqualTo(original);
    assertThat(doc.dirty()).isFalse();
    doc.redo();
    doc.redo();
    assertThat(doc.components()).hasSize(2);
    doc.removeComponents(List.of("cache"));
    // Adding a component wrote where every box stood; the server keeps its place.
    assertThat(doc.text().replaceAll("(?s)layout:.*", "")).isEqualTo(twoServers);
    assertThat(doc.layout()).containsOnlyKeys("server");
  }

  @Test
  void connectsAndDisconnectsAChainAndRefusesABranchingFlow() {
    DesignDocument doc = open("ad-click.yaml");
    assertThat(doc.chain()).containsExactly("gateway", "features", "ranker");
    doc.disconnect("features", "ranker");
    assertThat(doc.chain()).containsExactly("gateway", "features");
    doc.connect("gateway", "ranker");
    assertThat(doc.chain()).containsExactly("gateway", "ranker", "features");
    assertThat(doc.text()).contains("flow: [gateway, ranker, features]");
    assertThat(doc.problems()).isEmpty();

    DesignDocument search = open("search-ranking.yaml");
    assertThat(search.flowIsChain()).isFalse();
    assertThat(search.edges()).isNotEmpty();
    assertThatThrownBy(() -> search.connect("bm25", "reranker")).hasMessageContaining("YAML");
  }

  @Test
  void editsTheTopLevelOfABranchingFlowAndKeepsItsBranches() {
    DesignDocument search = open("search-ranking.yaml");
    List<DesignDocument.Edge> before = search.edges();
    search.addComponent("network", 0, 0);
    search.connect("reranker", "network");
    assertThat(search.problems()).isEmpty();
    assertThat(search.edges())
        .containsAll(before)
        .contains(new DesignDocument.Edge("reranker", "network"));
    assertThat(search.text()).contains("fan-out: {branches: [[bm25], [query-encoder, dense]]}");
    search.disconnect("reranker", "network");
    assertThat(search.edges()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(search.design()).isPresent();
  }

  @Test
  void fansOutToSeveralComponents() {
    DesignDocument doc = open("ad-click.yaml");
    doc.fanOut("gateway", List.of("features", "ranker"));
    assertThat(doc.problems()).isEmpty();
    assertThat(doc.text())
        .contains("flow: [gateway, {fan-out: {branches: [[features], [ranker]]}}]");
    assertThat(doc.edges())
        .containsExactlyInAnyOrder(
            new DesignDocument.Edge("gateway", "features"),
            new DesignDocument.Edge("gateway", "ranker"));
    assertThat(doc.design().orElseThrow().flow()).hasSize(2);
    assertThatThrownBy(() -> doc.fanOut("gateway", List.of("features")))
        .hasMessageContaining("two branches");
    doc.undo();
    assertThat(doc.chain()).containsExactly("gateway", "features", "ranker");
  }

  @Test
  void copiesComponentsAndMovesThem() {
    DesignDocument doc = open("mm1.yaml");
    List<String> copies = doc.duplicate(List.of("server"));
    assertThat(copies).containsExactly("server-copy");
    assertThat(doc.component("server-copy").orElseThrow().fields())
        .containsEntry("service", "exponential(mean=1s)");
    doc.move(Map.of("server", new double[] {200, 60}));
    assertThat(doc.layout().get("server")).containsExactly(200, 60);
    assertThat(doc.problems()).isEmpty();
  }

  @Test
  void theDragBenchmarksDesignLoads() throws Exception {
    Path file = dir.resolve("bench.yaml");
    Files.writeString(file, DragBenchmark.design(200));
    DesignDocument doc = DesignDocument.open(file, DesignDocument.contextFor(Optional.of(file)));
    assertThat(doc.problems()).isEmpty();
    assertThat(doc.components()).hasSize(200);
    assertThat(doc.edges()).hasSize(199);
  }

  @Test
  void theMemoryPlannerSaysWhatFits() {
    String llm = MemoryPlanner.plan("llama-3.1-70b", "nvidia-h100-sxm-80gb", "fp8", 64, 4096, 4);
    assertThat(llm).contains("LLM serving, tensor-parallel 4").contains("left for the KV cache");
    String tooBig = MemoryPlanner.plan("llama-3.1-70b", "nvidia-l4", "fp8", 1, 1024, 1);
    assertThat(tooBig).contains("DOES NOT FIT");
    String cnn = MemoryPlanner.plan("resnet-50", "nvidia-t4", "int8", 32, 1, 1);
    assertThat(cnn).contains("fits").doesNotContain("LLM serving");
    // Tables larger than a T4 stay partly in host memory, as the model server plans them.
    String dlrm = MemoryPlanner.plan("dlrm-v2", "nvidia-t4", "fp16", 32, 1, 1);
    assertThat(dlrm).contains("kept on the device").contains("fits").doesNotContain("DOES NOT FIT");
  }

  @Test
  void removingAComponentTakesItsAutoscalerAndRespectsBranches() {
    Path file = dir.resolve("auto.yaml");
    DesignDocument doc = open("mm1.yaml");
    doc.addComponent("autoscaler", 0, 0);
    assertThat(doc.component("autoscaler").orElseThrow().fields())
        .containsEntry("target", "server");
    doc.addComponent("station", 200, 0);
    doc.removeComponents(List.of("server"));
    assertThat(doc.components())
        .extracting(DesignDocument.Component::name)
        .containsExactly("station");

    DesignDocument moderation = open("content-moderation.yaml");
    String reviewers = "reviewers";
    assertThat(moderation.component(reviewers)).isPresent();
    assertThatThrownBy(() -> moderation.removeComponents(List.of(reviewers)))
        .hasMessageContaining("YAML");
    assertThat(file).doesNotExist();
  }

  @Test
  void drawsEveryKindOfStepAsTheFormatMeansIt() {
    assertThat(open("youtube-recsys.yaml").edges())
        .contains(
            new DesignDocument.Edge("ranker", "diversity"),
            new DesignDocument.Edge("ranker", "policy"),
            new DesignDocument.Edge("ann", "features"),
            new DesignDocument.Edge("trending", "features"))
        .doesNotContain(new DesignDocument.Edge("diversity", "policy"));
    assertThat(open("content-moderation.yaml").edges())
        .contains(
            new DesignDocument.Edge("classifier", "auto"),
            new DesignDocument.Edge("classifier", "reviewers"));
    DesignDocument shadow =
        DesignDocument.fromText(
            """
        name: s
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: exponential(mean=1ms)}
          v3: {kind: station, service: exponential(mean=1ms)}
          b: {kind: station, service: exponential(mean=1ms)}
        flow: [a, {shadow: [v3]}, b]
        """,
            DesignDocument.contextFor(Optional.empty()));
    assertThat(shadow.edges())
        .containsExactlyInAnyOrder(
            new DesignDocument.Edge("a", "v3"), new DesignDocument.Edge("a", "b"));
  }
}
