package dev.blueprint.app.cli;

import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.SimulationReports;
import dev.blueprint.app.report.Table;
import dev.blueprint.simulator.des.ComponentResult;
import dev.blueprint.simulator.des.RandomStreams;
import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignLoader;
import dev.blueprint.simulator.queueing.DesignAnalysis;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Queueing theory's answer to a design, beside the simulated one. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description =
        "Solve a design with queueing formulas (M/M/c, M/M/c/K, M/G/1, Jackson tandems, Little's law) "
            + "where they apply, and put the simulated figures beside them.")
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DESIGN.yaml", description = "The design file.")
  Path design;

  @Option(
      names = "--requests",
      defaultValue = "1000000",
      description = "Requests to simulate for the comparison (default: ${DEFAULT-VALUE}).")
  long requests;

  @Option(
      names = "--seed",
      description = "Master seed of the simulation (default: " + RandomStreams.DEFAULT_SEED + ").")
  Long seed;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @picocli.CommandLine.Mixin CatalogOptions catalogs = new CatalogOptions();

  @Override
  public Integer call() {
    if (requests <= 0) {
      throw new IllegalArgumentException("--requests must be positive, got " + requests);
    }
    Design loaded =
        DesignLoader.load(
            design,
            catalogs.hardware(spec.commandLine().getErr()),
            catalogs.models(spec.commandLine().getErr()));
    DesignAnalysis.Answer analytic = DesignAnalysis.analyze(loaded);
    SimulationResult simulated =
        Simulation.run(
            loaded,
            new RunOptions(
                OptionalLong.of(requests),
                Optional.empty(),
                seed == null ? RandomStreams.DEFAULT_SEED : seed,
                1));
    Table.Builder table =
        Table.builder("Analytic and simulated, side by side")
            .text("component", "component")
            .text("model", "model")
            .text("exact", "exact")
            .number("utilization_analytic", "util (theory)", 4)
            .number("utilization_simulated", "util (sim)", 4)
            .text("mean_analytic", "mean (theory)")
            .text("mean_simulated", "mean (sim)")
            .text("p99_analytic", "p99 (theory)")
            .text("p99_simulated", "p99 (sim)")
            .number("loss_analytic", "loss (theory)", 5)
            .number("loss_simulated", "loss (sim)", 5);
    for (DesignAnalysis.StationAnswer a : analytic.stations()) {
      ComponentResult c = simulated.component(a.component());
      double simulatedLoss = c.arrivals() == 0 ? 0 : c.drops() / (double) c.arrivals();
      table.row(
          a.component(),
          a.model(),
          a.exact() ? "yes" : "approx",
          a.utilization(),
          c.utilization(),
          SimulationReports.time(a.meanResponseSeconds()),
          SimulationReports.time(c.latency().mean().value()),
          a.p99Seconds().map(SimulationReports::time).orElse("—"),
          SimulationReports.time(c.latency().p99().value()),
          a.lossProbability(),
          simulatedLoss);
    }
    double littleL = analytic.throughput() * analytic.meanResponseSeconds();
    Report.Builder report =
        Report.builder("Analysis of " + loaded.name() + " (" + design + ")")
            .text(
                "model_exact",
                "closed form",
                analytic.exact() ? "exact for this design" : "approximate (see rows)")
            .text(
                "mean_analytic",
                "end-to-end mean (theory)",
                SimulationReports.time(analytic.meanResponseSeconds()))
            .text(
                "mean_simulated",
                "end-to-end mean (simulated)",
                SimulationReports.withInterval(simulated.latency().mean()))
            .figure(
                "throughput_analytic_rps",
                "throughput (theory)",
                analytic.throughput(),
                "requests/s",
                4)
            .figure(
                "throughput_simulated_rps",
                "throughput (simulated)",
                simulated.throughput().value(),
                "requests/s",
                4)
            .figure(
                "in_system_littles_law", "requests in the system (Little: L = λW)", littleL, "", 3)
            .table(table.build())
            .note("simulated with " + simulated.requests() + " requests, seed " + simulated.seed());
    analytic.unsupported().forEach(u -> report.note("no closed form: " + u));
    simulated.warnings().forEach(w -> report.note("warning: " + w));
    new Printer(spec.commandLine().getOut(), format).print(report.build());
    return 0;
  }
}
