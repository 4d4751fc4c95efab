package dev.blueprint.edge.probe;

import dev.blueprint.edge.kernels.Gemm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

/**
 * Measures what this machine sustains for the runtime's kernels: the in-register multiply-add
 * ceiling in fp32 and int8 (one thread and all threads), streaming memory bandwidth, and the GEMM
 * kernels' rate on a cache-resident problem. Each figure is the best of several timed runs, since
 * interference only ever makes a run slower.
 */
public final class Probe {
  private Probe() {}

  /**
   * Measures with {@code threads} workers for the all-core figures; {@code quick} shortens every
   * run.
   */
  public static ProbeResult run(int threads, boolean quick) {
    int repeats = quick ? 3 : 7;
    double fp32One = best(repeats, () -> floatPeak(quick));
    double int8One = best(repeats, () -> int8Peak(quick));
    double fp32All = best(repeats, () -> parallel(threads, () -> floatPeak(quick)));
    double int8All = best(repeats, () -> parallel(threads, () -> int8Peak(quick)));
    int mb = quick ? 64 : 256;
    float[] big = new float[mb * 1024 * 1024 / 4];
    Arrays.fill(big, 1f);
    double bwOne = best(repeats, () -> readBandwidth(big, 0, big.length));
    double bwAll = best(repeats, () -> parallelSlices(threads, big));
    double gemmFloat = best(repeats, () -> gemmRate(false, quick));
    double gemmInt8 = best(repeats, () -> gemmRate(true, quick));
    TreeMap<Integer, Long> caches = caches();
    long l2 = caches.getOrDefault(2, 1L << 20);
    float[] cacheResident = new float[(int) Math.min(l2 / 2, 1 << 20) / 4];
    Arrays.fill(cacheResident, 1f);
    double cacheBw =
        best(
            repeats,
            () -> {
              double b = 0;
              for (int i = 0; i < 64; i++) {
                b = Math.max(b, readBandwidth(cacheResident, 0, cacheResident.length));
              }
              return b;
            });
    long effectiveCache = effectiveCacheBytes(quick, bwOne);
    double latency = cacheLatencySeconds(quick);
    LayerTimingFit c = LayerTimingFit.measure(quick);
    return new ProbeResult(
        cpuName(),
        Runtime.getRuntime().availableProcessors(),
        threads,
        Gemm.implementation(),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        totalMemoryBytes(),
        caches,
        fp32One,
        fp32All,
        int8One,
        int8All,
        bwOne,
        bwAll,
        gemmFloat,
        gemmInt8,
        cacheBw,
        effectiveCache,
        latency,
        c);
  }

  private static double best(int repeats, DoubleSupplier measure) {
    measure.getAsDouble();
    double best = 0;
    for (int i = 0; i < repeats; i++) {
      best = Math.max(best, measure.getAsDouble());
    }
    return best;
  }

  /**
   * The best of a few runs of the single-thread float multiply-add loop, FLOP/s: the peak a
   * kernel's rate is judged against.
   */
  public static double floatPeakOneThread(boolean quick) {
    return best(quick ? 3 : 7, () -> floatPeak(quick));
  }

  private static double floatPeak(boolean quick) {
    int rounds = quick ? 2_000_000 : 10_000_000;
    float[] sink = new float[8];
    long t0 = System.nanoTime();
    double flop = Gemm.floatPeakLoop(rounds, sink);
    return flop / ((System.nanoTime() - t0) * 1e-9);
  }

  private static double int8Peak(boolean quick) {
    int rounds = quick ? 2_000_000 : 10_000_000;
    int[] sink = new int[10];
    long t0 = System.nanoTime();
    double ops = Gemm.int8PeakLoop(rounds, sink);
    return ops / ((System.nanoTime() - t0) * 1e-9);
  }

  private static double parallel(int threads, DoubleSupplier perThread) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit((Callable<Double>) perThread::getAsDouble));
      }
      double sum = 0;
      for (Future<Double> f : futures) {
        sum += f.get();
      }
      return sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("probe interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** Bytes per second reading {@code [from, to)} once, with the widest loads this JVM issues. */
  private static double readBandwidth(float[] data, int from, int to) {
    long t0 = System.nanoTime();
    float sum = Gemm.sum(data, from, to);
    double seconds = (System.nanoTime() - t0) * 1e-9;
    SINK[0] += sum;
    return 4.0 * (to - from) / seconds;
  }

  private static final float[] SINK = new float[1];

  /**
   * The largest working set that still reads at least twice as fast as memory, from a sweep of
   * sizes: what a kernel can count on staying on chip. Virtual machines often report cache sizes
   * (sysfs) that are the host's, not what a guest thread gets.
   */
  static long effectiveCacheBytes(boolean quick, double memoryBandwidth) {
    long found = 128 * 1024;
    for (long size = 256 * 1024; size <= 256L * 1024 * 1024; size *= 2) {
      float[] data = new float[(int) (size / 4)];
      Arrays.fill(data, 1f);
      int passes = (int) Math.max(2, Math.min(64, (quick ? 2e8 : 1e9) / size));
      double best = 0;
      for (int round = 0; round < 3; round++) {
        readBandwidth(data, 0, data.length);
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
          SINK[0] += Gemm.sum(data, 0, data.length);
        }
        best = Math.max(best, (double) size * passes / ((System.nanoTime() - t0) * 1e-9));
      }
      if (best < 2 * memoryBandwidth) {
        break;
      }
      found = size;
    }
    return found;
  }

  /**
   * Seconds for one dependent load in a 256 KiB working set (a random cycle of indices, so neither
   * prefetching nor overlap hides it): the time to first byte of the small, cache-resident tensors
   * a model run back to back reads.
   */
  static double cacheLatencySeconds(boolean quick) {
    int n = 64 * 1024;
    int[] next = new int[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random r = new Random(7);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < n; i++) {
      next[order[i]] = order[(i + 1) % n];
    }
    int steps = quick ? 2_000_000 : 10_000_000;
    double best = Double.MAX_VALUE;
    int p = 0;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        p = next[p];
      }
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9 / steps);
    }
    SINK[0] += p;
    return best;
  }

  private static double parallelSlices(int threads, float[] data) {
    int slice = data.length / threads;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> futures = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int from = t * slice;
        futures.add(pool.submit(() -> readBandwidth(data, from, from + slice)));
      }
      for (Future<Double> f : futures) {
        f.get();
      }
      return 4.0 * slice * threads / ((System.nanoTime() - t0) * 1e-9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("probe interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** Operations per second of the runtime's GEMM on 256×256×1024, which fits in L2 as int8. */
  public static double gemmRate(boolean int8, boolean quick) {
    int m = 256;
    int n = 256;
    int k = 1024;
    Random r = new Random(1);
    int reps = quick ? 2 : 6;
    long t0;
    if (int8) {
      byte[] a = new byte[m * k];
      byte[] w = new byte[n * k];
      r.nextBytes(a);
      r.nextBytes(w);
      int[] init = new int[n];
      int[] c = new int[m * n];
      Gemm.int8Gemm(m, n, k, a, 0, w, init, c);
      t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        Gemm.int8Gemm(m, n, k, a, 0, w, init, c);
      }
    } else {
      float[] a = new float[m * k];
      float[] w = new float[n * k];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextFloat();
        w[i] = r.nextFloat();
      }
      float[] c = new float[m * n];
      Gemm.floatGemm(m, n, k, a, 0, w, null, c, 0);
      t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        Gemm.floatGemm(m, n, k, a, 0, w, null, c, 0);
      }
    }
    return 2.0 * m * n * k * reps / ((System.nanoTime() - t0) * 1e-9);
  }

  static String cpuName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: fall back to what the JVM knows.
    }
    return System.getProperty("os.arch") + " CPU";
  }

  static long totalMemoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Fall through to the JVM's view.
    }
    return Runtime.getRuntime().maxMemory();
  }

  /** Cache level → size in bytes, from Linux's sysfs (largest instance of each level). */
  static TreeMap<Integer, Long> caches() {
    TreeMap<Integer, Long> out = new TreeMap<>();
    Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int i = 0; i < 8; i++) {
      Path dir = base.resolve("index" + i);
      try {
        Optional<String> type = read(dir.resolve("type"));
        if (type.isEmpty() || type.get().equals("Instruction")) {
          continue;
        }
        int level = Integer.parseInt(read(dir.resolve("level")).orElse("0"));
        String size = read(dir.resolve("size")).orElse("0K");
        long bytes =
            Long.parseLong(size.replaceAll("[^0-9]", ""))
                * (size.endsWith("M") ? 1024 * 1024 : size.endsWith("K") ? 1024 : 1);
        out.merge(level, bytes, Math::max);
      } catch (RuntimeException e) {
        // A missing or odd entry leaves that level out.
      }
    }
    return out;
  }

  private static Optional<String> read(Path p) {
    try {
      return Files.exists(p) ? Optional.of(Files.readString(p).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
