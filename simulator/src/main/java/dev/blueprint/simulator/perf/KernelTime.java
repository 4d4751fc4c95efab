package dev.blueprint.simulator.perf;

/**
 * The predicted time of one kernel and what it is made of.
 *
 * @param computeSeconds time the arithmetic alone would take at the achievable rate
 * @param memorySeconds time the data movement alone would take at the achievable bandwidth
 * @param overheadSeconds fixed cost (launch, ramp-up)
 * @param totalSeconds the prediction: overhead plus compute and memory combined
 * @param bound what limits it
 */
public record KernelTime(
    double computeSeconds,
    double memorySeconds,
    double overheadSeconds,
    double totalSeconds,
    Bound bound) {}
