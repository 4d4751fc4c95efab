package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The What-if tab without a window: plain JUnit, jobs run inline by {@link DirectTaskRunner}. */
class WhatIfViewModelTest {
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

  private String text = STATION;

  private DesignSource source() {
    return new DesignSource(text, "pool.yaml", DesignContext.shipped(DesignFiles.none()));
  }

  private Optional<RunHistory> history() {
    return Optional.of(RunHistory.open(dir.resolve("runs.db")));
  }

  private final WhatIfViewModel model =
      new WhatIfViewModel(this::source, this::history, new DirectTaskRunner(), 2);

  private void vary(int i, String path, String values) {
    model.pathProperty(i).set(path);
    model.valuesProperty(i).set(values);
  }

  @Test
  void theInputIsCheckedAsItIsTypedAndRunIsOnlyPossibleWhenItIsFine() {
    assertThat(model.problemProperty().get()).isEqualTo("pick a parameter and its values");
    assertThat(model.canRunProperty().get()).isFalse();

    vary(0, "components.pool.servers", "5..7");
    assertThat(model.problemProperty().get()).isEmpty();
    assertThat(model.canRunProperty().get()).isTrue();

    model.requestsProperty().set("many");
    assertThat(model.problemProperty().get())
        .isEqualTo("requests per point: a positive whole number");
    assertThat(model.canRunProperty().get()).isFalse();
    model.requestsProperty().set("20,000");
    assertThat(model.canRunProperty().get()).isTrue();

    model.valuesProperty(0).set("5..");
    assertThat(model.problemProperty().get()).isNotEmpty();
    model.valuesProperty(0).set("5..7");

    model.constraintsProperty().set("p99_ms<<10");
    assertThat(model.canRunProperty().get()).as("constraints matter only when optimising").isTrue();
    model.optimiseProperty().set(true);
    assertThat(model.problemProperty().get()).isNotEmpty();
    assertThat(model.canRunProperty().get()).isFalse();
  }

  @Test
  void aSweepFillsTheRowsMarksTheFrontAndIsRecordedSoItCanBeResumed() {
    vary(0, "components.pool.servers", "5..7");
    model.requestsProperty().set("20000");
    model.run();
    assertThat(model.isRunning()).isFalse();
    assertThat(model.rows())
        .extracting(r -> r.point().value("components.pool.servers"))
        .containsExactly("5", "6", "7");
    assertThat(model.rows()).anyMatch(WhatIfViewModel.Row::onFront);
    assertThat(model.summaryProperty().get())
        .isEqualTo("3 of 3 combinations simulated with the same seed");
    assertThat(model.progressProperty().get()).isEqualTo(1);
    assertThat(model.heatMap()).as("one parameter has no heat map").isEmpty();
    assertThat(model.variantText(model.rows().get(0).point()).orElseThrow()).contains("servers: 5");

    try (RunHistory h = history().orElseThrow()) {
      List<RunHistory.Batch> batches = batches(h);
      assertThat(batches).singleElement();
      RunHistory.Batch batch = batches.get(0);
      assertThat(batch.kind()).isEqualTo("sweep");
      assertThat(batch.status()).isEqualTo("finished");
      assertThat(batch.spec()).contains("components.pool.servers");
      assertThat(batch.summary().orElseThrow()).contains("wall_seconds", "cpu_seconds");
      assertThat(h.batchRuns(batch.id())).hasSize(3);
    }
  }

  @Test
  void cancelStopsTheSweepKeepsItsRowsAndLeavesItResumableByTheCommandLine() {
    vary(0, "components.pool.servers", "3..9");
    model.requestsProperty().set("20000");
    model
        .rows()
        .addListener(
            (ListChangeListener<WhatIfViewModel.Row>)
                c -> {
                  if (model.rows().size() == 2) {
                    model.cancel();
                  }
                });
    model.run();
    assertThat(model.isRunning()).isFalse();
    assertThat(model.summaryProperty().get()).isEqualTo("cancelled after 2 of 7");
    assertThat(model.rows()).hasSize(2);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    try (RunHistory h = history().orElseThrow()) {
      String key =
          WhatIfRuns.resumeKey(
              source(),
              List.of(Variation.parse("components.pool.servers=3..9")),
              TrafficWhatIf.NONE,
              WhatIfRuns.requestsOnly(20000));
      RunHistory.Batch unfinished = h.unfinished(key).orElseThrow();
      assertThat(h.finishedPoints(unfinished.id())).hasSize(2);
    }
  }

  @Test
  void anOptimisationSaysWhatItChose() {
    vary(0, "components.pool.servers", "1..8");
    model.requestsProperty().set("20000");
    model.optimiseProperty().set(true);
    model.constraintsProperty().set("p99_ms<=1500");
    model.run();
    assertThat(model.summaryProperty().get())
        .startsWith("chosen: components.pool.servers=")
        .contains("simulations of 8 candidates");
    try (RunHistory h = history().orElseThrow()) {
      assertThat(batches(h))
          .singleElement()
          .satisfies(b -> assertThat(b.kind()).isEqualTo("optimize"));
    }
  }

  @Test
  void twoParametersGiveAHeatMapWithOneCellPerCombination() {
    vary(0, "components.pool.servers", "5,6");
    vary(1, "workload.rate", "10/s,15/s,20/s");
    model.requestsProperty().set("20000");
    model.run();
    WhatIfViewModel.HeatMap map = model.heatMap().orElseThrow();
    assertThat(map.cells()).hasSize(2).allSatisfy(line -> assertThat(line).hasSize(3));
    assertThat(map.cells().get(1).get(0).row().orElseThrow().label())
        .contains("components.pool.servers=6")
        .contains("workload.rate=10/s");
    assertThat(map.cells().stream().flatMap(List::stream).mapToDouble(c -> c.shade()))
        .allMatch(s -> s >= 0 && s <= 1)
        .contains(0.0, 1.0);
  }

  @Test
  void aDesignTheSweepCannotUseIsReportedAndNothingRuns() {
    text = STATION.replace("servers: 6", "servers: six");
    vary(0, "components.pool.servers", "5..7");
    model.run();
    assertThat(model.isRunning()).isFalse();
    assertThat(model.rows()).isEmpty();
    assertThat(model.summaryProperty().get()).isNotEmpty().doesNotContain("simulated");
  }

  private static List<RunHistory.Batch> batches(RunHistory h) {
    return LongStream.rangeClosed(1, 10).mapToObj(h::batch).flatMap(Optional::stream).toList();
  }
}
