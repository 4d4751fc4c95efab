package dev.blueprint.app.report;

import dev.blueprint.simulator.des.ComponentResult;
import dev.blueprint.simulator.des.Estimate;
import dev.blueprint.simulator.des.LatencySummary;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.LlmServerSpec;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.validate.Confidence;
import dev.blueprint.simulator.validate.ConfidenceTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A simulation's result as a printed report, a JSON document and CSV tables. */
public final class SimulationReports {
  private SimulationReports() {}

  public static Report report(SimulationResult r) {
    return report(r, List.of());
  }

  /**
   * How far a design's figures can be trusted: the validation of the class of every device its
   * model and LLM servers run on.
   */
  public static List<Confidence> confidence(Design design) {
    List<Confidence> trust = new ArrayList<>();
    for (ComponentSpec c : design.components().values()) {
      Optional<HardwareProfile> hardware =
          c instanceof ModelServerSpec m
              ? Optional.of(m.hardware())
              : c instanceof LlmServerSpec l ? Optional.of(l.hardware()) : Optional.empty();
      hardware
          .map(ConfidenceTable.shipped()::forHardware)
          .filter(found -> trust.stream().noneMatch(t -> t.deviceClass() == found.deviceClass()))
          .ifPresent(trust::add);
    }
    return trust;
  }

  /** The report of a run, with how far its figures can be trusted ({@link #confidence}). */
  public static Report report(SimulationResult r, List<Confidence> trust) {
    LatencySummary l = r.latency();
    Report.Builder b =
        Report.builder("Simulation of " + r.design() + " (" + r.origin() + ")")
            .figure("requests", "measured requests", r.requests(), "", 0)
            .figure("throughput_rps", "throughput", r.throughput().value(), "requests/s", 2)
            .text("latency_mean", "mean latency", withInterval(l.mean()))
            .text("latency_p50", "p50", time(l.p50()))
            .text("latency_p90", "p90", time(l.p90()))
            .text("latency_p99", "p99", withInterval(l.p99()))
            .text("latency_p999", "p99.9", time(l.p999()))
            .text("latency_max", "max", time(l.max()))
            .figure("drop_rate_pct", "dropped", r.dropRate() * 100, "%", 3)
            .figure("error_rate_pct", "failed (dropped or timed out)", r.errorRate() * 100, "%", 3)
            .figure("cost_per_hour_usd", "cost per hour", r.costPerHour().dollarsPerHour(), "$", 2)
            .figure("cost_per_month_usd", "cost per month", r.costPerMonthUsd(), "$", 0)
            .figure(
                "cost_per_million_requests_usd",
                "cost per million requests",
                r.costPerMillionRequestsUsd(),
                "$",
                4);
    trust.forEach(b::confidence);
    r.llm()
        .ifPresent(
            llm ->
                b.text(
                        "ttft",
                        "time to first token p50 / p99",
                        time(llm.ttft().p50()) + " / " + time(llm.ttft().p99().value()))
                    .text(
                        "tpot",
                        "time per output token p50 / p99",
                        time(llm.tpot().p50()) + " / " + time(llm.tpot().p99().value()))
                    .figure(
                        "output_tokens_per_s",
                        "output tokens/s",
                        llm.outputTokensPerSecond(),
                        "tokens/s",
                        0));
    Table.Builder components =
        Table.builder("Components")
            .text("name", "component")
            .text("kind", "kind")
            .text("servers", "servers")
            .number("utilization_pct", "util %", 1)
            .number("mean_queue_length", "mean queue", 3)
            .text("mean_wait", "mean wait")
            .text("mean", "mean")
            .text("p99", "p99")
            .number("drops", "drops", 0)
            .number("cost_per_hour_usd", "$/h", 2)
            .text("details", "details");
    for (ComponentResult c : r.components()) {
      components.row(
          c.name(),
          c.kind(),
          servers(c),
          c.utilization() * 100,
          c.meanQueueLength(),
          time(c.meanWaitSeconds()),
          time(c.latency().mean().value()),
          time(c.latency().p99().value()),
          (double) c.drops(),
          c.cost().dollarsPerHour(),
          details(c));
    }
    b.table(components.build());
    if (!r.classes().isEmpty()) {
      Table.Builder classes =
          Table.builder("Request classes")
              .text("name", "class")
              .number("requests", "requests", 0)
              .text("mean", "mean")
              .text("p50", "p50")
              .text("p99", "p99");
      for (SimulationResult.ClassResult c : r.classes()) {
        classes.row(
            c.name(),
            (double) c.requests(),
            time(c.latency().mean().value()),
            time(c.latency().p50()),
            time(c.latency().p99().value()));
      }
      b.table(classes.build());
    }
    if (!r.slos().isEmpty()) {
      Table.Builder slos =
          Table.builder("Objectives")
              .text("name", "objective")
              .text("target", "target")
              .text("measured", "measured")
              .text("met", "met");
      for (SimulationResult.SloResult s : r.slos()) {
        slos.row(s.slo().name(), s.slo().describe(), measured(s), s.met() ? "yes" : "NO");
      }
      b.table(slos.build());
    }
    b.note(
        "design sha256 "
            + r.designSha256().substring(0, Math.min(12, r.designSha256().length()))
            + ", Blueprint "
            + BlueprintVersion.current());
    b.note(
        String.format(
            Locale.ROOT,
            "seed %d, %d replication%s, %,d events, %.1f s of simulated time measured, "
                + "ran in %.2f s (%.1f million events/s)",
            r.seed(),
            r.replications(),
            r.replications() == 1 ? "" : "s",
            r.events(),
            r.simulatedSeconds(),
            r.wallSeconds(),
            r.events() / r.wallSeconds() / 1e6));
    b.note(
        "intervals are 95 % confidence intervals ("
            + (r.replications() == 1 ? "batch means" : "replications")
            + "; the mean with control variates), docs/simulation.md");
    r.warnings().forEach(w -> b.note("warning: " + w));
    return b.build();
  }

  public static Table componentsCsv(SimulationResult r) {
    Table.Builder t =
        Table.builder("")
            .text("scope", "scope")
            .text("kind", "kind")
            .text("servers", "servers")
            .number("requests", "requests", 0)
            .number("utilization", "utilization", 4)
            .number("mean_queue_length", "mean_queue_length", 4)
            .number("mean_wait_ms", "mean_wait_ms", 4)
            .number("mean_ms", "mean_ms", 4)
            .number("p50_ms", "p50_ms", 4)
            .number("p90_ms", "p90_ms", 4)
            .number("p99_ms", "p99_ms", 4)
            .number("p999_ms", "p999_ms", 4)
            .number("max_ms", "max_ms", 4)
            .number("drops", "drops", 0);
    LatencySummary l = r.latency();
    t.row(
        "end-to-end",
        "",
        "",
        (double) r.requests(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        l.mean().value() * 1e3,
        l.p50() * 1e3,
        l.p90() * 1e3,
        l.p99().value() * 1e3,
        l.p999() * 1e3,
        l.max() * 1e3,
        (double) r.dropped());
    for (ComponentResult c : r.components()) {
      LatencySummary cl = c.latency();
      t.row(
          c.name(),
          c.kind(),
          servers(c),
          (double) c.arrivals(),
          c.utilization(),
          c.meanQueueLength(),
          c.meanWaitSeconds() * 1e3,
          cl.mean().value() * 1e3,
          cl.p50() * 1e3,
          cl.p90() * 1e3,
          cl.p99().value() * 1e3,
          cl.p999() * 1e3,
          cl.max() * 1e3,
          (double) c.drops());
    }
    return t.build();
  }

  /** The JSON document of {@code blueprint simulate --format json}. */
  public static Map<String, Object> json(SimulationResult r) {
    return json(r, List.of());
  }

  /**
   * The JSON document with {@code confidence}: one object when the design runs on one device class,
   * a list when on several.
   */
  public static Map<String, Object> json(SimulationResult r, List<Confidence> trust) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("design", r.design());
    root.put("origin", r.origin());
    root.put("design_sha256", r.designSha256());
    root.put("blueprint_version", BlueprintVersion.current());
    root.put("seed", r.seed());
    root.put("replications", r.replications());
    root.put("requests", r.requests());
    root.put("completed", r.completed());
    root.put("dropped", r.dropped());
    root.put("timed_out", r.timedOut());
    root.put("throughput_rps", finite(r.throughput().value()));
    root.put("latency_ms", latency(r.latency()));
    Map<String, Object> components = new LinkedHashMap<>();
    for (ComponentResult c : r.components()) {
      Map<String, Object> component = new LinkedHashMap<>();
      component.put("kind", c.kind());
      component.put("servers", c.servers() == Integer.MAX_VALUE ? "unlimited" : c.servers());
      component.put("utilization", finite(c.utilization()));
      component.put("mean_in_service", finite(c.meanInService()));
      component.put("mean_queue_length", finite(c.meanQueueLength()));
      component.put("max_queue_length", finite(c.maxQueueLength()));
      component.put("mean_wait_ms", finite(c.meanWaitSeconds() * 1e3));
      component.put("latency_ms", latency(c.latency()));
      component.put("requests", c.arrivals());
      component.put("drops", c.drops());
      component.put("cost_per_hour_usd", c.cost().dollarsPerHour());
      c.details().forEach((k, v) -> component.put(k, finite(v)));
      components.put(c.name(), component);
    }
    root.put("components", components);
    if (!r.classes().isEmpty()) {
      Map<String, Object> classes = new LinkedHashMap<>();
      for (SimulationResult.ClassResult c : r.classes()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("requests", c.requests());
        one.put("latency_ms", latency(c.latency()));
        classes.put(c.name(), one);
      }
      root.put("classes", classes);
    }
    r.llm()
        .ifPresent(
            llm -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("ttft_ms", latency(llm.ttft()));
              m.put("tpot_ms", latency(llm.tpot()));
              m.put("output_tokens_per_s", finite(llm.outputTokensPerSecond()));
              root.put("llm", m);
            });
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("per_hour_usd", r.costPerHour().dollarsPerHour());
    cost.put("per_month_usd", r.costPerMonthUsd());
    cost.put("per_million_requests_usd", finite(r.costPerMillionRequestsUsd()));
    root.put("cost", cost);
    Map<String, Object> slos = new LinkedHashMap<>();
    for (SimulationResult.SloResult s : r.slos()) {
      Map<String, Object> slo = new LinkedHashMap<>();
      slo.put("met", s.met());
      slo.put("target", s.slo().describe());
      slo.put("measured", finite(s.slo().metric().isLatency() ? s.measured() * 1e3 : s.measured()));
      slo.put("unit", s.slo().metric().isLatency() ? "ms" : "fraction");
      slos.put(s.slo().name(), slo);
    }
    root.put("slo", slos);
    root.put("events", r.events());
    root.put("simulated_seconds", r.simulatedSeconds());
    root.put("wall_seconds", r.wallSeconds());
    root.put("warnings", r.warnings());
    if (!trust.isEmpty()) {
      root.put("confidence", Printer.confidenceJson(trust));
    }
    return root;
  }

  private static Map<String, Object> latency(LatencySummary l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", finite(l.mean().value() * 1e3));
    m.put("mean_ci95", interval(l.mean()));
    m.put("p50", finite(l.p50() * 1e3));
    m.put("p90", finite(l.p90() * 1e3));
    m.put("p99", finite(l.p99().value() * 1e3));
    m.put("p99_ci95", interval(l.p99()));
    m.put("p999", finite(l.p999() * 1e3));
    m.put("max", finite(l.max() * 1e3));
    m.put("count", l.count());
    return m;
  }

  private static Object interval(Estimate e) {
    if (!Double.isFinite(e.halfWidth())) {
      return null;
    }
    return List.of(e.low() * 1e3, e.high() * 1e3);
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** "mean_batch_samples 12.3, batches 4051": the kind's own figures, compactly. */
  private static String details(ComponentResult c) {
    StringBuilder text = new StringBuilder();
    c.details()
        .forEach(
            (k, v) -> {
              if (text.length() > 0) {
                text.append(", ");
              }
              text.append(k.replace('_', ' '))
                  .append(' ')
                  .append(String.format(Locale.ROOT, "%.4g", v));
            });
    return text.toString();
  }

  private static String servers(ComponentResult c) {
    return c.servers() == Integer.MAX_VALUE ? "unlimited" : Integer.toString(c.servers());
  }

  private static String measured(SimulationResult.SloResult s) {
    return s.slo().metric().isLatency()
        ? time(s.measured())
        : String.format(Locale.ROOT, "%.4g %%", s.measured() * 100);
  }

  /** "12.35 ms ± 0.21" (the interval in the value's unit), or the value alone without one. */
  public static String withInterval(Estimate e) {
    if (!Double.isFinite(e.value())) {
      return "n/a";
    }
    double scale = scale(e.value());
    String value = String.format(Locale.ROOT, "%.4g %s", e.value() / scale, symbol(scale));
    return Double.isFinite(e.halfWidth())
        ? value + String.format(Locale.ROOT, " ± %.2g", e.halfWidth() / scale)
        : value;
  }

  /** A time in the unit that suits it: "850 µs", "12.35 ms", "47.93 s". */
  public static String time(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "n/a";
    }
    double scale = scale(seconds);
    return String.format(Locale.ROOT, "%.4g %s", seconds / scale, symbol(scale));
  }

  private static double scale(double seconds) {
    double magnitude = Math.abs(seconds);
    if (magnitude >= 1 || magnitude == 0) {
      return 1;
    }
    if (magnitude >= 1e-3) {
      return 1e-3;
    }
    return magnitude >= 1e-6 ? 1e-6 : 1e-9;
  }

  private static String symbol(double scale) {
    return scale == 1 ? "s" : scale == 1e-3 ? "ms" : scale == 1e-6 ? "µs" : "ns";
  }
}
