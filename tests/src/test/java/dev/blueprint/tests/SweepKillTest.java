package dev.blueprint.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL in the middle (a real process, not an interrupted thread) keeps every
 * run it finished, leaves a sound database, and the same command resumes it without running a
 * finished point again.
 */
class SweepKillTest {
  @TempDir Path dir;

  private static final String DESIGN =
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
      """;

  private Process start(Path design, Path db, Path log) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.blueprint.app.cli.BlueprintCommand",
                "sweep",
                design.toString(),
                "--vary",
                "components.pool.servers=5..14",
                "--vary",
                "workload.rate=18/s,20/s",
                "--requests",
                "400000",
                "--threads",
                "2",
                "--db",
                db.toString(),
                "--format",
                "json"));
    return new ProcessBuilder(command)
        .redirectErrorStream(false)
        .redirectOutput(log.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }

  private static int stored(Path db) {
    if (!Files.exists(db)) {
      return 0;
    }
    try (RunHistory h = RunHistory.open(db)) {
      return h.list(1000, Optional.empty()).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Test
  void aKilledSweepLosesNoFinishedRunAndResumes() throws Exception {
    Path design = dir.resolve("pool.yaml");
    Files.writeString(design, DESIGN);
    Path db = dir.resolve("runs.db");
    Process first = start(design, db, dir.resolve("first.json"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (stored(db) < 5 && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(first.isAlive())
        .as("the sweep should still be running after 5 of 20 points")
        .isTrue();
    first.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to tidy up
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isNotZero();

    int kept;
    try (RunHistory h = RunHistory.open(db)) {
      assertThat(h.integrityCheck()).isEqualTo("ok");
      List<RunRecord> runs = h.list(1000, Optional.empty());
      kept = runs.size();
      assertThat(kept).isBetween(5, 19);
      for (RunRecord r : runs) {
        assertThat(new ObjectMapper().readTree(r.metrics()).get("p99_ms").asDouble()).isPositive();
        assertThat(r.designText()).contains("servers:");
      }
      assertThat(h.batch(1).orElseThrow().status()).isEqualTo("running");
    }

    Process second = start(design, db, dir.resolve("second.json"));
    assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertThat(second.exitValue()).as(err).isZero();
    assertThat(err).contains("resuming sweep 1: " + kept + " of 20 points already done");
    assertThat(new ObjectMapper().readTree(dir.resolve("second.json").toFile()).get("rows"))
        .hasSize(20);
    try (RunHistory h = RunHistory.open(db)) {
      assertThat(h.integrityCheck()).isEqualTo("ok");
      assertThat(h.batchRuns(1)).hasSize(20);
      assertThat(h.batch(1).orElseThrow().status()).isEqualTo("finished");
    }
  }
}
