package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.design.DesignLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WhatIfCommandsTest {
  @TempDir Path dir;

  private static final String STATION =
      """
      name: pool
      workload:
        arrival: poisson
        rate: 20/s
      components:
        pool:
          kind: station
          servers: 6
          service: exponential(mean=200ms)
          cost: $1/h
      flow: [pool]
      slos:
        tail: p99 < 1.5s
      """;

  private Path design() throws Exception {
    Path file = dir.resolve("pool.yaml");
    Files.writeString(file, STATION);
    return file;
  }

  private String db() {
    return dir.resolve("runs.db").toString();
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(db());
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void theWorkbenchAsksTheSameQuestionAsSweepWithRequests() {
    // The What-if tab's resume key uses these words, so blueprint sweep can resume its sweeps.
    SimulationOptions options = new SimulationOptions();
    new CommandLine(options).parseArgs("--requests", "20000");
    assertThat(options.describe()).isEqualTo(WhatIfRuns.requestsOnly(20_000));
  }

  @Test
  void aSweepPrintsOneRowPerCombinationAndWritesItsReport() throws Exception {
    Path out = dir.resolve("report");
    CliRun r =
        run(
            "sweep",
            design().toString(),
            "--vary",
            "components.pool.servers=5..7",
            "--vary",
            "workload.rate=15/s,20/s",
            "--requests",
            "100000",
            "--format",
            "json",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    JsonNode rows = root.get("rows");
    assertThat(rows).hasSize(6);
    assertThat(rows.get(0).get("parameters").get("components.pool.servers").asText())
        .isEqualTo("5");
    assertThat(rows.get(5).get("parameters").get("workload.rate").asText()).isEqualTo("20/s");
    for (JsonNode row : rows) {
      assertThat(row.get("metrics").get("p99_ms").asDouble()).isPositive();
      assertThat(row.get("metrics").get("cost_per_month").asDouble())
          .isEqualTo(730.0 * row.get("parameters").get("components.pool.servers").asInt());
    }
    // More servers at the same traffic never cost less, so the cheapest point is always on the
    // front.
    assertThat(rows.get(0).get("pareto").asBoolean()).isTrue();
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("Pareto front").contains("Heat map: p99_ms").contains("<svg");
    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(7);
    assertThat(out.resolve("sweep.json")).exists();
  }

  @Test
  void aSweepResumesFromTheRunHistoryInsteadOfRunningAgain() throws Exception {
    String[] args = {
      "sweep", design().toString(), "--vary", "components.pool.servers=5..8", "--requests", "50000"
    };
    CliRun first = run(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    try (RunHistory h = RunHistory.open(Path.of(db()))) {
      assertThat(h.list(100, Optional.empty())).hasSize(4);
    }
    // The finished sweep is not resumed; a fresh one is started and finishes too.
    CliRun second = run(args);
    assertThat(second.out()).contains("4 combinations (4 run now");
  }

  @Test
  void badPathsAndValuesAreNamed() throws Exception {
    CliRun path = run("sweep", design().toString(), "--vary", "components.pol.servers=1..3");
    assertThat(path.exitCode()).isEqualTo(1);
    assertThat(path.err()).contains("components.pol.servers").contains("pool");
    CliRun value = run("sweep", design().toString(), "--vary", "components.pool.servers=many,2");
    assertThat(value.exitCode()).isEqualTo(1);
    assertThat(value.err()).contains("pool.yaml").contains("servers");
    CliRun later = run("sweep", design().toString(), "--vary", "components.pool.servers=5,6,many");
    assertThat(later.exitCode())
        .as("a bad value anywhere in the list fails before anything runs")
        .isEqualTo(1);
    assertThat(later.err()).contains("pool.yaml").contains("servers").contains("many");
    CliRun metric =
        run(
            "sweep",
            design().toString(),
            "--vary",
            "components.pool.servers=6",
            "--pareto",
            "cost,p99");
    assertThat(metric.err()).contains("cost_per_month");
    CliRun form = run("sweep", design().toString(), "--vary", "components.pool.servers");
    assertThat(form.err()).contains("PATH=VALUES");
  }

  @Test
  void optimizePrintsTheDocumentedJsonAndWritesTheChosenDesign() throws Exception {
    Path chosen = dir.resolve("chosen.yaml");
    CliRun r =
        run(
            "optimize",
            design().toString(),
            "--vary",
            "components.pool.servers=1..20",
            "--minimize",
            "cost_per_month",
            "--subject-to",
            "mean_wait_ms<=15",
            "--format",
            "json",
            "--write",
            chosen.toString(),
            "--threads",
            "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("chosen").get("components.pool.servers").asText()).isEqualTo("7");
    assertThat(root.get("objective").get("name").asText()).isEqualTo("cost_per_month");
    assertThat(root.get("objective").get("value").asDouble()).isEqualTo(7 * 730.0);
    JsonNode constraint = root.get("constraints").get(0);
    assertThat(constraint.get("expression").asText()).isEqualTo("mean_wait_ms<=15");
    assertThat(constraint.get("value").asDouble()).isBetween(5.0, 15.0);
    assertThat(constraint.get("met").asBoolean()).isTrue();
    assertThat(constraint.get("tight").asBoolean()).isTrue();
    assertThat(root.get("simulations").isInt()).isTrue();
    assertThat(root.get("simulations").asInt()).isLessThan(20);
    assertThat(DesignLoader.load(chosen).components().get("pool").cost().dollarsPerHour())
        .isEqualTo(7.0);
    assertThat(Files.readString(chosen))
        .startsWith("# Chosen by `blueprint optimize")
        .contains("servers: 7");
  }

  @Test
  void optimizeSaysWhenNothingFits() throws Exception {
    CliRun r =
        run(
            "optimize",
            design().toString(),
            "--vary",
            "components.pool.servers=1..3",
            "--minimize",
            "cost_per_month",
            "--subject-to",
            "p99_ms<=1");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).contains("No candidate met every constraint");
  }

  @Test
  void theRunHistoryListsShowsComparesAndExports() throws Exception {
    assertThat(run("simulate", design().toString(), "--requests", "50000").exitCode()).isZero();
    assertThat(
            run("simulate", design().toString(), "--requests", "50000", "--scale-traffic", "1.2x")
                .exitCode())
        .isZero();
    CliRun list = run("runs", "list");
    assertThat(list.out()).contains("simulate").contains("pool");
    CliRun show = run("runs", "show", "2");
    assertThat(show.out()).contains("traffic x1.2").contains("seed").contains("p99_ms");
    CliRun compare = run("runs", "compare", "1", "2", "--no-color");
    assertThat(compare.exitCode()).as(compare.err()).isZero();
    assertThat(compare.out()).containsPattern("what-if +as designed +traffic x1.2 +\\*");
    assertThat(compare.out()).containsPattern("throughput_rps.*\\+20\\.\\d %");
    Path exported = dir.resolve("run1.json");
    assertThat(run("runs", "export", "1", "--out", exported.toString()).exitCode()).isZero();
    JsonNode j = new ObjectMapper().readTree(exported.toFile());
    assertThat(j.get("design").asText()).isEqualTo(STATION);
    assertThat(
            j.get("results").get("latency_ms").get("p99").isObject()
                || j.get("results").get("latency_ms").get("p99").isNumber())
        .isTrue();
    CliRun yaml = run("runs", "export", "1", "--design");
    assertThat(yaml.out()).isEqualTo(STATION);
    CliRun missing = run("runs", "show", "99");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no run 99");
  }

  @Test
  void noHistoryYetIsSaidPlainly() {
    CliRun r = CliRun.of("runs", "list", "--db", dir.resolve("absent.db").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no run history at");
  }

  @Test
  void whatIfOptionsChangeTheRunAndBadOnesAreNamed() throws Exception {
    CliRun lost =
        run(
            "simulate",
            design().toString(),
            "--requests",
            "50000",
            "--fail-replica",
            "pool",
            "--format",
            "json");
    assertThat(lost.exitCode()).as(lost.err()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(lost.out())
                .get("components")
                .get("pool")
                .get("utilization")
                .asDouble())
        .isBetween(0.75, 0.85);
    CliRun unknown = run("simulate", design().toString(), "--fail-replica", "pol");
    assertThat(unknown.err()).contains("no component 'pol'").contains("pool");
    CliRun peak = run("simulate", design().toString(), "--diurnal-peak");
    assertThat(peak.err()).contains("not diurnal");
    CliRun scale = run("simulate", design().toString(), "--scale-traffic", "lots");
    assertThat(scale.err()).contains("2x");
  }

  @Test
  void aDesignCanNameTheUsersOwnHardware() throws Exception {
    Path profiles = Files.createDirectories(dir.resolve("hardware"));
    Files.writeString(
        profiles.resolve("my-l4.yaml"),
        Files.readString(Path.of("..", "hardware-profiles", "nvidia-l4.yaml"))
            .replaceFirst("(?m)^id: nvidia-l4", "id: my-l4"));
    Path design = dir.resolve("ranker.yaml");
    Files.writeString(
        design,
        """
        name: ranker
        workload:
          arrival: poisson
          rate: 1000/s
        components:
          ranker:
            kind: model-server
            model: wide-and-deep
            hardware: my-l4
            precision: int8
        flow: [ranker]
        """);
    CliRun without = run("simulate", design.toString(), "--requests", "20000");
    assertThat(without.err()).contains("ranker.yaml:9").contains("my-l4");
    CliRun with =
        run(
            "simulate",
            design.toString(),
            "--requests",
            "20000",
            "--hardware-dir",
            profiles.toString());
    assertThat(with.exitCode()).as(with.err()).isZero();
    CliRun sweep =
        run(
            "sweep",
            design.toString(),
            "--requests",
            "20000",
            "--hardware-dir",
            profiles.toString(),
            "--vary",
            "components.ranker.hardware=my-l4,nvidia-t4");
    assertThat(sweep.exitCode()).as(sweep.err()).isZero();
  }

  @Test
  void aCombinationThatCannotRunIsARowWithItsReason() throws Exception {
    CliRun r =
        run(
            "sweep",
            design().toString(),
            "--vary",
            "components.pool.servers=1..3",
            "--fail-replica",
            "pool",
            "--requests",
            "20000",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(r.out()).get("rows");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("failure").asText()).contains("it has 1 replica");
    assertThat(rows.get(0).get("metrics").get("p99_ms").isNull()).isTrue();
    assertThat(rows.get(2).get("failure").isNull()).isTrue();
  }
}
