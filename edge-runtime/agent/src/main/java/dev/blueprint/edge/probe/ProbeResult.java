package dev.blueprint.edge.probe;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Probe} measured, in operations (one multiply-add = 2) and bytes per second, and how
 * to write it as a hardware profile the simulator reads.
 */
public record ProbeResult(
    String cpu,
    int cores,
    int threads,
    String kernels,
    String jvm,
    long memoryBytes,
    Map<Integer, Long> cacheBytes,
    double fp32PeakOneThread,
    double fp32PeakAllThreads,
    double int8PeakOneThread,
    double int8PeakAllThreads,
    double bandwidthOneThread,
    double bandwidthAllThreads,
    double fp32GemmOneThread,
    double int8GemmOneThread,
    double cacheBandwidthOneThread,
    long effectiveCacheBytes,
    double cacheLatencySeconds,
    LayerTimingFit layers) {

  /** The sustained GEMM rate as a fraction of the in-register ceiling, one thread. */
  public double fp32GemmEfficiency() {
    return fp32GemmOneThread / fp32PeakOneThread;
  }

  public double int8GemmEfficiency() {
    return int8GemmOneThread / int8PeakOneThread;
  }

  public String toText() {
    return String.format(
        Locale.ROOT,
        """
        cpu              %s (%d cores; %d threads measured)
        kernels          %s on %s
        fp32 peak        %8.1f GFLOP/s one thread   %8.1f all threads
        int8 peak        %8.1f GOP/s   one thread   %8.1f all threads
        memory read      %8.1f GB/s    one thread   %8.1f all threads
        fp32 GEMM        %8.1f GFLOP/s one thread (%.0f%% of the fp32 peak)
        int8 GEMM        %8.1f GOP/s   one thread (%.0f%% of the int8 peak)
        cache read       %8.1f GB/s    one thread; working sets up to %s read at least twice as fast as memory
        cache latency    %8.1f ns      one dependent load in 256 KiB
        fp32 layers      %8.1f GFLOP/s for large layers, %.1f us fixed per layer (fitted, one thread)
        int8 layers      %8.1f GOP/s   for large layers, %.1f us fixed per layer (fitted, one thread)
        pooling          %8.1f GFLOP/s (window operations)
        per-node cost    %8.3f us      (the interpreter's fixed cost of one op)
        """,
        cpu,
        cores,
        threads,
        kernels,
        jvm,
        fp32PeakOneThread / 1e9,
        fp32PeakAllThreads / 1e9,
        int8PeakOneThread / 1e9,
        int8PeakAllThreads / 1e9,
        bandwidthOneThread / 1e9,
        bandwidthAllThreads / 1e9,
        fp32GemmOneThread / 1e9,
        100 * fp32GemmEfficiency(),
        int8GemmOneThread / 1e9,
        100 * int8GemmEfficiency(),
        cacheBandwidthOneThread / 1e9,
        human(effectiveCacheBytes),
        cacheLatencySeconds * 1e9,
        layers.fp32Rate() / 1e9,
        layers.fp32FixedSeconds() * 1e6,
        layers.int8Rate() / 1e9,
        layers.int8FixedSeconds() * 1e6,
        layers.vectorRate() / 1e9,
        layers.nodeOverheadSeconds() * 1e6);
  }

  /**
   * A hardware profile for the simulator. Peaks are what the runtime's kernels can issue with all
   * threads busy; the matrix efficiency is the measured GEMM rate over that ceiling, so the
   * simulator's roofline predicts what this runtime, not a hand-tuned library, achieves.
   */
  public String toProfileYaml(String id, LocalDate date, String host) {
    String source =
        "blueprint-edge probe on " + host + ", " + date + " (" + kernels + ", " + jvm + ")";
    StringBuilder cache = new StringBuilder();
    // The simulator's profiles name the shared levels only; per-core L1 does not set a roofline.
    cacheBytes.entrySet().stream()
        .filter(e -> e.getKey() >= 2 && e.getKey() <= 3)
        .forEach(
            e ->
                cache.append(
                    String.format(Locale.ROOT, "  l%d: %dKiB%n", e.getKey(), e.getValue() / 1024)));
    if (cache.length() == 0) {
      cache.append("  l2: 1MiB\n");
    }
    // The runtime runs one inference on one thread: its kernels reach a share of the whole
    // device's peak, and these shares are what the simulator's efficiency curves mean.
    double matrixMax = clampFraction(layers.fp32Rate() / fp32PeakAllThreads);
    double int8Max = clampFraction(layers.int8Rate() / int8PeakAllThreads);
    double vectorMax = clampFraction(layers.vectorRate() / fp32PeakAllThreads);
    double memoryMax = clampFraction(bandwidthOneThread / bandwidthAllThreads);
    // The simulator's ramp of a matrix kernel is half-work / (peak × efficiency): the fitted fixed
    // time per layer, less the per-node cost it charges separately, times the fp32 rate.
    double halfWork =
        Math.max(0, layers.fp32FixedSeconds() - layers.nodeOverheadSeconds()) * layers.fp32Rate();
    double overhead = layers.nodeOverheadSeconds();
    return String.format(
        Locale.ROOT,
        """
        id: %s
        name: "%s (probed)"
        kind: cpu
        vendor: "%s"
        sources:
          probe: "%s"
          owner: "Not measurable by a probe; set by the device's owner"
        notes: >-
          Written by blueprint-edge probe. fp32 and int8 are the multiply-add rates the runtime's Java
          kernels reach in registers with all %d threads busy (one thread: %.1f GFLOP/s fp32, %.1f GOP/s
          int8); int8 is the 16-bit multiply and pairwise widening the JDK's Vector API offers, not the
          CPU's int8 dot-product instructions, which Java cannot reach. Memory bandwidth is a streaming
          read with all threads (one thread: %.1f GB/s). The cache is the largest working set that still
          read at least twice as fast as memory in a sweep (sysfs says %s). The efficiency figures
          describe this runtime, which runs one inference on one thread: matrix_max and matrix_half_work
          come from a relative-error fit of t = fixed + work / rate to its own convolution and dense
          layers of edge-model sizes (padding, bias and requantization included): fp32 %.1f GFLOP/s and
          %.1f us fixed per layer, int8 %.1f GOP/s and %.1f us; the rates are divided by the all-thread
          peaks. vector_max is its pooling rate, memory_max its one-thread share of the bandwidth,
          memory_latency one dependent load in a cache-sized working set (a model run back to back
          reads its small tensors from the cache), kernel_overhead its cost per node. The price is a placeholder of $0: a probe cannot know what
          the device cost.
        compute:
          source: probe
          fp32: %.3fGFLOPS
          int8: %.3fTOPS
        memory:
          source: probe
          capacity: %dMiB
          bandwidth: %.3fGB/s
          type: system memory
        cache:
          source: probe
        %s
          bandwidth: %.3fGB/s
        power:
          source: owner
          tdp: 0W
        prices:
          - provider: owner
            offer: this device
            read_on: %s
            devices: 1
            source: owner
            purchase: $0
            amortize_years: 3
        efficiency:
          source: probe
          matrix_max: %.4f
          matrix_max_by_precision: {int8: %.4f}
          matrix_half_work: %.3fMFLOP
          vector_max: %.4f
          memory_max: %.4f
          memory_latency: %.4fus
          kernel_overhead: %.3fus
          launch_overhead: %.3fus
        """,
        id,
        cpu.replace("\"", "'"),
        vendor(),
        source,
        threads,
        fp32PeakOneThread / 1e9,
        int8PeakOneThread / 1e9,
        bandwidthOneThread / 1e9,
        sysfsCaches(),
        layers.fp32Rate() / 1e9,
        layers.fp32FixedSeconds() * 1e6,
        layers.int8Rate() / 1e9,
        layers.int8FixedSeconds() * 1e6,
        fp32PeakAllThreads / 1e9,
        int8PeakAllThreads / 1e12,
        memoryBytes / (1024 * 1024),
        bandwidthAllThreads / 1e9,
        cache.toString().stripTrailing(),
        cacheBandwidthOneThread / 1e9,
        date,
        matrixMax,
        int8Max,
        halfWork / 1e6,
        vectorMax,
        memoryMax,
        cacheLatencySeconds * 1e6,
        overhead * 1e6,
        overhead * 1e6);
  }

  private String sysfsCaches() {
    StringBuilder out = new StringBuilder();
    cacheBytes.forEach(
        (level, bytes) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append("L")
                .append(level)
                .append(' ')
                .append(human(bytes)));
    return out.length() == 0 ? "nothing" : out.toString();
  }

  private static String human(long bytes) {
    return bytes >= 1 << 20 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
  }

  private static double clampFraction(double v) {
    return Math.max(1e-4, Math.min(1, v));
  }

  private String vendor() {
    String c = cpu.toLowerCase(Locale.ROOT);
    if (c.contains("intel")) {
      return "Intel";
    }
    if (c.contains("amd")) {
      return "AMD";
    }
    if (c.contains("arm") || c.contains("cortex") || c.contains("aarch64")) {
      return "Arm";
    }
    return "unknown";
  }
}
