package dev.blueprint.app.cli;

import dev.blueprint.simulator.des.RandomStreams;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.units.TimeSpan;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a design file in the discrete-event engine. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a design file: end-to-end and per-component latency with confidence intervals, "
        + "utilisation, queues, drops, objectives and cost.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", description = "The design file (docs/design-format.md).")
  Path design;

  @Option(names = "--requests", description = "Measured requests per replication (default: the design's, else 1,000,000).")
  Long requests;

  @Option(names = "--duration", converter = Converters.TimeSpanConverter.class,
      description = "Or a measured window of simulated time per replication, e.g. 1h.")
  TimeSpan duration;

  @Option(names = "--seed", description = "Master seed (default: " + RandomStreams.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--replications", defaultValue = "1",
      description = "Independent replications, run on all cores (default: ${DEFAULT-VALUE}; 1 uses batch means).")
  int replications;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write report.html with charts, summary.json and the raw figures as CSV into DIR.")
  Path out;

  @picocli.CommandLine.Mixin WhatIfOptions whatIfOptions = new WhatIfOptions();

  @picocli.CommandLine.Mixin HistoryOptions history = new HistoryOptions();

  @picocli.CommandLine.Mixin CatalogOptions catalogs = new CatalogOptions();

  @Override
  public Integer call() {
    if (requests != null && duration != null) {
      throw new IllegalArgumentException("--requests and --duration: give one, not both");
    }
    if (requests != null && requests <= 0) {
      throw new IllegalArgumentException("--requests must be positive, got " + requests);
    }
    if (replications < 1) {
      throw new IllegalArgumentException("--replications must be at least 1, got " + replications);
    }
    DesignSource source = DesignSource.read(design, catalogs.hardware(spec.commandLine().getErr()),
        catalogs.models(spec.commandLine().getErr()));
    TrafficWhatIf whatIf = whatIfOptions.whatIf();
    Design loaded = whatIf.apply(source.parse());
    RunOptions options = new RunOptions(requests == null ? OptionalLong.empty() : OptionalLong.of(requests),
        Optional.ofNullable(duration), seed == null ? RandomStreams.DEFAULT_SEED : seed, replications);
    long cpuBefore = CpuTime.processNanos();
    SimulationResult result = Simulation.run(loaded, options);
    double cpuSeconds = (CpuTime.processNanos() - cpuBefore) / 1e9;
    Printer printer = new Printer(spec.commandLine().getOut(), format);
    switch (format) {
      case TABLE -> printer.print(SimulationReports.report(result));
      case CSV -> printer.printCsv(SimulationReports.componentsCsv(result));
      case JSON -> printer.printJson(SimulationReports.json(result));
    }
    if (out != null) {
      HtmlReport.write(result, out);
      if (format == OutputFormat.TABLE) {
        spec.commandLine().getOut().println("wrote " + out.resolve("report.html"));
      }
    }
    if (!whatIf.isNone() && format == OutputFormat.TABLE) {
      spec.commandLine().getOut().println("what-if: " + whatIf.describe());
    }
    history.openForRecording().ifPresent(h -> {
      try (h) {
        long id = h.record(RunRecords.simulation("simulate", result, source.text(), java.util.Map.of(), whatIf,
            options, cpuSeconds, Optional.empty(), Optional.empty()));
        spec.commandLine().getErr().println("recorded as run " + id + " in " + h.file());
      }
    });
    return 0;
  }
}
