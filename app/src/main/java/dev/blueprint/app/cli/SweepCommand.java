package dev.blueprint.app.cli;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Table;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Pareto;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.SweepPoint;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Simulates every combination of some parameters' values. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate every combination of the varied parameters on all cores, each with the same seeds, "
          + "and print one row per combination.",
      "VALUES: a list (a,b,c), a range with a step (1..8, 256..2048:256, 0.5ms..2ms:0.5ms), a multiplied "
          + "range (64..8192:x2) or log-spaced points (100k/s..1000k/s:log5).",
      "Every point is recorded in the run history; the same sweep run again after an interruption resumes "
          + "where it stopped."
    })
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", description = "The design file (docs/design-format.md).")
  Path design;

  @Option(
      names = "--vary",
      paramLabel = "PATH=VALUES",
      required = true,
      description =
          "A parameter by its path in the design and its values, e.g. components.ranker.replicas=2..8; "
              + "repeatable.")
  List<String> vary;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Also write report.html (Pareto front, heat maps for two parameters), results.csv and sweep.json.")
  Path out;

  @Option(
      names = "--pareto",
      paramLabel = "X,Y",
      defaultValue = "cost_per_month,p99_ms",
      description = "The two metrics of the Pareto front (default: ${DEFAULT-VALUE}).")
  String pareto;

  @Option(names = "--threads", description = "Simulations at once (default: the machine's cores).")
  Integer threads;

  @Option(
      names = "--fresh",
      description = "Start over instead of resuming an interrupted run of the same sweep.")
  boolean fresh;

  @Mixin SimulationOptions simulation = new SimulationOptions();

  @Mixin WhatIfOptions whatIfOptions = new WhatIfOptions();

  @Mixin HistoryOptions history = new HistoryOptions();

  @Mixin CatalogOptions catalogs = new CatalogOptions();

  @Override
  public Integer call() {
    DesignSource source =
        DesignSource.read(
            design,
            catalogs.hardware(spec.commandLine().getErr()),
            catalogs.models(spec.commandLine().getErr()));
    List<Variation> variations = vary.stream().map(Variation::parse).toList();
    TrafficWhatIf whatIf = whatIfOptions.whatIf();
    RunOptions options = simulation.runOptions();
    Metric[] paretoAxes = paretoAxes(pareto);
    int workers = SimulationOptions.threads(threads);
    Sweep sweep = new Sweep(source, variations, whatIf, options);
    sweep.check();
    List<SweepPoint> points = sweep.points();
    PrintWriter err = spec.commandLine().getErr();

    Optional<RunHistory> recorder = history.openForRecording();
    try {
      WhatIfRuns.Batch batch = new WhatIfRuns(recorder).sweep(sweep, simulation.describe(), fresh);
      if (batch.resumed()) {
        err.printf(
            Locale.ROOT,
            "resuming sweep %d: %d of %d points already done%n",
            batch.id(),
            batch.alreadyDone().size(),
            points.size());
      }
      List<SweepPoint> pending = batch.pending();
      Map<Integer, SweepRow> rows = new TreeMap<>();
      batch.earlierRuns().forEach(r -> rows.put(r.pointIndex().orElse(-1), SweepRow.of(r)));
      long batchId = batch.id();
      int[] count = {batch.alreadyDone().size()};
      batch.runSweep(
          workers,
          (result, runId) -> {
            rows.put(result.point().index(), SweepRow.of(result, runId));
            count[0]++;
            err.printf(
                Locale.ROOT,
                "[%d/%d] %s  %s%n",
                count[0],
                points.size(),
                result.point().label(),
                brief(result));
            err.flush();
          });
      double wall = batch.wallSeconds();
      double cpu = batch.cpuSeconds();
      List<SweepRow> all = new ArrayList<>(rows.values());
      List<Integer> front = front(all, paretoAxes);
      Table table = table(all, variations, front);
      Printer printer = new Printer(spec.commandLine().getOut(), format);
      switch (format) {
        case TABLE -> {
          printer.printText(table);
          spec.commandLine()
              .getOut()
              .printf(
                  Locale.ROOT,
                  "%n%d combinations (%d run now on %d threads): %.1f s wall, %.1f s CPU (%.2f cores busy)%s%n",
                  all.size(),
                  pending.size(),
                  workers,
                  wall,
                  cpu,
                  wall > 0 ? cpu / wall : 0,
                  whatIf.isNone() ? "" : "; what-if: " + whatIf.describe());
          spec.commandLine()
              .getOut()
              .println(
                  "* on the Pareto front of " + paretoAxes[0].id() + " and " + paretoAxes[1].id());
        }
        case CSV -> printer.printCsv(table);
        case JSON ->
            printer.printJson(
                json(all, variations, front, paretoAxes, wall, cpu, workers, batchId));
      }
      spec.commandLine().getOut().flush();
      if (out != null) {
        SweepReport.write(
            out,
            source,
            variations,
            whatIf,
            all,
            table,
            paretoAxes,
            front,
            json(all, variations, front, paretoAxes, wall, cpu, workers, batchId));
        if (format == OutputFormat.TABLE) {
          spec.commandLine().getOut().println("wrote " + out.resolve("report.html"));
        }
      }
      if (recorder.isPresent() && all.size() == points.size()) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("wall_seconds", wall);
        summary.put("cpu_seconds", cpu);
        summary.put("threads", workers);
        summary.put("pareto_front", front.stream().map(i -> all.get(i).index()).toList());
        batch.finish(summary);
        err.println("recorded as sweep " + batchId + " in " + recorder.get().file());
      }
      return 0;
    } finally {
      recorder.ifPresent(RunHistory::close);
    }
  }

  static Metric[] paretoAxes(String text) {
    String[] parts = text.split(",");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "--pareto: expected two metrics separated by a comma, e.g. cost_per_month,p99_ms");
    }
    return new Metric[] {Metric.parse(parts[0]), Metric.parse(parts[1])};
  }

  /**
   * The Pareto front among rows that kept up (a growing queue's latency depends on the run's
   * length).
   */
  static List<Integer> front(List<SweepRow> rows, Metric[] axes) {
    double[] x =
        rows.stream().mapToDouble(r -> r.keepsUp() ? r.value(axes[0]) : Double.NaN).toArray();
    double[] y =
        rows.stream().mapToDouble(r -> r.keepsUp() ? r.value(axes[1]) : Double.NaN).toArray();
    return Pareto.front(x, axes[0].higherIsBetter(), y, axes[1].higherIsBetter());
  }

  static String brief(PointResult r) {
    if (!r.ok()) {
      return "failed: " + r.failure().orElse("");
    }
    return String.format(
        Locale.ROOT,
        "p99 %.3f ms, $%,.0f/month%s",
        r.value(Metric.P99_MS),
        r.value(Metric.COST_PER_MONTH),
        !r.result().orElseThrow().keepsUp()
            ? ", not keeping up"
            : r.result().orElseThrow().slosMet() ? "" : ", objectives missed");
  }

  static Table table(List<SweepRow> rows, List<Variation> variations, List<Integer> front) {
    Table.Builder t = Table.builder("");
    for (Variation v : variations) {
      t.text(v.path().toString(), v.path().toString());
    }
    t.number("p50_ms", "p50 [ms]", 3)
        .number("p99_ms", "p99 [ms]", 3)
        .number("throughput_rps", "throughput [1/s]", 0)
        .number("utilization_max", "busiest [%]", 1)
        .text("busiest", "busiest")
        .number("cost_per_month", "cost [$/month]", 0)
        .text("slo_met", "objectives")
        .text("pareto", "pareto");
    boolean anyFailed = rows.stream().anyMatch(r -> !r.ok());
    if (anyFailed) {
      t.text("failure", "failure");
    }
    for (int i = 0; i < rows.size(); i++) {
      SweepRow r = rows.get(i);
      List<Object> row = new ArrayList<>();
      for (Variation v : variations) {
        row.add(r.parameters().getOrDefault(v.path().toString(), ""));
      }
      row.add(r.value(Metric.P50_MS));
      row.add(r.value(Metric.P99_MS));
      row.add(r.value(Metric.THROUGHPUT_RPS));
      row.add(r.value(Metric.UTILIZATION_MAX) * 100);
      row.add(r.busiest().orElse(""));
      row.add(r.value(Metric.COST_PER_MONTH));
      row.add(!r.ok() ? "" : !r.keepsUp() ? "not keeping up" : r.sloMet() ? "met" : "missed");
      row.add(front.contains(i) ? "*" : "");
      if (anyFailed) {
        row.add(r.failure().orElse(""));
      }
      t.row(row.toArray());
    }
    return t.build();
  }

  static Map<String, Object> json(
      List<SweepRow> rows,
      List<Variation> variations,
      List<Integer> front,
      Metric[] axes,
      double wall,
      double cpu,
      int threads,
      long batch) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("sweep", batch);
    j.put("combinations", rows.size());
    j.put("threads", threads);
    j.put("wall_seconds", wall);
    j.put("cpu_seconds", cpu);
    j.put("pareto_axes", List.of(axes[0].id(), axes[1].id()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      SweepRow r = rows.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("parameters", r.parameters());
      Map<String, Object> metrics = new LinkedHashMap<>();
      r.metrics().forEach((m, v) -> metrics.put(m.id(), Double.isFinite(v) ? v : null));
      row.put("metrics", metrics);
      row.put("busiest", r.busiest().orElse(null));
      row.put("slo_met", r.ok() ? r.sloMet() : null);
      row.put("keeps_up", r.ok() ? r.keepsUp() : null);
      row.put("pareto", front.contains(i));
      row.put("failure", r.failure().orElse(null));
      row.put("run", r.runId());
      out.add(row);
    }
    j.put("rows", out);
    return j;
  }
}
