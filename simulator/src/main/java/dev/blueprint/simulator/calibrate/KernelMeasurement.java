package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.units.Precision;
import java.util.Locale;
import java.util.Objects;

/**
 * One microbenchmark result from a kernel sweep ({@code tests/gpu/kernels.py} writes them).
 *
 * @param line the line of the file it was read from
 * @param kind what was measured
 * @param precision the arithmetic of a GEMM; FP32 for the other kinds
 * @param m rows of the product (GEMM only, else 0)
 * @param n columns of the product (GEMM only, else 0)
 * @param k the shared dimension (GEMM only, else 0)
 * @param streamBytes bytes read and written sequentially (operands, copies, a gather's output)
 * @param gatherBytes bytes of table rows read at random (gathers only)
 * @param seconds the mean time of one kernel
 * @param note free text from the file (shape name, buffer count)
 */
public record KernelMeasurement(
    int line,
    KernelKind kind,
    Precision precision,
    long m,
    long n,
    long k,
    double streamBytes,
    double gatherBytes,
    double seconds,
    String note) {
  public KernelMeasurement {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(note, "note");
    if (!(seconds > 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be positive, got " + seconds);
    }
  }

  /** Operations of a GEMM: a multiply and an add per term. */
  public double flop() {
    return kind == KernelKind.GEMM ? 2.0 * m * n * k : 0;
  }

  /** A short label for tables: the kind and its size. */
  public String label() {
    return switch (kind) {
      case GEMM -> "gemm " + precision.id() + " " + m + "x" + n + "x" + k;
      case STREAM -> "stream " + bytesText(streamBytes);
      case GATHER -> "gather " + bytesText(gatherBytes);
      case LAUNCH -> "launch";
      case GRAPH_NODE -> "graph-node";
    };
  }

  private static String bytesText(double bytes) {
    if (bytes >= 1e9) {
      return String.format(Locale.ROOT, "%.3gGB", bytes / 1e9);
    }
    if (bytes >= 1e6) {
      return String.format(Locale.ROOT, "%.3gMB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%.3gkB", bytes / 1e3);
  }
}
