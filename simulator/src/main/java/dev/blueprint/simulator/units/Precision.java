package dev.blueprint.simulator.units;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A numeric format for weights, activations or arithmetic. Carries its storage width in bits so
 * that sub-byte formats (int4) are exact; never relies on {@link #ordinal()}.
 */
public enum Precision {
  FP64("fp64", 64, true),
  FP32("fp32", 32, true),
  /** TensorFloat-32: stored as 32 bits, multiplied with a 10-bit mantissa on tensor cores. */
  TF32("tf32", 32, true),
  BF16("bf16", 16, true),
  FP16("fp16", 16, true),
  FP8("fp8", 8, true),
  /**
   * 4-bit floating point (E2M1) as in NVFP4 and MXFP4; the block scales are charged where tensors
   * are stored, not here.
   */
  FP4("fp4", 4, true),
  INT8("int8", 8, false),
  INT4("int4", 4, false);

  private final String id;
  private final int bitsPerElement;
  private final boolean floatingPoint;

  Precision(String id, int bitsPerElement, boolean floatingPoint) {
    this.id = id;
    this.bitsPerElement = bitsPerElement;
    this.floatingPoint = floatingPoint;
  }

  /** The lower-case name used in files and on the command line ({@code bf16}). */
  public String id() {
    return id;
  }

  public int bitsPerElement() {
    return bitsPerElement;
  }

  /** Storage per element in bytes; 0.5 for int4. */
  public double bytesPerElement() {
    return bitsPerElement / 8.0;
  }

  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /**
   * Reads a precision name, case-insensitively.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static Precision parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.id.equals(wanted)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown precision '" + text + "'; expected one of " + names());
  }

  /** The accepted names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
