package dev.blueprint.edge.model;

/**
 * Output size and leading padding of one spatial axis, with TensorFlow's meaning of "same" (output
 * = ceil(in / stride), the odd pixel of padding at the end) and "valid" (no padding).
 */
public record Padding(int outputSize, int before) {

  public static Padding of(String mode, int input, int kernel, int stride) {
    if (stride <= 0 || kernel <= 0) {
      throw new IllegalArgumentException("kernel and stride must be positive");
    }
    return switch (mode) {
      case "same" -> {
        int out = (input + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - input, 0);
        yield new Padding(out, total / 2);
      }
      case "valid" -> {
        if (kernel > input) {
          throw new IllegalArgumentException(
              "kernel " + kernel + " is larger than the input " + input + " with valid padding");
        }
        yield new Padding((input - kernel) / stride + 1, 0);
      }
      default ->
          throw new IllegalArgumentException(
              "padding must be 'same' or 'valid', got '" + mode + "'");
    };
  }
}
