package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import java.util.Objects;

/**
 * Times one kernel on one device: a roofline whose two roofs bend with kernel size.
 *
 * <ul>
 *   <li>Compute: a matrix kernel of F operations reaches {@code matrixMax · F / (F + H)} of the
 *       dense peak, H being the device's half-saturation work (too few tiles to fill every
 *       streaming multiprocessor below it). Vector work runs at {@code vectorMax} of the FP32
 *       vector peak.
 *   <li>Memory: streaming B bytes takes {@code B / (bandwidth · memoryMax) + latency / memoryMax};
 *       the part of the bytes that fits in the last-level cache moves at the cache's bandwidth;
 *       random gathers reach {@code gatherMax}; bytes from the host cross the host link.
 *   <li>The two are combined with a smooth maximum ({@link #OVERLAP_EXPONENT}): near the ridge
 *       point neither unit is saturated all the time, so a kernel takes longer than the larger of
 *       the two, as measured kernels do.
 *   <li>Each kernel pays a fixed overhead: small inside a captured graph, larger when launched and
 *       synchronised from the host.
 * </ul>
 *
 * Parameters and their sources: {@code docs/calibration.md}.
 */
public final class KernelTimeModel {
  /**
   * Exponent p of the smooth maximum {@code (c^p + m^p)^(1/p)}. One global constant, chosen from
   * GEMM sweeps around the ridge point (docs/calibration.md), never per device or case.
   */
  public static final double OVERLAP_EXPONENT = 4.0;

  /**
   * On-chip cache bandwidth as a multiple of device-memory bandwidth, when a profile gives no
   * figure: measured L2 bandwidths of recent GPUs are about three times their HBM bandwidth
   * (docs/calibration.md).
   */
  public static final double DEFAULT_CACHE_BANDWIDTH_FACTOR = 3.0;

  /**
   * Share of a GEMM's efficiency that fused attention kernels reach: FlashAttention-2 runs at
   * 50–73% of the A100's peak where cuBLAS GEMMs run at about 90% (Dao 2023, docs/calibration.md).
   */
  public static final double ATTENTION_EFFICIENCY = 0.7;

  /**
   * Share of the last-level cache that activations can occupy between kernels; the rest holds
   * weights, code paths and other traffic.
   */
  public static final double CACHE_RESIDENT_SHARE = 0.75;

  /**
   * Share of memory bandwidth decode attention reaches reading a paged KV cache: FlashAttention-3
   * paged decode measures 54–55 % of the H100's HBM at 2–4k-token contexts (flash-attention issue
   * 1572), decode attention inside a serving engine 81 % of the A100's (NanoFlow, OSDI'25, table
   * 2); docs/calibration.md.
   */
  public static final double PAGED_KV_SHARE = 0.70;

  private final HardwareProfile hardware;
  private final DeviceEfficiency efficiency;
  private final ExecutionMode mode;
  private final double memoryBytesPerSecond;
  private final double cacheBytes;
  private final double cacheBytesPerSecond;
  private final double hostBytesPerSecond;

  public KernelTimeModel(HardwareProfile hardware, ExecutionMode mode) {
    this.hardware = Objects.requireNonNull(hardware, "hardware");
    this.efficiency = hardware.efficiency();
    this.mode = Objects.requireNonNull(mode, "mode");
    this.memoryBytesPerSecond = hardware.memory().bandwidth().bytesPerSecond();
    this.cacheBytes = hardware.cache().largest().bytes();
    this.cacheBytesPerSecond =
        hardware
            .cache()
            .bandwidth()
            .map(b -> b.bytesPerSecond())
            .orElse(memoryBytesPerSecond * DEFAULT_CACHE_BANDWIDTH_FACTOR);
    this.hostBytesPerSecond =
        hardware
            .interconnect()
            .host()
            .map(link -> link.perDirection().bytesPerSecond())
            .orElse(memoryBytesPerSecond);
  }

  public HardwareProfile hardware() {
    return hardware;
  }

  public ExecutionMode mode() {
    return mode;
  }

  /** The fixed cost of one kernel in this mode. */
  public double kernelOverheadSeconds() {
    return mode == ExecutionMode.GRAPH
        ? efficiency.kernelOverhead().seconds()
        : efficiency.launchOverhead().seconds();
  }

  /** The last-level cache's bandwidth, zero when the device has no cache figure. */
  public Bandwidth cacheBandwidth() {
    return Bandwidth.of(cacheBytes > 0 ? cacheBytesPerSecond : 0);
  }

  /** The last-level cache size used to decide what stays on chip. */
  public double cacheBytes() {
    return cacheBytes;
  }

  /**
   * The precision a kernel asking for {@code wanted} actually runs in on this device: the same when
   * supported, otherwise the nearest wider format the device has (bf16 ↔ fp16, fp8 → 16-bit,
   * int8/int4 → fp16, tf32 → fp32), as engines fall back.
   */
  public Precision effectiveMath(Precision wanted) {
    if (hardware.peak(wanted).isPresent()) {
      return wanted;
    }
    List<Precision> fallbacks =
        switch (wanted) {
          case BF16 -> List.of(Precision.FP16, Precision.FP32);
          case FP16 -> List.of(Precision.BF16, Precision.FP32);
          case FP8 -> List.of(Precision.BF16, Precision.FP16, Precision.INT8, Precision.FP32);
          case FP4 -> List.of(Precision.FP8, Precision.BF16, Precision.FP16, Precision.FP32);
          case INT4 -> List.of(Precision.INT8, Precision.FP16, Precision.BF16, Precision.FP32);
          case INT8 -> List.of(Precision.FP16, Precision.BF16, Precision.FP8, Precision.FP32);
          case TF32 -> List.of(Precision.FP32, Precision.BF16, Precision.FP16);
          case FP32 -> List.of(Precision.TF32, Precision.BF16, Precision.FP16);
          case FP64 -> List.of(Precision.FP32);
        };
    for (Precision candidate : fallbacks) {
      if (hardware.peak(candidate).isPresent()) {
        return candidate;
      }
    }
    return hardware.peaks().keySet().iterator().next();
  }

  /** The rate matrix work at {@code math} reaches on a kernel of {@code flop} operations. */
  public double matrixRate(Precision wanted, double flop) {
    Precision math = effectiveMath(wanted);
    FlopRate peak = hardware.requirePeak(math);
    double halfWork = efficiency.matrixHalfWork().flop() * peakRatio(math);
    return peak.flopPerSecond() * efficiency.matrixMax(math) * flop / (flop + halfWork);
  }

  /**
   * The half-saturation work is given at the device's 16-bit rate; a precision with a faster peak
   * finishes the same tiles sooner, so its half-work scales with its peak.
   */
  private double peakRatio(Precision math) {
    double reference =
        hardware
            .peak(Precision.BF16)
            .or(() -> hardware.peak(Precision.FP16))
            .or(() -> hardware.peak(Precision.FP32))
            .orElseGet(() -> hardware.requirePeak(math))
            .flopPerSecond();
    return hardware.requirePeak(math).flopPerSecond() / reference;
  }

  /** Predicts the time of {@code op}. */
  public KernelTime time(OpCost op) {
    double compute = computeSeconds(op);
    MemoryTime memory = memoryTime(op);
    double overhead = op.kernels() * kernelOverheadSeconds();
    double total = overhead + smoothMax(compute, memory.total());
    // Fixed costs: launch, the ramp of a kernel too small to fill the device, memory latency.
    double fixed = overhead + Math.max(rampSeconds(op), memory.latency());
    Bound bound;
    if (fixed > total / 2) {
      bound = Bound.OVERHEAD;
    } else if (compute >= memory.total()) {
      bound = Bound.COMPUTE;
    } else if (memory.host() > memory.total() / 2) {
      bound = Bound.HOST_LINK;
    } else if (memory.gather() > memory.total() / 2) {
      bound = Bound.GATHER;
    } else {
      bound = Bound.MEMORY;
    }
    return new KernelTime(compute, memory.total(), overhead, total, bound);
  }

  /** The part of a matrix kernel's compute time that does not shrink with its size. */
  private double rampSeconds(OpCost op) {
    if (op.flop() == 0 || !(op.opClass() == OpClass.MATRIX || op.opClass() == OpClass.ATTENTION)) {
      return 0;
    }
    Precision math = effectiveMath(op.math());
    double halfWork = efficiency.matrixHalfWork().flop() * peakRatio(math) * op.groups();
    return halfWork / (hardware.requirePeak(math).flopPerSecond() * efficiency.matrixMax(math));
  }

  private double computeSeconds(OpCost op) {
    if (op.flop() == 0) {
      return 0;
    }
    return switch (op.opClass()) {
      case MATRIX -> op.flop() / matrixRate(op.math(), op.flop() / op.groups());
      case ATTENTION ->
          op.flop() / (matrixRate(op.math(), op.flop() / op.groups()) * ATTENTION_EFFICIENCY);
      case VECTOR, GATHER ->
          op.flop() / (hardware.vectorPeak().flopPerSecond() * efficiency.vectorMax());
    };
  }

  /**
   * The parts of a kernel's data movement.
   *
   * @param stream sequential reads and writes, from memory or cache
   * @param latency the time to first byte of a streaming kernel
   * @param gather random row gathers
   * @param host reads over the host link
   * @param paged block-wise reads of a paged cache
   */
  private record MemoryTime(
      double stream, double latency, double gather, double host, double paged) {
    double total() {
      return stream + latency + gather + host + paged;
    }
  }

  private MemoryTime memoryTime(OpCost op) {
    if (hardware.memory().onChip()) {
      // Weights and activations sit in on-chip SRAM next to the compute array, which no published
      // measurement of these devices shows limiting; what crosses the host link (inputs, outputs,
      // weights beyond the SRAM) moves at the link's rate.
      return new MemoryTime(
          0, 0, 0, op.hostBytes() / (memoryBytesPerSecond * efficiency.memoryMax()), 0);
    }
    double stream = 0;
    double latency = 0;
    if (op.streamBytes() > 0) {
      // Activations passed from one kernel to the next are still in the last-level cache when
      // they fit; of a larger tensor, the most recently written part is (LRU keeps the tail).
      double cached =
          op.cacheableBytes() == 0
              ? 0
              : op.cacheableBytes()
                  * Math.min(1, CACHE_RESIDENT_SHARE * cacheBytes / op.cacheableBytes());
      stream =
          (op.streamBytes() - cached) / (memoryBytesPerSecond * efficiency.memoryMax())
              + cached / (cacheBytesPerSecond * efficiency.memoryMax());
      latency = efficiency.memoryLatency().seconds() / efficiency.memoryMax();
    }
    // Table rows that live in host memory are random reads across PCIe: the gather efficiency
    // applies to them as it does to rows in device memory.
    return new MemoryTime(
        stream,
        latency,
        op.gatherBytes() / (memoryBytesPerSecond * efficiency.gatherMax()),
        op.hostBytes() / (hostBytesPerSecond * efficiency.gatherMax()),
        op.pagedBytes() / (memoryBytesPerSecond * PAGED_KV_SHARE));
  }

  static double smoothMax(double a, double b) {
    if (a == 0 || b == 0) {
      return a + b;
    }
    double p = OVERLAP_EXPONENT;
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    return hi * Math.pow(1 + Math.pow(lo / hi, p), 1 / p);
  }
}
