package dev.blueprint.edge.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The operators the runtime executes, each in float and int8. Names are the file's spelling. */
public enum OpType {
  /** {@code x[K] · weight[O,K]ᵀ + bias[O]}, optional fused activation. */
  DENSE,
  /** NHWC input, weight {@code [O,KH,KW,C]}, bias {@code [O]}; strides, padding, activation. */
  CONV2D,
  /** NHWC input, weight {@code [KH,KW,C·M]}, bias {@code [C·M]}. */
  DEPTHWISE_CONV2D,
  ADD,
  MUL,
  RELU,
  RELU6,
  MAX_POOL,
  AVG_POOL,
  GLOBAL_AVG_POOL,
  RESHAPE,
  CONCAT,
  SOFTMAX,
  /** int32 ids {@code [L]} and a table {@code [V,D]} give {@code [L,D]}. */
  EMBEDDING,
  /** int32 ids {@code [L]} (-1 pads) pooled by sum or mean to {@code [D]}. */
  EMBEDDING_BAG,
  /** float → int8 with the output's quantization. */
  QUANTIZE,
  /** int8 → float with the input's quantization. */
  DEQUANTIZE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OpType> fromLabel(String label) {
    for (OpType op : values()) {
      if (op.label().equals(label)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  public static String known() {
    return Arrays.stream(values()).map(OpType::label).collect(Collectors.joining(", "));
  }
}
