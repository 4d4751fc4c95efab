package dev.blueprint.app.cli;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.perf.RooflineRow;
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

    Table.Builder rows =
        Table.builder("Per layer")
            .text("layer", "layer")
            .text("class", "class")
            .number("repeats", "x", 0)
            .number("gflop", "GFLOP", 3)
            .number("mbytes", "MB moved", 2)
            .number("intensity", "FLOP/B", 1)
            .number("time_us", "time us", 1)
            .text("bound", "bound")
            .number("pct_of_peak", "% peak", 1);
    for (RooflineRow row : r.rows()) {
      rows.row(
          row.name(),
          row.opClass().name().toLowerCase(java.util.Locale.ROOT),
          row.repeats(),
          row.flop() / 1e9,
          row.bytes() / 1e6,
          row.intensity(),
          row.seconds() * 1e6,
          row.bound().id(),
          100 * row.fractionOfPeak());
    }
    Report.Builder report =
        Report.builder(
                "Roofline: "
                    + model.id()
                    + " on "
                    + hardware.id()
                    + ", "
                    + precision.id()
                    + ", batch "
                    + batch
                    + (model.transformer().isPresent() ? ", " + seq + " tokens" : ""))
            .figure("latency_ms", "latency per batch", r.latency().millis(), "ms", 3)
            .figure("throughput_per_s", "throughput", r.throughputPerSecond(), "samples/s", 1)
            .figure(
                "achieved_tflops",
                "achieved",
                r.totalFlop() / r.latency().seconds() / 1e12,
                "TFLOP/s",
                1)
            .figure(
                "pct_of_peak",
                "share of dense peak",
                100 * r.totalFlop() / r.latency().seconds() / r.peak().flopPerSecond(),
                "%",
                1)
            .figure(
                "compute_bound_time_pct",
                "time in compute-bound layers",
                100 * r.computeBoundShare(),
                "%",
                1)
            .figure("ridge_flop_per_byte", "ridge point", r.ridgeIntensity(), "FLOP/B", 1)
            .figure("weights_gb", "weights", r.weights().gigabytes(), "GB", 3)
            .figure(
                "activations_gb",
                "largest activation working set",
                r.activations().gigabytes(),
                "GB",
                3)
            .figure(
                "usd_per_million_samples",
                "cost per million samples",
                cost.dollarsPerMillion(r.throughputPerSecond()),
                "$ (" + cost.appliedTier().id() + ")",
                2)
            .table(rows.build())
            .note(
                "times from a roofline with size-dependent efficiency (docs/calibration.md); peak "
                    + r.peak().toHumanString()
                    + ", bandwidth "
                    + r.bandwidth().toHumanString());
    if (chart != null) {
      RooflineChart.write(r, chart);
      report.note("chart written to " + chart);
    }
    formatting.printer(spec.commandLine().getOut()).print(report.build());
    return 0;
  }
}
