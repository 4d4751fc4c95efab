package dev.blueprint.simulator.perf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Block-quantised weight formats and the bits a weight takes in them, scales included. A 4-bit
 * format is not 4 bits a weight: llama.cpp's Q4_0 stores 32 weights in 16 bytes plus a 16-bit
 * scale. The widths follow from each format's block layout; the dequantisation work inside the
 * kernels is not charged (docs/calibration.md, precisions).
 */
public enum WeightFormat {
  /** ggml {@code block_q4_0}: 32 four-bit weights (16 bytes) and an fp16 scale, 18 bytes. */
  Q4_0("q4_0", 18 * 8 / 32.0),
  /** ggml {@code block_q8_0}: 32 int8 weights and an fp16 scale, 34 bytes. */
  Q8_0("q8_0", 34 * 8 / 32.0),
  /**
   * ggml {@code block_q4_K}: 256 weights in 144 bytes (two fp16 super-block scales, 12 bytes of
   * 6-bit sub-block scales, 128 bytes of weights). The _S/_M mixes keep some tensors in 5 or 6
   * bits, which is not charged.
   */
  Q4_K("q4_k", 144 * 8 / 256.0),
  /** AWQ and GPTQ at group size 128: an fp16 scale and a 4-bit zero point per 128 weights. */
  AWQ("awq", 4 + (16 + 4) / 128.0),
  GPTQ("gptq", 4 + (16 + 4) / 128.0),
  /** NVFP4: an fp8 (E4M3) scale per 16 E2M1 weights (the per-tensor fp32 scale is negligible). */
  NVFP4("nvfp4", 4 + 8 / 16.0),
  /** MXFP4 (OCP microscaling): an E8M0 scale per 32 E2M1 weights. */
  MXFP4("mxfp4", 4 + 8 / 32.0);

  private final String id;
  private final double bits;

  WeightFormat(String id, double bits) {
    this.id = id;
    this.bits = bits;
  }

  public String id() {
    return id;
  }

  /** Bits a weight takes, scales included. */
  public double bits() {
    return bits;
  }

  /**
   * The block-quantised format a name denotes, if any: plain formats (f16, int8, fp8) and unknown
   * names give none; {@code int4_awq} and {@code int4_gptq} read as AWQ and GPTQ.
   */
  public static Optional<WeightFormat> find(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    wanted = wanted.startsWith("int4_") ? wanted.substring(5) : wanted;
    try {
      return Optional.of(parse(wanted));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a format name, case-insensitively; the mixes of llama.cpp's K-quants ({@code q4_k_m},
   * {@code q4_k_s}) read as their base format.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static WeightFormat parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String base = wanted.matches("q[0-9]_k_[sml]") ? wanted.substring(0, 4) : wanted;
    for (WeightFormat f : values()) {
      if (f.id.equals(base)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown weight format '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(WeightFormat::id).collect(Collectors.joining(", ")));
  }
}
