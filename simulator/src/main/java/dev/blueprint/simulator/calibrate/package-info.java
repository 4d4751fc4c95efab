/**
 * Fits a hardware profile's efficiency parameters to a kernel sweep measured on the device ({@code
 * blueprint calibrate}), in the kernel model's own terms, and writes the calibrated profile.
 * Depends on {@code units}, {@code io}, {@code hardware}, {@code model} and {@code perf}.
 */
package dev.blueprint.simulator.calibrate;
