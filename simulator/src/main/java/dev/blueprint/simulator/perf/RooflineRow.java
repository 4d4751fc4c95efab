package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.model.OpClass;

/**
 * One kernel of a roofline analysis, its repeats folded in.
 *
 * @param name the kernel
 * @param opClass matrix, vector or gather work
 * @param repeats how many times it runs (blocks)
 * @param flop operations over all repeats
 * @param bytes bytes moved over all repeats
 * @param seconds predicted time over all repeats
 * @param bound what limits it
 * @param achievedFlopPerSecond operations over time
 * @param fractionOfPeak achieved rate over the device's peak for this kernel's precision
 */
public record RooflineRow(
    String name,
    OpClass opClass,
    double repeats,
    double flop,
    double bytes,
    double seconds,
    Bound bound,
    double achievedFlopPerSecond,
    double fractionOfPeak) {
  /** Operations per byte. */
  public double intensity() {
    return bytes == 0 ? Double.POSITIVE_INFINITY : flop / bytes;
  }
}
