/**
 * The arithmetic: float and int8 GEMMs (Vector API and a portable scalar twin that must agree bit
 * for bit), fixed-point requantization, element-wise ops. Uses only {@code edge.model}; used by the
 * runtime, quantization and the probe.
 */
package dev.blueprint.edge.kernels;
