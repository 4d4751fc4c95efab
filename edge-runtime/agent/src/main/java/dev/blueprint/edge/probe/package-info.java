/**
 * Measures the device it runs on (peak float and int8 GEMM, memory bandwidth and latency, a
 * calibration model layer by layer) and writes a hardware profile the simulator reads. Uses the
 * model, kernels, runtime and quantization; its output is a file, not a call into the simulator.
 */
package dev.blueprint.edge.probe;
