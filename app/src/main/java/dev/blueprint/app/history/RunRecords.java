package dev.blueprint.app.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.app.report.BlueprintVersion;
import dev.blueprint.app.report.SimulationReports;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.DesignParser;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Turns results into what the run history stores. */
public final class RunRecords {
  /** The mapper run records are written and read with. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private RunRecords() {}

  /** Every metric by name (NaN as null), and whether the objectives were met. */
  public static Map<String, Object> metrics(SimulationResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      double v = metric.valueOf(r);
      m.put(metric.id(), Double.isFinite(v) ? v : null);
    }
    m.put("slo_met", r.slosMet());
    m.put("keeps_up", r.keepsUp());
    r.components().stream()
        .filter(c -> Double.isFinite(c.utilization()))
        .max(Comparator.comparingDouble(c -> c.utilization()))
        .ifPresent(c -> m.put("busiest", c.name()));
    return m;
  }

  /** A JSON object from the history (parameters, metrics) as a map, in its own order. */
  public static Map<String, Object> readMap(String json) {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable JSON in the run history", e);
    }
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static RunRecord simulation(
      RunKind kind,
      SimulationResult r,
      String designText,
      Map<String, String> parameters,
      TrafficWhatIf whatIf,
      RunOptions options,
      double cpuSeconds,
      Optional<Long> batch,
      Optional<Integer> point) {
    return new RunRecord(
        0,
        kind.id(),
        batch,
        point,
        Instant.now().toString(),
        r.design(),
        r.origin(),
        DesignParser.sha256(designText),
        designText,
        json(parameters),
        whatIf.describe(),
        options.seed(),
        // What was measured per replication, whether the run was sized by count or by duration.
        Optional.of(r.requests() / Math.max(1, r.replications())),
        options.replications(),
        BlueprintVersion.current(),
        Runtime.version().toString(),
        Optional.empty(),
        json(metrics(r)),
        json(SimulationReports.json(r)),
        r.wallSeconds(),
        cpuSeconds);
  }

  public static RunRecord point(
      RunKind kind,
      PointResult p,
      String designName,
      String origin,
      TrafficWhatIf whatIf,
      RunOptions options,
      long batch) {
    Map<String, String> parameters = new LinkedHashMap<>();
    p.point().values().forEach((k, v) -> parameters.put(k.toString(), v));
    if (p.result().isPresent()) {
      return simulation(
          kind,
          p.result().get(),
          p.designText(),
          parameters,
          whatIf,
          options,
          p.cpuSeconds(),
          Optional.of(batch),
          Optional.of(p.point().index()));
    }
    return new RunRecord(
        0,
        kind.id(),
        Optional.of(batch),
        Optional.of(p.point().index()),
        Instant.now().toString(),
        designName,
        origin,
        DesignParser.sha256(p.designText()),
        p.designText(),
        json(parameters),
        whatIf.describe(),
        options.seed(),
        options.requests().isPresent()
            ? Optional.of(options.requests().getAsLong())
            : Optional.empty(),
        options.replications(),
        BlueprintVersion.current(),
        Runtime.version().toString(),
        p.failure(),
        "{}",
        "{}",
        p.wallSeconds(),
        p.cpuSeconds());
  }
}
