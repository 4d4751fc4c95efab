package dev.blueprint.app.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.blueprint.app.history.RunRecord;
import dev.blueprint.app.history.RunRecords;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.PointResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One combination's outcome as sweep reports show it, whether it ran now or was read back from the
 * run history of an interrupted sweep.
 *
 * @param index the combination's place in the sweep
 * @param parameters each varied path's value
 * @param metrics every metric's value (NaN when it has none)
 * @param busiest the busiest component, when known
 * @param sloMet whether every objective of the design was met
 * @param keepsUp whether the design kept up with its traffic (its latency means something)
 * @param failure why the combination gave no result
 * @param runId its run in the history, 0 when not recorded
 */
record SweepRow(
    int index,
    Map<String, String> parameters,
    Map<Metric, Double> metrics,
    Optional<String> busiest,
    boolean sloMet,
    boolean keepsUp,
    Optional<String> failure,
    long runId) {

  double value(Metric metric) {
    return metrics.getOrDefault(metric, Double.NaN);
  }

  boolean ok() {
    return failure.isEmpty();
  }

  static SweepRow of(PointResult p, long runId) {
    Map<String, String> parameters = new LinkedHashMap<>();
    p.point().values().forEach((k, v) -> parameters.put(k.toString(), v));
    Map<Metric, Double> metrics = new LinkedHashMap<>();
    for (Metric m : Metric.values()) {
      metrics.put(m, p.value(m));
    }
    Optional<String> busiest =
        p.result().flatMap(r -> Optional.ofNullable((String) RunRecords.metrics(r).get("busiest")));
    return new SweepRow(
        p.point().index(),
        parameters,
        metrics,
        busiest,
        p.result().map(r -> r.slosMet()).orElse(false),
        p.result().map(r -> r.keepsUp()).orElse(false),
        p.failure(),
        runId);
  }

  static SweepRow of(RunRecord run) {
    try {
      Map<String, String> parameters =
          RunRecords.JSON.readValue(run.parameters(), new TypeReference<>() {});
      Map<String, Object> stored =
          RunRecords.JSON.readValue(run.metrics(), new TypeReference<>() {});
      Map<Metric, Double> metrics = new LinkedHashMap<>();
      for (Metric m : Metric.values()) {
        Object v = stored.get(m.id());
        metrics.put(m, v instanceof Number n ? n.doubleValue() : Double.NaN);
      }
      return new SweepRow(
          run.pointIndex().orElse(0),
          parameters,
          metrics,
          Optional.ofNullable((String) stored.get("busiest")),
          Boolean.TRUE.equals(stored.get("slo_met")),
          !Boolean.FALSE.equals(stored.get("keeps_up")),
          run.failure(),
          run.id());
    } catch (IOException e) {
      throw new UncheckedIOException("run " + run.id() + ": unreadable metrics", e);
    }
  }
}
