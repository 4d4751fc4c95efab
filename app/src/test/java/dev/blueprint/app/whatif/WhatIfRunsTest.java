package dev.blueprint.app.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunKind;
import dev.blueprint.app.history.RunRecord;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhatIfRunsTest {
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

  private Sweep sweep(String values) {
    DesignSource source =
        new DesignSource(STATION, "pool.yaml", DesignContext.shipped(DesignFiles.none()));
    return new Sweep(
        source,
        List.of(Variation.parse("components.pool.servers=" + values)),
        TrafficWhatIf.NONE,
        RunOptions.defaults().withRequests(20_000));
  }

  private RunHistory history() {
    return RunHistory.open(dir.resolve("runs.db"));
  }

  @Test
  void aSweepRecordsEveryPointAndFinishesItsBatchWithItsSpecAndTimes() {
    List<Long> runIds = new ArrayList<>();
    long batchId;
    try (RunHistory h = history()) {
      WhatIfRuns.Batch batch = new WhatIfRuns(Optional.of(h)).sweep(sweep("5..7"), "opts", false);
      assertThat(batch.resumed()).isFalse();
      assertThat(batch.pending()).hasSize(3);
      batch.runSweep(2, (result, runId) -> runIds.add(runId));
      assertThat(batch.complete()).isTrue();
      batch.finish(Map.of("threads", 2));
      batchId = batch.id();
    }
    try (RunHistory h = history()) {
      RunHistory.Batch stored = h.batch(batchId).orElseThrow();
      assertThat(stored.kind()).isEqualTo(RunKind.SWEEP.id());
      assertThat(stored.status()).isEqualTo("finished");
      assertThat(stored.designName()).isEqualTo("pool");
      assertThat(stored.points()).isEqualTo(3);
      assertThat(stored.spec()).contains("components.pool.servers").contains("5", "6", "7");
      assertThat(stored.summary()).hasValue("{\"threads\":2}");
      List<RunRecord> runs = h.batchRuns(batchId);
      assertThat(runs).extracting(RunRecord::id).containsExactlyInAnyOrderElementsOf(runIds);
      assertThat(runs).extracting(r -> r.pointIndex().orElseThrow()).contains(0, 1, 2);
      assertThat(runs).allMatch(r -> r.kind().equals("sweep") && r.ok());
    }
  }

  @Test
  void anInterruptedSweepResumesWhereItStoppedUnlessAskedFresh() {
    Sweep sweep = sweep("5..8");
    long first;
    try (RunHistory h = history()) {
      WhatIfRuns.Batch batch = new WhatIfRuns(Optional.of(h)).sweep(sweep, "opts", false);
      first = batch.id();
      // Stop after two points, as an interrupted run does: the batch stays unfinished.
      int[] seen = {0};
      batch.runSweep(
          1,
          (result, runId) -> {
            if (++seen[0] == 2) {
              Thread.currentThread().interrupt();
            }
          });
      Thread.interrupted();
      assertThat(batch.complete()).isFalse();
    }
    try (RunHistory h = history()) {
      WhatIfRuns runs = new WhatIfRuns(Optional.of(h));
      WhatIfRuns.Batch again = runs.sweep(sweep, "opts", false);
      assertThat(again.resumed()).isTrue();
      assertThat(again.id()).isEqualTo(first);
      assertThat(again.alreadyDone()).hasSize(2);
      assertThat(again.earlierRuns()).hasSize(2);
      assertThat(again.pending()).hasSize(2);
      again.runSweep(2, (result, runId) -> {});
      assertThat(again.complete()).isTrue();
      again.finish(Map.of());
      assertThat(h.batchRuns(first)).hasSize(4);

      assertThat(runs.sweep(sweep, "other options", false).resumed())
          .as("other run options are another question")
          .isFalse();
      WhatIfRuns.Batch fresh = runs.sweep(sweep("5..8"), "opts", true);
      assertThat(fresh.resumed()).isFalse();
      assertThat(fresh.id()).isNotEqualTo(first);
    }
  }

  @Test
  void anOptimisationRecordsTheCandidatesItSimulates() {
    try (RunHistory h = history()) {
      List<Long> runIds = new ArrayList<>();
      WhatIfRuns.Batch batch =
          new WhatIfRuns(Optional.of(h))
              .optimization(sweep("1..8"), List.of("p99_ms<=1500"), Metric.COST_PER_MONTH);
      Optimization o =
          batch.runOptimizer(
              Metric.COST_PER_MONTH,
              true,
              List.of(Constraint.parse("p99_ms<=1500")),
              2,
              (result, runId) -> runIds.add(runId));
      batch.finish(Map.of("simulations", o.simulations()));
      assertThat(o.chosen()).isPresent();
      assertThat(runIds).hasSize(o.simulations()).allMatch(id -> id > 0);
      RunHistory.Batch stored = h.batch(batch.id()).orElseThrow();
      assertThat(stored.kind()).isEqualTo("optimize");
      assertThat(stored.status()).isEqualTo("finished");
      assertThat(h.batchRuns(batch.id())).hasSize(o.simulations());
    }
  }

  @Test
  void withoutAHistoryTheSameSweepRunsAndNothingIsRecorded() {
    List<Long> runIds = new ArrayList<>();
    WhatIfRuns.Batch batch = new WhatIfRuns(Optional.empty()).sweep(sweep("5,6"), "opts", false);
    batch.runSweep(2, (result, runId) -> runIds.add(runId));
    batch.finish(Map.of());
    assertThat(batch.id()).isZero();
    assertThat(runIds).containsExactly(0L, 0L);
    assertThat(batch.wallSeconds()).isPositive();
  }
}
