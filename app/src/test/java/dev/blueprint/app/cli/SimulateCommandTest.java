package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.app.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  private Path design(String yaml) throws Exception {
    Path file = dir.resolve("design.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Path mm1() throws Exception {
    return design(
        """
        name: mm1
        workload:
          arrival: poisson
          rate: 0.9/s
        components:
          server:
            kind: station
            servers: 1
            service: exponential(mean=1s)
            cost: $1/h
        flow:
          - server
        slos:
          tail: p99 < 60s
          strict: p99 < 1s
        """);
  }

  @Test
  void theJsonHasTheDocumentedFields() throws Exception {
    CliRun run =
        CliRun.of("simulate", mm1().toString(), "--requests", "200000", "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("requests").asLong()).isEqualTo(200_000);
    assertThat(root.get("throughput_rps").asDouble()).isCloseTo(0.9, within(0.02));
    JsonNode latency = root.get("latency_ms");
    for (String key : new String[] {"mean", "p50", "p90", "p99", "p999"}) {
      assertThat(latency.get(key).asDouble()).as(key).isPositive();
    }
    assertThat(latency.get("mean").asDouble()).isCloseTo(10_000, within(1_000.0));
    JsonNode server = root.get("components").get("server");
    assertThat(server.get("utilization").asDouble()).isCloseTo(0.9, within(0.02));
    assertThat(server.get("mean_queue_length").asDouble()).isPositive();
    assertThat(server.get("mean_wait_ms").asDouble()).isPositive();
    assertThat(server.get("latency_ms").get("p99").asDouble()).isPositive();
    assertThat(root.get("cost").get("per_month_usd").asDouble()).isCloseTo(730, within(1e-6));
    assertThat(root.get("cost").get("per_million_requests_usd").asDouble())
        .isCloseTo(1e6 / 3600 / 0.9, within(10.0));
    assertThat(root.get("slo").get("tail").get("met").asBoolean()).isTrue();
    assertThat(root.get("slo").get("strict").get("met").asBoolean()).isFalse();
  }

  @Test
  void theTableIsReadableAndTheSeedMakesItRepeatable() throws Exception {
    Path file = mm1();
    CliRun first = CliRun.of("simulate", file.toString(), "--requests", "100000", "--seed", "5");
    CliRun second = CliRun.of("simulate", file.toString(), "--requests", "100000", "--seed", "5");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("mean latency")
        .contains("p99")
        .contains("server")
        .contains("Objectives")
        .contains("seed 5");
    String withoutTiming = first.out().replaceAll("ran in .*", "");
    assertThat(second.out().replaceAll("ran in .*", "")).isEqualTo(withoutTiming);
  }

  @Test
  void csvHasAnEndToEndRowAndOneRowPerComponent() throws Exception {
    CliRun run = CliRun.of("simulate", mm1().toString(), "--requests", "50000", "--format", "csv");
    String[] lines = run.out().strip().split("\n");
    assertThat(lines[0]).startsWith("scope,kind,servers,requests,utilization");
    assertThat(lines[1]).startsWith("end-to-end,");
    assertThat(lines[2]).startsWith("server,station,1,");
    assertThat(lines).hasSize(3);
  }

  @Test
  void outWritesAReportWithChartsAndTheRawFigures() throws Exception {
    Path out = dir.resolve("report");
    CliRun run =
        CliRun.of("simulate", mm1().toString(), "--requests", "100000", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String name : HtmlReport.fileNames()) {
      assertThat(out.resolve(name)).isRegularFile();
    }
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("<svg")
        .contains("Latency distribution")
        .contains("Queue length")
        .contains("Cost per month")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContainPattern("(src|href)=[\"']https?:");
    assertThat(html.split("<svg", -1)).hasSize(5);
    assertThat(Files.readAllLines(out.resolve("latency-cdf.csv")).size()).isGreaterThan(20);
    assertThat(Files.list(out).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  void aBadDesignIsRejectedWithFileLineAndField() throws Exception {
    Path file =
        design(
            """
        name: bad
        workload: {arrival: poisson, rate: 1/s}
        components:
          server: {kind: station, service: exponential(mean=1)}
        flow: [server]
        """);
    CliRun run = CliRun.of("simulate", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file + ":4:").contains("components.server.service");
  }

  @Test
  void aMissingFileAndConflictingOptionsAreClearErrors() throws Exception {
    CliRun missing = CliRun.of("simulate", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.yaml").contains("no such file");
    CliRun both = CliRun.of("simulate", mm1().toString(), "--requests", "10", "--duration", "1h");
    assertThat(both.exitCode()).isEqualTo(1);
    assertThat(both.err()).contains("--requests and --duration");
  }

  @Test
  void anOverloadedDesignStopsWithAMessageNotAStackTrace() throws Exception {
    Path file =
        design(
            """
        name: overload
        workload: {arrival: poisson, rate: 3/s}
        components:
          server: {kind: station, service: deterministic(1s)}
        flow: [server]
        """);
    CliRun run = CliRun.of("simulate", file.toString(), "--requests", "10000000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot keep up").doesNotContain("Exception");
  }

  @Test
  void analyzePutsTheoryBesideSimulation() throws Exception {
    CliRun run = CliRun.of("analyze", mm1().toString(), "--requests", "200000");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("M/M/1")
        .contains("exact for this design")
        .contains("10.00 s")
        .contains("46.05 s")
        .contains("Little");
  }
}
