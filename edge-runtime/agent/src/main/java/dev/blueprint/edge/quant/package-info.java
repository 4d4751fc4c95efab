/**
 * Post-training int8 quantization in the TFLite scheme: range observers, calibration methods, the
 * quantizer and its per-layer error report. Uses the model, kernels and runtime; used by the probe
 * on a device and by the publisher's {@code quantize} on a desktop.
 */
package dev.blueprint.edge.quant;
