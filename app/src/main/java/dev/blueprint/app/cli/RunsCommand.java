package dev.blueprint.app.cli;

import dev.blueprint.app.history.RunComparison;
import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.history.RunRecord;
import dev.blueprint.app.history.RunRecords;
import dev.blueprint.app.report.HtmlReport;
import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Browses the run history. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Browse the run history: every simulate, sweep and optimize run with its design, parameters, "
            + "seed, versions, results and timings.",
    subcommands = {
      RunsCommand.ListRuns.class,
      RunsCommand.Show.class,
      RunsCommand.Compare.class,
      RunsCommand.Export.class
    })
final class RunsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static RunHistory open(HistoryOptions history) {
    Path file = history.file();
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "no run history at " + file + " (nothing recorded yet, or give --db PATH)");
    }
    return RunHistory.open(file);
  }

  static RunRecord find(RunHistory h, long id) {
    return h.run(id)
        .orElseThrow(() -> new IllegalArgumentException("no run " + id + " in " + h.file()));
  }

  static Map<String, Object> map(String json) {
    return RunRecords.readMap(json);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The latest runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--limit",
        defaultValue = "30",
        description = "How many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--batch",
        paramLabel = "ID",
        description = "Only the runs of this sweep or optimisation.")
    Long batch;

    @Mixin OutputOptions output = new OutputOptions();

    @Mixin HistoryOptions history = new HistoryOptions();

    @Override
    public Integer call() {
      try (RunHistory h = open(history)) {
        Table.Builder t =
            Table.builder("")
                .number("id", "run", 0)
                .text("kind", "kind")
                .text("batch", "batch")
                .text("started", "started (UTC)")
                .text("design", "design")
                .text("parameters", "parameters")
                .number("p99_ms", "p99 [ms]", 3)
                .number("cost_per_month", "cost [$/month]", 0)
                .text("slo", "objectives");
        for (RunRecord r : h.list(limit, Optional.ofNullable(batch))) {
          Map<String, Object> metrics = map(r.metrics());
          t.row(
              r.id(),
              r.kind(),
              r.batchId().map(String::valueOf).orElse(""),
              r.startedAt().replace('T', ' ').replaceAll("\\.\\d+Z$", ""),
              r.designName(),
              parameters(r),
              number(metrics.get("p99_ms")),
              number(metrics.get("cost_per_month")),
              r.ok() ? (Boolean.TRUE.equals(metrics.get("slo_met")) ? "met" : "missed") : "failed");
        }
        output
            .printer(spec.commandLine().getOut())
            .print(
                new Report(
                    "Runs in " + h.file(), List.of(), List.of(t.build()), List.of(), List.of()));
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One run in full.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The run.")
    long id;

    @Option(names = "--design", description = "Print the design as it ran, not the results.")
    boolean design;

    @Mixin OutputOptions output = new OutputOptions();

    @Mixin HistoryOptions history = new HistoryOptions();

    @Override
    public Integer call() {
      try (RunHistory h = open(history)) {
        RunRecord r = find(h, id);
        PrintWriter out = spec.commandLine().getOut();
        if (design) {
          out.print(r.designText());
          out.flush();
          return 0;
        }
        List<Report.Figure> figures = new ArrayList<>();
        figures.add(Report.Figure.text("run", "run", String.valueOf(r.id())));
        figures.add(
            Report.Figure.text(
                "kind", "kind", r.kind() + r.batchId().map(b -> " (batch " + b + ")").orElse("")));
        figures.add(Report.Figure.text("started", "started (UTC)", r.startedAt()));
        figures.add(
            Report.Figure.text("design", "design", r.designName() + " from " + r.designOrigin()));
        figures.add(Report.Figure.text("design_sha256", "design SHA-256", r.designSha256()));
        figures.add(
            Report.Figure.text(
                "parameters",
                "parameters",
                parameters(r).isEmpty() ? "as written" : parameters(r)));
        figures.add(Report.Figure.text("what_if", "what-if", r.whatIf()));
        figures.add(Report.Figure.text("seed", "seed", String.valueOf(r.seed())));
        figures.add(
            Report.Figure.text(
                "requests",
                "measured requests per replication",
                r.requests().map(String::valueOf).orElse("—")));
        figures.add(
            Report.Figure.text("replications", "replications", String.valueOf(r.replications())));
        figures.add(
            Report.Figure.text(
                "versions",
                "versions",
                "blueprint " + r.blueprintVersion() + ", Java " + r.javaVersion()));
        figures.add(
            Report.Figure.text(
                "timings",
                "timings",
                String.format(
                    Locale.ROOT, "%.2f s wall, %.2f s CPU", r.wallSeconds(), r.cpuSeconds())));
        r.failure().ifPresent(f -> figures.add(Report.Figure.text("failure", "failure", f)));
        Table.Builder t = Table.builder("Metrics").text("metric", "metric").text("value", "value");
        map(r.metrics()).forEach((k, v) -> t.row(k, Printer.formatValue(v, 4)));
        if (output.format == OutputFormat.JSON) {
          Map<String, Object> j = new LinkedHashMap<>();
          figures.forEach(f -> j.put(f.key(), f.value()));
          j.put("metrics", map(r.metrics()));
          j.put("results", map(r.results()));
          output.printer(out).printJson(j);
        } else {
          output
              .printer(out)
              .print(
                  new Report("Run " + r.id(), figures, List.of(t.build()), List.of(), List.of()));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = "Two runs side by side; rows that differ are marked.")
  static final class Compare implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The first run.")
    long first;

    @Parameters(index = "1", paramLabel = "ID", description = "The second run.")
    long second;

    @Option(
        names = "--color",
        description =
            "Highlight differences with terminal colours (default: when printing "
                + "to a terminal).",
        negatable = true)
    Boolean color;

    @Mixin OutputOptions output = new OutputOptions();

    @Mixin HistoryOptions history = new HistoryOptions();

    @Override
    public Integer call() {
      try (RunHistory h = open(history)) {
        RunRecord a = find(h, first);
        RunRecord b = find(h, second);
        boolean highlight =
            color != null ? color : System.console() != null && output.format == OutputFormat.TABLE;
        output.printer(spec.commandLine().getOut()).print(RunComparison.report(a, b, highlight));
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "One run as JSON (design text, parameters, versions, metrics, full results), or its design as YAML.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The run.")
    long id;

    @Option(
        names = "--design",
        description = "Export the design file as it ran, not the JSON record.")
    boolean design;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write to FILE instead of printing.")
    Path out;

    @Mixin HistoryOptions history = new HistoryOptions();

    @Override
    public Integer call() {
      try (RunHistory h = open(history)) {
        RunRecord r = find(h, id);
        String text;
        if (design) {
          text = r.designText();
        } else {
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("run", r.id());
          j.put("kind", r.kind());
          j.put("batch", r.batchId().orElse(null));
          j.put("point", r.pointIndex().orElse(null));
          j.put("started_at", r.startedAt());
          j.put("design_name", r.designName());
          j.put("design_origin", r.designOrigin());
          j.put("design_sha256", r.designSha256());
          j.put("design", r.designText());
          j.put("parameters", map(r.parameters()));
          j.put("what_if", r.whatIf());
          j.put("seed", r.seed());
          j.put("requests", r.requests().orElse(null));
          j.put("replications", r.replications());
          j.put("blueprint_version", r.blueprintVersion());
          j.put("java_version", r.javaVersion());
          j.put("failure", r.failure().orElse(null));
          j.put("metrics", map(r.metrics()));
          j.put("results", map(r.results()));
          j.put("wall_seconds", r.wallSeconds());
          j.put("cpu_seconds", r.cpuSeconds());
          text = HtmlReport.render(p -> p.printJson(j), OutputFormat.JSON);
        }
        if (out == null) {
          spec.commandLine().getOut().print(text);
          spec.commandLine().getOut().flush();
        } else {
          try {
            HtmlReport.writeAtomically(out, text);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
          }
          spec.commandLine().getErr().println("wrote " + out);
        }
      }
      return 0;
    }
  }

  private static String parameters(RunRecord r) {
    StringBuilder s = new StringBuilder();
    map(r.parameters())
        .forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return s.toString();
  }

  private static Object number(Object v) {
    return v instanceof Number n ? n.doubleValue() : "";
  }
}
