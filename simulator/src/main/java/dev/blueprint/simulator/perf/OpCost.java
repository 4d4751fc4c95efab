package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.units.Precision;
import java.util.Objects;

/**
 * The work of one kernel on one device, ready to be timed: operations, bytes streamed from device
 * memory, bytes gathered at random, and bytes that must cross the host link.
 *
 * @param name what it is ({@code layer3.conv2}, {@code decode.mlp.down})
 * @param opClass which units do the arithmetic
 * @param math precision of the arithmetic (for matrix work)
 * @param flop operations
 * @param streamBytes bytes read and written sequentially (weights, activations, KV cache)
 * @param cacheableBytes the part of {@code streamBytes} that may be served from on-chip cache when
 *     it fits (activations passed between consecutive kernels)
 * @param gatherBytes bytes gathered row by row from large tables
 * @param hostBytes bytes read from host memory over the host link (tables that do not fit)
 * @param kernels how many kernel launches this represents
 * @param pagedBytes bytes read block by block from a paged cache (the KV cache of a decode step),
 *     which attention kernels stream less efficiently than contiguous tensors
 * @param groups independent GEMMs fused into one kernel (the experts of a grouped GEMM); each group
 *     is as small as {@code flop / groups} for the efficiency curve
 */
public record OpCost(
    String name,
    OpClass opClass,
    Precision math,
    double flop,
    double streamBytes,
    double cacheableBytes,
    double gatherBytes,
    double hostBytes,
    int kernels,
    double pagedBytes,
    double groups) {
  public OpCost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opClass, "opClass");
    Objects.requireNonNull(math, "math");
    for (double v : new double[] {flop, streamBytes, cacheableBytes, gatherBytes, hostBytes}) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException(name + ": costs must be finite and not negative");
      }
    }
    if (cacheableBytes > streamBytes) {
      throw new IllegalArgumentException(name + ": cacheable bytes exceed streamed bytes");
    }
    if (kernels < 0) {
      throw new IllegalArgumentException(name + ": kernel count must not be negative");
    }
    if (!Double.isFinite(pagedBytes)
        || pagedBytes < 0
        || !(groups >= 1)
        || !Double.isFinite(groups)) {
      throw new IllegalArgumentException(
          name + ": paged bytes must not be negative and groups at least 1");
    }
  }

  /** A kernel with no paged reads and a single GEMM. */
  public OpCost(
      String name,
      OpClass opClass,
      Precision math,
      double flop,
      double streamBytes,
      double cacheableBytes,
      double gatherBytes,
      double hostBytes,
      int kernels) {
    this(
        name,
        opClass,
        math,
        flop,
        streamBytes,
        cacheableBytes,
        gatherBytes,
        hostBytes,
        kernels,
        0,
        1);
  }

  /** A matrix or vector kernel that only streams memory. */
  public static OpCost of(
      String name, OpClass opClass, Precision math, double flop, double streamBytes) {
    return new OpCost(name, opClass, math, flop, streamBytes, 0, 0, 0, 1);
  }

  /** All bytes this kernel moves, wherever from. */
  public double totalBytes() {
    return streamBytes + gatherBytes + hostBytes + pagedBytes;
  }
}
