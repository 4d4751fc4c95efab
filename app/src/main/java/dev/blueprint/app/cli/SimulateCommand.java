package dev.blueprint.app.cli;

import dev.blueprint.app.history.RunKind;
import dev.blueprint.app.history.RunRecords;
import dev.blueprint.app.report.HtmlReport;
import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.SimulationReports;
import dev.blueprint.app.whatif.CpuTime;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.validate.Confidence;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a design file in the discrete-event engine. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Simulate a design file: end-to-end and per-component latency with confidence intervals, "
            + "utilisation, queues, drops, objectives and cost.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", description = "The design file (docs/design-format.md).")
  Path design;

  @picocli.CommandLine.Mixin SimulationOptions simulation = new SimulationOptions();

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Also write report.html with charts, summary.json and the raw figures as CSV into DIR.")
  Path out;

  @picocli.CommandLine.Mixin WhatIfOptions whatIfOptions = new WhatIfOptions();

  @picocli.CommandLine.Mixin HistoryOptions history = new HistoryOptions();

  @picocli.CommandLine.Mixin CatalogOptions catalogs = new CatalogOptions();

  @Override
  public Integer call() {
    DesignSource source =
        DesignSource.read(
            design,
            catalogs.hardware(spec.commandLine().getErr()),
            catalogs.models(spec.commandLine().getErr()));
    TrafficWhatIf whatIf = whatIfOptions.whatIf();
    Design loaded = whatIf.apply(source.parse());
    RunOptions options = simulation.runOptions();
    long cpuBefore = CpuTime.processNanos();
    SimulationResult result = Simulation.run(loaded, options);
    double cpuSeconds = (CpuTime.processNanos() - cpuBefore) / 1e9;
    List<Confidence> trust = SimulationReports.confidence(loaded);
    Printer printer = new Printer(spec.commandLine().getOut(), format);
    switch (format) {
      case TABLE -> printer.print(SimulationReports.report(result, trust));
      case CSV -> printer.printCsv(SimulationReports.componentsCsv(result));
      case JSON -> printer.printJson(SimulationReports.json(result, trust));
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
    history
        .openForRecording()
        .ifPresent(
            h -> {
              try (h) {
                long id =
                    h.record(
                        RunRecords.simulation(
                            RunKind.SIMULATE,
                            result,
                            source.text(),
                            Map.of(),
                            whatIf,
                            options,
                            cpuSeconds,
                            Optional.empty(),
                            Optional.empty()));
                spec.commandLine().getErr().println("recorded as run " + id + " in " + h.file());
              }
            });
    return 0;
  }
}
