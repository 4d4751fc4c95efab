package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.perf.ExecutionMode;
import dev.blueprint.simulator.perf.KernelTimeModel;
import dev.blueprint.simulator.perf.OpCost;
import dev.blueprint.simulator.units.FlopCount;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;

/**
 * Fits a device's efficiency parameters to a kernel sweep measured on it, and checks the fit by
 * predicting every measured kernel before and after.
 *
 * <p>Each parameter is read off the kernels that isolate it, in the model's own terms ({@link
 * KernelTimeModel}), so that the model with the fitted values reproduces the sweep:
 *
 * <ul>
 *   <li>graph-node and launch rows: their medians are the per-kernel overheads;
 *   <li>stream rows: the time above the kernel overhead is {@code bytes / (bandwidth · memory_max)
 *       + latency / memory_max}, a straight line in the bytes;
 *   <li>gather rows: what is left after the overhead and the streamed output is the gathered bytes
 *       at {@code gather_max} of the bandwidth (median over rows);
 *   <li>GEMM rows whose memory time is under a third of their time (compute bound, so the smooth
 *       maximum adds under 0.5 %): compute time is {@code (F + H) / (peak · matrix_max)}, a
 *       straight line in the operations whose slope gives {@code matrix_max} and whose intercept
 *       gives the half-saturation work {@code H}.
 * </ul>
 *
 * Straight lines are fitted by least squares on relative error (weights {@code 1/t²}), so a 10 µs
 * kernel counts as much as a 10 ms one. Parameters no row informs keep the profile's value.
 */
public final class EfficiencyFit {
  /** GEMM rows count as compute bound when memory takes under this share of their time. */
  static final double COMPUTE_BOUND_SHARE = 1.0 / 3;

  private EfficiencyFit() {}

  public static Calibration fit(HardwareProfile profile, List<KernelMeasurement> rows) {
    Objects.requireNonNull(profile, "profile");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no kernel measurements to fit");
    }
    DeviceEfficiency before = profile.efficiency();
    DeviceEfficiency.Builder fitted = before.toBuilder();
    List<FittedParameter> parameters = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    double bandwidth = profile.memory().bandwidth().bytesPerSecond();

    TimeSpan kernelOverhead = medianSeconds(rows, KernelKind.GRAPH_NODE, before.kernelOverhead());
    record(
        "kernel_overhead",
        before.kernelOverhead().micros(),
        kernelOverhead.micros(),
        "us",
        count(rows, KernelKind.GRAPH_NODE),
        parameters);
    fitted.kernelOverhead(kernelOverhead);
    TimeSpan launchOverhead = medianSeconds(rows, KernelKind.LAUNCH, before.launchOverhead());
    record(
        "launch_overhead",
        before.launchOverhead().micros(),
        launchOverhead.micros(),
        "us",
        count(rows, KernelKind.LAUNCH),
        parameters);
    fitted.launchOverhead(launchOverhead);
    double overhead = kernelOverhead.seconds();

    // Memory: t - overhead = B / (bw * mm) + latency / mm.
    double memoryMax = before.memoryMax();
    TimeSpan memoryLatency = before.memoryLatency();
    List<KernelMeasurement> streams = of(rows, KernelKind.STREAM);
    double[] line = straightLine(streams, KernelMeasurement::streamBytes, overhead);
    boolean memoryFitted = line != null && line[1] > 0;
    if (memoryFitted) {
      memoryMax =
          clip(
              "memory_max",
              1 / (line[1] * bandwidth),
              "copies ran faster than the profile's memory bandwidth allows; check memory.bandwidth",
              warnings);
      memoryLatency = TimeSpan.seconds(Math.max(0, line[0]) * memoryMax);
    } else if (!streams.isEmpty()) {
      warnings.add(
          "stream rows need at least two sizes whose time grows with the bytes; memory_max and "
              + "memory_latency keep the profile's values");
    }
    record(
        "memory_max",
        before.memoryMax(),
        memoryMax,
        "",
        memoryFitted ? streams.size() : 0,
        parameters);
    record(
        "memory_latency",
        before.memoryLatency().micros(),
        memoryLatency.micros(),
        "us",
        memoryFitted ? streams.size() : 0,
        parameters);
    fitted.memoryMax(memoryMax).memoryLatency(memoryLatency);
    double streamSecondsPerByte = 1 / (bandwidth * memoryMax);
    double streamLatency = memoryLatency.seconds() / memoryMax;

    // Gathers: what is left after the overhead and the streamed output.
    List<Double> gatherShares = new ArrayList<>();
    List<KernelMeasurement> gathers = of(rows, KernelKind.GATHER);
    for (KernelMeasurement row : gathers) {
      double rest =
          row.seconds()
              - overhead
              - row.streamBytes() * streamSecondsPerByte
              - (row.streamBytes() > 0 ? streamLatency : 0);
      if (rest > 0) {
        gatherShares.add(row.gatherBytes() / (rest * bandwidth));
      }
    }
    if (gatherShares.size() < gathers.size()) {
      warnings.add(
          (gathers.size() - gatherShares.size())
              + " of "
              + gathers.size()
              + " gather rows took no longer than "
              + "their kernel overhead and streamed output; they do not inform gather_max");
    }
    double gatherMax =
        gatherShares.isEmpty()
            ? before.gatherMax()
            : clip(
                "gather_max",
                median(gatherShares),
                "gathers ran faster than the profile's memory bandwidth allows; check memory.bandwidth",
                warnings);
    record("gather_max", before.gatherMax(), gatherMax, "", gatherShares.size(), parameters);
    fitted.gatherMax(gatherMax);

    // GEMMs, one precision at a time: t - overhead = F / (peak * mx) + H_p / (peak * mx).
    Map<Precision, List<KernelMeasurement>> byPrecision = new EnumMap<>(Precision.class);
    Map<Precision, Integer> measured = new EnumMap<>(Precision.class);
    for (KernelMeasurement row : of(rows, KernelKind.GEMM)) {
      measured.merge(row.precision(), 1, Integer::sum);
      double memory = row.streamBytes() * streamSecondsPerByte + streamLatency;
      if (memory < COMPUTE_BOUND_SHARE * (row.seconds() - overhead)) {
        byPrecision.computeIfAbsent(row.precision(), p -> new ArrayList<>()).add(row);
      }
    }
    for (Map.Entry<Precision, Integer> entry : measured.entrySet()) {
      int computeBound = byPrecision.getOrDefault(entry.getKey(), List.of()).size();
      if (computeBound < 2) {
        warnings.add(
            entry.getKey().id()
                + ": "
                + computeBound
                + " of "
                + entry.getValue()
                + " gemm rows are compute "
                + "bound (memory under a third of their time); the curve needs two sizes, so it is not fitted");
      }
    }
    Precision reference =
        byPrecision.containsKey(Precision.BF16)
            ? Precision.BF16
            : byPrecision.containsKey(Precision.FP16)
                ? Precision.FP16
                : byPrecision.keySet().stream().findFirst().orElse(null);
    for (Map.Entry<Precision, List<KernelMeasurement>> entry : byPrecision.entrySet()) {
      Precision precision = entry.getKey();
      double[] gemmLine = straightLine(entry.getValue(), KernelMeasurement::flop, overhead);
      if (profile.peak(precision).isEmpty()) {
        warnings.add(
            precision.id()
                + ": the profile has no "
                + precision.id()
                + " peak, so its gemm rows are not fitted");
        continue;
      }
      if (gemmLine == null || gemmLine[1] <= 0) {
        if (gemmLine != null) {
          warnings.add(
              precision.id()
                  + ": gemm time does not grow with the operations; the curve is not fitted");
        }
        continue;
      }
      double peak = profile.requirePeak(precision).flopPerSecond();
      double matrixMax =
          clip(
              precision.id() + " matrix_max",
              1 / (gemmLine[1] * peak),
              "products ran faster than the profile's dense "
                  + precision.id()
                  + " peak allows; check the peak",
              warnings);
      // The profile's default matrix_max is its 16-bit figure; any other precision, or a 16-bit one
      // the profile already states on its own, is an entry of matrix_max_by_precision.
      boolean isDefault =
          (precision == Precision.BF16 || precision == Precision.FP16)
              && !before.matrixMaxByPrecision().containsKey(precision);
      record(
          isDefault ? "matrix_max" : "matrix_max_by_precision." + precision.id(),
          before.matrixMax(precision),
          matrixMax,
          "",
          entry.getValue().size(),
          parameters);
      if (isDefault) {
        fitted.matrixMax(matrixMax);
      } else {
        fitted.matrixMax(precision, matrixMax);
      }
      if (precision == reference) {
        // The half-work is stated at the 16-bit rate; a faster precision's scales with its peak.
        double halfWorkAtPrecision = Math.max(0, gemmLine[0]) / gemmLine[1];
        double ratio = peak / reference16BitPeak(profile, precision);
        FlopCount halfWork = FlopCount.of(halfWorkAtPrecision / ratio);
        record(
            "matrix_half_work",
            before.matrixHalfWork().flop() / 1e9,
            halfWork.flop() / 1e9,
            "GFLOP",
            entry.getValue().size(),
            parameters);
        fitted.matrixHalfWork(halfWork);
      }
    }

    HardwareProfile after = profile.withEfficiency(fitted.build());
    List<RowCheck> checks = new ArrayList<>();
    for (KernelMeasurement row : rows) {
      checks.add(new RowCheck(row, predict(profile, row), predict(after, row)));
    }
    return new Calibration(profile, after, parameters, checks, warnings);
  }

  /** A fraction of a peak, at most 1; above 1 the measurement contradicts the datasheet figure. */
  private static double clip(String name, double value, String why, List<String> warnings) {
    if (value > 1) {
      warnings.add(
          String.format(
              Locale.ROOT, "%s came out at %.3f and is capped at 1: %s", name, value, why));
      return 1;
    }
    return value;
  }

  /** The time the model gives {@code profile} for the measured kernel. */
  public static double predict(HardwareProfile profile, KernelMeasurement row) {
    return switch (row.kind()) {
      case LAUNCH -> profile.efficiency().launchOverhead().seconds();
      case GRAPH_NODE -> profile.efficiency().kernelOverhead().seconds();
      case GEMM ->
          graphModel(profile)
              .time(
                  OpCost.of(
                      row.label(), OpClass.MATRIX, row.precision(), row.flop(), row.streamBytes()))
              .totalSeconds();
      case STREAM ->
          graphModel(profile)
              .time(OpCost.of(row.label(), OpClass.VECTOR, Precision.FP32, 0, row.streamBytes()))
              .totalSeconds();
      case GATHER ->
          graphModel(profile)
              .time(
                  new OpCost(
                      row.label(),
                      OpClass.GATHER,
                      Precision.FP32,
                      0,
                      row.streamBytes(),
                      0,
                      row.gatherBytes(),
                      0,
                      1))
              .totalSeconds();
    };
  }

  /**
   * Back-to-back kernels in one stream pay the per-kernel cost of a graph, not a host round trip.
   */
  private static KernelTimeModel graphModel(HardwareProfile profile) {
    return new KernelTimeModel(profile, ExecutionMode.GRAPH);
  }

  private static double reference16BitPeak(HardwareProfile profile, Precision fallback) {
    return profile
        .peak(Precision.BF16)
        .or(() -> profile.peak(Precision.FP16))
        .or(() -> profile.peak(Precision.FP32))
        .orElseGet(() -> profile.requirePeak(fallback))
        .flopPerSecond();
  }

  /**
   * Least squares for {@code t - overhead = a + b·x} on relative error; {@code {a, b}}, or null
   * when fewer than two distinct sizes were measured.
   */
  private static double[] straightLine(
      List<KernelMeasurement> rows, ToDoubleFunction<KernelMeasurement> size, double overhead) {
    if (rows.stream().mapToDouble(size).distinct().count() < 2) {
      return null;
    }
    WeightedObservedPoints points = new WeightedObservedPoints();
    for (KernelMeasurement row : rows) {
      points.add(
          1 / (row.seconds() * row.seconds()), size.applyAsDouble(row), row.seconds() - overhead);
    }
    return PolynomialCurveFitter.create(1).fit(points.toList());
  }

  private static void record(
      String name,
      double before,
      double after,
      String unit,
      int rows,
      List<FittedParameter> parameters) {
    parameters.add(new FittedParameter(name, before, after, unit, rows));
  }

  private static List<KernelMeasurement> of(List<KernelMeasurement> rows, KernelKind kind) {
    return rows.stream().filter(r -> r.kind() == kind).toList();
  }

  private static int count(List<KernelMeasurement> rows, KernelKind kind) {
    return of(rows, kind).size();
  }

  /** The median time of the rows of {@code kind}, or {@code otherwise} when there are none. */
  private static TimeSpan medianSeconds(
      List<KernelMeasurement> rows, KernelKind kind, TimeSpan otherwise) {
    List<Double> seconds = of(rows, kind).stream().map(KernelMeasurement::seconds).toList();
    return seconds.isEmpty() ? otherwise : TimeSpan.seconds(median(seconds));
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
