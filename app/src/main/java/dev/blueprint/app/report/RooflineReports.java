package dev.blueprint.app.report;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.perf.RooflineRow;
import dev.blueprint.simulator.validate.ConfidenceTable;
import java.util.Locale;

/** A roofline analysis ({@code blueprint roofline}, the workbench's Hardware tool) as a report. */
public final class RooflineReports {
  private RooflineReports() {}

  /**
   * Latency, throughput, achieved FLOP/s, memory and cost of one batch, and the per-layer table; a
   * builder, so a front end can add notes of its own.
   *
   * @param hardware the device analysed, whose class's validation the report states
   * @param transformer whether the model has a sequence dimension (shown in the title)
   */
  public static Report.Builder builder(
      RooflineReport r, HardwareProfile hardware, boolean transformer, CostEstimate cost) {
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
          row.opClass().name().toLowerCase(Locale.ROOT),
          row.repeats(),
          row.flop() / 1e9,
          row.bytes() / 1e6,
          row.intensity(),
          row.seconds() * 1e6,
          row.bound().id(),
          100 * row.fractionOfPeak());
    }
    return Report.builder(
            "Roofline: "
                + r.modelId()
                + " on "
                + r.hardwareId()
                + ", "
                + r.precision().id()
                + ", batch "
                + (long) r.batch()
                + (transformer ? ", " + r.sequence() + " tokens" : ""))
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
        .confidence(ConfidenceTable.shipped().forHardware(hardware))
        .table(rows.build())
        .note(
            "times from a roofline with size-dependent efficiency (docs/calibration.md); peak "
                + r.peak().toHumanString()
                + ", bandwidth "
                + r.bandwidth().toHumanString());
  }
}
