package dev.blueprint.app.cli;

import dev.blueprint.app.history.RunHistory;
import dev.blueprint.app.report.HtmlReport;
import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.whatif.WhatIfRuns;
import dev.blueprint.simulator.des.Estimate;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.DesignEdit;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.PointResult;
import dev.blueprint.simulator.whatif.Screen;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Finds the best design of a grid that meets constraints, without simulating the whole grid. */
@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    description = {
      "Find the best combination of the varied parameters that meets every constraint, simulating as "
          + "few as it can: candidates queueing theory proves infeasible are skipped, the rest are tried best first "
          + "(or by a pattern search when the objective needs a simulation). Writes the chosen design as YAML.",
      "Metrics: cost_per_month, cost_per_million, mean_ms, p50_ms, p90_ms, p99_ms, p999_ms, mean_wait_ms, "
          + "throughput_rps, utilization_max, error_rate, ttft_p99_ms, tpot_p99_ms."
    })
final class OptimizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", description = "The design file (docs/design-format.md).")
  Path design;

  @Option(
      names = "--vary",
      paramLabel = "PATH=VALUES",
      required = true,
      description = "A parameter and its candidate values, as for sweep; repeatable.")
  List<String> vary;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Goal goal;

  static final class Goal {
    @Option(
        names = "--minimize",
        paramLabel = "METRIC",
        description = "The metric to make smallest, e.g. cost_per_month.")
    String minimize;

    @Option(
        names = "--maximize",
        paramLabel = "METRIC",
        description = "Or the metric to make largest.")
    String maximize;
  }

  @Option(
      names = "--subject-to",
      paramLabel = "CONSTRAINT",
      description = "A bound every candidate must keep, e.g. 'p99_ms<=10'; repeatable.")
  List<String> subjectTo = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = "--write",
      paramLabel = "FILE",
      description =
          "Where to write the chosen design (default: DESIGN-optimized.yaml in the current folder).")
  Path write;

  @Option(names = "--threads", description = "Simulations at once (default: the machine's cores).")
  Integer threads;

  @Mixin SimulationOptions simulation = new SimulationOptions();

  @Mixin WhatIfOptions whatIfOptions = new WhatIfOptions();

  @Mixin HistoryOptions history = new HistoryOptions();

  @Mixin CatalogOptions catalogs = new CatalogOptions();

  @Override
  public Integer call() {
    if (format == OutputFormat.CSV) {
      throw new IllegalArgumentException("--format csv: optimize prints table or json");
    }
    DesignSource source =
        DesignSource.read(
            design,
            catalogs.hardware(spec.commandLine().getErr()),
            catalogs.models(spec.commandLine().getErr()));
    List<Variation> variations = vary.stream().map(Variation::parse).toList();
    boolean minimize = goal.minimize != null;
    Metric objective = Metric.parse(minimize ? goal.minimize : goal.maximize);
    List<Constraint> constraints = subjectTo.stream().map(Constraint::parse).toList();
    TrafficWhatIf whatIf = whatIfOptions.whatIf();
    RunOptions options = simulation.runOptions();
    int workers = SimulationOptions.threads(threads);
    Sweep space = new Sweep(source, variations, whatIf, options);
    space.check();
    PrintWriter err = spec.commandLine().getErr();
    Optional<RunHistory> recorder = history.openForRecording();
    try {
      WhatIfRuns.Batch batch = new WhatIfRuns(recorder).optimization(space, subjectTo, objective);
      Map<Integer, Long> runIds = new LinkedHashMap<>();
      Optimization result =
          batch.runOptimizer(
              objective,
              minimize,
              constraints,
              workers,
              (point, runId) -> {
                if (recorder.isPresent()) {
                  runIds.put(point.point().index(), runId);
                }
                err.printf(
                    Locale.ROOT,
                    "simulated %s  %s%n",
                    point.point().label(),
                    SweepCommand.brief(point));
                err.flush();
              });
      double wall = batch.wallSeconds();
      double cpu = batch.cpuSeconds();
      Optional<Path> written = Optional.empty();
      if (result.chosen().isPresent()) {
        Path target = write != null ? write : Path.of(stem(design) + "-optimized.yaml");
        written = Optional.of(writeDesign(target, result.chosen().get(), result, source, runIds));
      }
      Optional<Double> asWritten = asWritten(source, whatIf, objective);
      Map<String, Object> json = json(result, written, wall, cpu, runIds);
      json.put("as_written", asWritten.orElse(null));
      if (format == OutputFormat.JSON) {
        new Printer(spec.commandLine().getOut(), format).printJson(json);
      } else {
        printText(
            spec.commandLine().getOut(), source, result, written, wall, cpu, whatIf, asWritten);
      }
      if (recorder.isPresent()) {
        batch.finish(json);
        err.println("recorded as optimisation " + batch.id() + " in " + recorder.get().file());
      }
      return result.chosen().isPresent() ? 0 : 3;
    } finally {
      recorder.ifPresent(RunHistory::close);
    }
  }

  /**
   * The objective of the design as written, where it is known without simulating and the what-if
   * applies.
   */
  private static Optional<Double> asWritten(
      DesignSource source, TrafficWhatIf whatIf, Metric objective) {
    if (!objective.isStatic()) {
      return Optional.empty();
    }
    try {
      return Screen.of(whatIf.apply(source.parse())).exact(objective);
    } catch (IllegalArgumentException e) {
      return Optional
          .empty(); // e.g. --fail-replica of a component the design as written has only one of
    }
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private Path writeDesign(
      Path target,
      PointResult chosen,
      Optimization result,
      DesignSource source,
      Map<Integer, Long> runIds) {
    StringBuilder header = new StringBuilder();
    header
        .append("# Chosen by `blueprint optimize ")
        .append(source.origin())
        .append("`: ")
        .append(result.minimize() ? "minimise " : "maximise ")
        .append(result.objective().id());
    for (Optimization.ConstraintOutcome c : result.constraints()) {
      header.append(", ").append(c.constraint().expression());
    }
    header.append("\n# ").append(chosen.point().label());
    Long run = runIds.get(chosen.point().index());
    if (run != null) {
      header.append(" (run ").append(run).append(" in the run history)");
    }
    header.append('\n');
    String text =
        header + DesignEdit.apply(source.text(), source.origin(), chosen.point().values());
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      HtmlReport.writeAtomically(target, text);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the chosen design to " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  static Map<String, Object> json(
      Optimization o, Optional<Path> written, double wall, double cpu, Map<Integer, Long> runIds) {
    Map<String, Object> j = new LinkedHashMap<>();
    Map<String, String> chosen = new LinkedHashMap<>();
    o.chosen().ifPresent(c -> c.point().values().forEach((k, v) -> chosen.put(k.toString(), v)));
    j.put("chosen", o.chosen().isPresent() ? chosen : null);
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("name", o.objective().id());
    objective.put("direction", o.minimize() ? "minimize" : "maximize");
    objective.put(
        "value", o.objectiveValue().map(Estimate::value).filter(Double::isFinite).orElse(null));
    objective.put(
        "half_width",
        o.objectiveValue().map(Estimate::halfWidth).filter(Double::isFinite).orElse(null));
    j.put("objective", objective);
    List<Map<String, Object>> constraints = new ArrayList<>();
    for (Optimization.ConstraintOutcome c : o.constraints()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("expression", c.constraint().expression());
      m.put("value", Double.isFinite(c.value()) ? c.value() : null);
      m.put("half_width", Double.isFinite(c.halfWidth()) ? c.halfWidth() : null);
      m.put("met", c.met());
      m.put("confident", c.confident());
      m.put("tight", c.tight());
      constraints.add(m);
    }
    j.put("constraints", constraints);
    j.put("simulations", o.simulations());
    j.put("candidates", o.candidates());
    j.put("ruled_out_without_simulation", o.ruledOut());
    Map<String, String> guess = new LinkedHashMap<>();
    o.firstGuess().ifPresent(g -> g.values().forEach((k, v) -> guess.put(k.toString(), v)));
    j.put("first_guess", o.firstGuess().isPresent() ? guess : null);
    j.put("method", o.method());
    j.put("design_file", written.map(Path::toString).orElse(null));
    j.put("run", o.chosen().map(c -> runIds.get(c.point().index())).orElse(null));
    j.put("wall_seconds", wall);
    j.put("cpu_seconds", cpu);
    return j;
  }

  private static void printText(
      PrintWriter out,
      DesignSource source,
      Optimization o,
      Optional<Path> written,
      double wall,
      double cpu,
      TrafficWhatIf whatIf,
      Optional<Double> asWritten) {
    out.println(
        "Optimisation of "
            + source.origin()
            + ": "
            + (o.minimize() ? "minimise " : "maximise ")
            + o.objective().id()
            + (whatIf.isNone() ? "" : " (" + whatIf.describe() + ")"));
    out.println(
        "=".repeat(Math.min(100, 20 + source.origin().length() + o.objective().id().length())));
    if (o.chosen().isEmpty()) {
      out.println("No candidate met every constraint.");
    } else {
      out.println("chosen:");
      o.chosen().get().point().values().forEach((k, v) -> out.println("  " + k + " = " + v));
      Estimate e = o.objectiveValue().orElseThrow();
      out.printf(
          Locale.ROOT,
          "objective: %s = %s%s%n",
          o.objective().id(),
          withInterval(e),
          asWritten
              .map(
                  v ->
                      String.format(
                          Locale.ROOT,
                          " (the design as written: %s)",
                          withInterval(new Estimate(v, Double.NaN, Estimate.DEFAULT_LEVEL))))
              .orElse(""));
      out.println("constraints:");
      for (Optimization.ConstraintOutcome c : o.constraints()) {
        out.printf(
            Locale.ROOT,
            "  %-24s %s  %s%s%s%n",
            c.constraint().expression(),
            withInterval(new Estimate(c.value(), c.halfWidth(), Estimate.DEFAULT_LEVEL)),
            c.met() ? "met" : "BROKEN",
            c.met() && !c.confident() ? " (the bound is inside the 95% interval)" : "",
            c.tight() ? ", tight: a better neighbour broke it" : "");
      }
    }
    out.printf(Locale.ROOT, "simulations: %d of %d candidates%n", o.simulations(), o.candidates());
    if (!o.ruledOut().isEmpty()) {
      out.println("ruled out without simulation:");
      o.ruledOut().forEach((why, n) -> out.println("  " + n + "  " + why));
    }
    o.firstGuess().ifPresent(g -> out.println("first guess: " + g.label()));
    out.println("method: " + o.method());
    out.printf(Locale.ROOT, "time: %.1f s wall, %.1f s CPU%n", wall, cpu);
    written.ifPresent(p -> out.println("wrote " + p));
  }

  private static String withInterval(Estimate e) {
    if (!Double.isFinite(e.value())) {
      return "—";
    }
    return Double.isFinite(e.halfWidth())
        ? String.format(Locale.ROOT, "%.4g ± %.2g", e.value(), e.halfWidth())
        : e.value() >= 1000
            ? String.format(Locale.ROOT, "%,.0f", e.value())
            : String.format(Locale.ROOT, "%.6g", e.value());
  }
}
