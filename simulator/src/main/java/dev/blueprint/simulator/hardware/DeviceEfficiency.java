package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.FlopCount;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much of its datasheet peaks a device reaches in real kernels, as a function of kernel size
 * rather than one constant. Used by {@code dev.blueprint.simulator.perf.KernelTimeModel}; the
 * meaning of each parameter and where its value comes from is in {@code docs/calibration.md}.
 *
 * @param matrixMax fraction of the dense matrix peak a large GEMM reaches (0..1]
 * @param matrixMaxByPrecision per-precision overrides of {@code matrixMax} (FP8 and INT8 GEMMs
 *     usually reach a smaller fraction of their doubled peak)
 * @param matrixHalfWork GEMM size at which half of {@code matrixMax} is reached: below it a kernel
 *     cannot fill the device (too few tiles for the streaming multiprocessors)
 * @param vectorMax fraction of the vector (FP32) peak element-wise work reaches
 * @param memoryMax fraction of memory bandwidth a long streaming kernel reaches
 * @param memoryLatency the time to first byte; a kernel moving {@code bandwidth × latency} bytes
 *     reaches half of {@code memoryMax}
 * @param gatherMax fraction of memory bandwidth random row gathers (embedding lookups) reach
 * @param kernelOverhead fixed cost of each kernel inside a captured graph or fused engine
 * @param launchOverhead fixed cost of one kernel launched and synchronised from the host
 * @param collectiveMax fraction of per-direction link bandwidth a large collective reaches
 * @param collectiveLatency fixed cost of each step of a collective algorithm
 * @param inNetworkReductionMax for switches that reduce in the network (NVLink SHARP), the fraction
 *     of per-direction link bandwidth an all-reduce reaches as algorithm bandwidth
 * @param collectiveSizeCurve the share of the large-message bus bandwidth ({@code collectiveMax},
 *     {@code inNetworkReductionMax}) an all-reduce inside a node reaches at each message size, read
 *     from a measured sweep; {@link CollectiveSizeCurve#NONE} where none was read
 */
public record DeviceEfficiency(
    double matrixMax,
    Map<Precision, Double> matrixMaxByPrecision,
    FlopCount matrixHalfWork,
    double vectorMax,
    double memoryMax,
    TimeSpan memoryLatency,
    double gatherMax,
    TimeSpan kernelOverhead,
    TimeSpan launchOverhead,
    double collectiveMax,
    TimeSpan collectiveLatency,
    double inNetworkReductionMax,
    CollectiveSizeCurve collectiveSizeCurve) {
  public DeviceEfficiency {
    fraction("matrix_max", matrixMax);
    fraction("vector_max", vectorMax);
    fraction("memory_max", memoryMax);
    fraction("gather_max", gatherMax);
    fraction("collective_max", collectiveMax);
    fraction("in_network_reduction_max", inNetworkReductionMax);
    Objects.requireNonNull(matrixHalfWork, "matrixHalfWork");
    Objects.requireNonNull(memoryLatency, "memoryLatency");
    Objects.requireNonNull(kernelOverhead, "kernelOverhead");
    Objects.requireNonNull(launchOverhead, "launchOverhead");
    Objects.requireNonNull(collectiveLatency, "collectiveLatency");
    Objects.requireNonNull(collectiveSizeCurve, "collectiveSizeCurve");
    for (Map.Entry<Precision, Double> entry : matrixMaxByPrecision.entrySet()) {
      fraction("matrix_max_by_precision." + entry.getKey().id(), entry.getValue());
    }
    matrixMaxByPrecision =
        matrixMaxByPrecision.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(matrixMaxByPrecision));
  }

  private static void fraction(String name, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
    }
  }

  /** The fraction of the dense peak a large GEMM at {@code precision} reaches. */
  public double matrixMax(Precision precision) {
    return matrixMaxByPrecision.getOrDefault(precision, matrixMax);
  }

  /**
   * Defaults by device kind, used for any parameter a profile leaves out. The figures and their
   * reasoning are in {@code docs/calibration.md} ("Defaults by kind").
   */
  public static DeviceEfficiency defaults(HardwareKind kind) {
    return switch (kind) {
      case GPU ->
          new DeviceEfficiency(
              0.80,
              Map.of(),
              FlopCount.of(1.0e9),
              0.60,
              0.88,
              TimeSpan.micros(0.8),
              0.55,
              TimeSpan.micros(2.5),
              TimeSpan.micros(20),
              0.80,
              TimeSpan.micros(8),
              0.60,
              CollectiveSizeCurve.NONE);
      case TPU, NPU ->
          new DeviceEfficiency(
              0.75,
              Map.of(),
              FlopCount.of(2.0e9),
              0.50,
              0.85,
              TimeSpan.micros(1.0),
              0.45,
              TimeSpan.micros(3),
              TimeSpan.micros(30),
              0.75,
              TimeSpan.micros(10),
              0.60,
              CollectiveSizeCurve.NONE);
      case CPU ->
          new DeviceEfficiency(
              0.70,
              Map.of(),
              FlopCount.of(2.0e7),
              0.50,
              0.75,
              TimeSpan.micros(0.1),
              0.35,
              TimeSpan.micros(1),
              TimeSpan.micros(5),
              0.70,
              TimeSpan.micros(5),
              0.60,
              CollectiveSizeCurve.NONE);
      case EDGE ->
          new DeviceEfficiency(
              0.60,
              Map.of(),
              FlopCount.of(1.0e8),
              0.40,
              0.70,
              TimeSpan.micros(0.5),
              0.30,
              TimeSpan.micros(5),
              TimeSpan.micros(30),
              0.60,
              TimeSpan.micros(20),
              0.60,
              CollectiveSizeCurve.NONE);
    };
  }

  /** A copy with one parameter replaced; used by the loader to apply a profile's overrides. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Replaces parameters one at a time, keeping the others. */
  public static final class Builder {
    private double matrixMax;
    private Map<Precision, Double> matrixMaxByPrecision;
    private FlopCount matrixHalfWork;
    private double vectorMax;
    private double memoryMax;
    private TimeSpan memoryLatency;
    private double gatherMax;
    private TimeSpan kernelOverhead;
    private TimeSpan launchOverhead;
    private double collectiveMax;
    private TimeSpan collectiveLatency;
    private double inNetworkReductionMax;
    private CollectiveSizeCurve collectiveSizeCurve;

    private Builder(DeviceEfficiency from) {
      matrixMax = from.matrixMax;
      matrixMaxByPrecision = new EnumMap<>(Precision.class);
      matrixMaxByPrecision.putAll(from.matrixMaxByPrecision);
      matrixHalfWork = from.matrixHalfWork;
      vectorMax = from.vectorMax;
      memoryMax = from.memoryMax;
      memoryLatency = from.memoryLatency;
      gatherMax = from.gatherMax;
      kernelOverhead = from.kernelOverhead;
      launchOverhead = from.launchOverhead;
      collectiveMax = from.collectiveMax;
      collectiveLatency = from.collectiveLatency;
      inNetworkReductionMax = from.inNetworkReductionMax;
      collectiveSizeCurve = from.collectiveSizeCurve;
    }

    public Builder matrixMax(double value) {
      matrixMax = value;
      return this;
    }

    public Builder matrixMax(Precision precision, double value) {
      matrixMaxByPrecision.put(precision, value);
      return this;
    }

    public Builder matrixHalfWork(FlopCount value) {
      matrixHalfWork = value;
      return this;
    }

    public Builder vectorMax(double value) {
      vectorMax = value;
      return this;
    }

    public Builder memoryMax(double value) {
      memoryMax = value;
      return this;
    }

    public Builder memoryLatency(TimeSpan value) {
      memoryLatency = value;
      return this;
    }

    public Builder gatherMax(double value) {
      gatherMax = value;
      return this;
    }

    public Builder kernelOverhead(TimeSpan value) {
      kernelOverhead = value;
      return this;
    }

    public Builder launchOverhead(TimeSpan value) {
      launchOverhead = value;
      return this;
    }

    public Builder collectiveMax(double value) {
      collectiveMax = value;
      return this;
    }

    public Builder collectiveLatency(TimeSpan value) {
      collectiveLatency = value;
      return this;
    }

    public Builder inNetworkReductionMax(double value) {
      inNetworkReductionMax = value;
      return this;
    }

    public Builder collectiveSizeCurve(CollectiveSizeCurve value) {
      collectiveSizeCurve = value;
      return this;
    }

    public DeviceEfficiency build() {
      return new DeviceEfficiency(
          matrixMax,
          matrixMaxByPrecision,
          matrixHalfWork,
          vectorMax,
          memoryMax,
          memoryLatency,
          gatherMax,
          kernelOverhead,
          launchOverhead,
          collectiveMax,
          collectiveLatency,
          inNetworkReductionMax,
          collectiveSizeCurve);
    }
  }
}
