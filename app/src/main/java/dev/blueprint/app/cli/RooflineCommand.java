package dev.blueprint.app.cli;

import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.RooflineChart;
import dev.blueprint.app.report.RooflineReports;
import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.perf.Workloads;
import dev.blueprint.simulator.units.Precision;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Per-layer roofline of one batch. */
@Command(
    name = "roofline",
    mixinStandardHelpOptions = true,
    description =
        "Per-layer roofline of one batch of a model on one device: compute- or memory-bound, "
            + "share of peak, latency, throughput, memory.")
final class RooflineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogs;

  @Option(
      names = "--model",
      required = true,
      description = "Model profile id (see: blueprint catalog models).")
  String modelId;

  @Option(
      names = "--hardware",
      required = true,
      description = "Hardware profile id (see: blueprint catalog hardware).")
  String hardwareId;

  @Option(
      names = "--precision",
      required = true,
      converter = Converters.PrecisionConverter.class,
      description = "fp32, tf32, bf16, fp16, fp8, int8 or int4.")
  Precision precision;

  @Option(
      names = "--batch",
      defaultValue = "1",
      description = "Samples (sequences) per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seq",
      description = "Tokens per sequence for transformers (default: the model's default).")
  Integer sequence;

  @Option(
      names = "--chart",
      paramLabel = "PNG",
      description = "Also draw the roofline chart to this PNG file.")
  Path chart;

  @Mixin PricingOptions pricing;

  @Mixin OutputOptions formatting;

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    }
    HardwareProfile hardware = catalogs.hardware(spec.commandLine().getErr()).get(hardwareId);
    ModelProfile model = catalogs.models(spec.commandLine().getErr()).get(modelId);
    int seq = sequence == null ? Workloads.defaultSequence(model) : sequence;
    RooflineReport r = Roofline.analyze(model, hardware, precision, batch, seq);
    CostEstimate cost = CostEstimate.of(hardware, 1, pricing.tier);

    Report.Builder report =
        RooflineReports.builder(r, hardware, model.transformer().isPresent(), cost);
    if (chart != null) {
      RooflineChart.write(r, chart);
      report.note("chart written to " + chart);
    }
    formatting.printer(spec.commandLine().getOut()).print(report.build());
    return 0;
  }
}
