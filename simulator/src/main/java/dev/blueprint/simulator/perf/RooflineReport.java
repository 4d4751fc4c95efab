package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.List;

/**
 * A per-layer roofline of one batch on one device.
 *
 * @param modelId the model
 * @param hardwareId the device
 * @param precision the requested precision
 * @param batch samples in the batch
 * @param sequence tokens per sample (transformers), 1 otherwise
 * @param rows one per kernel
 * @param latency time for the batch
 * @param throughputPerSecond samples per second
 * @param weights weight memory
 * @param activations the largest activation working set of the batch
 * @param peak the device's dense peak at the math precision
 * @param bandwidth the device's memory bandwidth
 * @param cacheBandwidth the last-level cache's bandwidth, zero when the device has none
 */
public record RooflineReport(
    String modelId,
    String hardwareId,
    Precision precision,
    double batch,
    int sequence,
    List<RooflineRow> rows,
    TimeSpan latency,
    double throughputPerSecond,
    DataSize weights,
    DataSize activations,
    FlopRate peak,
    Bandwidth bandwidth,
    Bandwidth cacheBandwidth) {
  public RooflineReport {
    rows = List.copyOf(rows);
  }

  /** Operations per byte at which the roofs meet. */
  public double ridgeIntensity() {
    return peak.per(bandwidth);
  }

  public double totalFlop() {
    return rows.stream().mapToDouble(RooflineRow::flop).sum();
  }

  public double totalBytes() {
    return rows.stream().mapToDouble(RooflineRow::bytes).sum();
  }

  /** Share of the time in kernels limited by compute. */
  public double computeBoundShare() {
    double total = rows.stream().mapToDouble(RooflineRow::seconds).sum();
    return rows.stream()
            .filter(r -> r.bound() == Bound.COMPUTE)
            .mapToDouble(RooflineRow::seconds)
            .sum()
        / total;
  }
}
