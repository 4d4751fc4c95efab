package dev.blueprint.edge.fl;

import java.math.BigDecimal;

/**
 * How a client writes its update for the upload (docs/federated.md, "Update encodings"). The task
 * file and {@code fl simulate --encoding} name one by its {@link #word()}:
 *
 * <ul>
 *   <li>{@code float32}: every parameter as an IEEE float, 4 bytes each;
 *   <li>{@code int8}: per tensor one float scale {@code max|x| / 127} and one signed byte per
 *       parameter, rounded stochastically so the decoded update is unbiased;
 *   <li>{@code top-k:F} and {@code int8+top-k:F}: per tensor only the {@code ceil(F × size)}
 *       entries of largest magnitude, their positions as a bitmap or as gaps (whichever is
 *       smaller), their values as floats or int8. The client keeps what it did not send in an
 *       {@link ErrorFeedback} and adds it to the next round's update.
 * </ul>
 */
public sealed interface UpdateEncoding
    permits UpdateEncoding.Float32, UpdateEncoding.Int8, UpdateEncoding.TopK {

  /** Every parameter as a float. */
  UpdateEncoding FLOAT32 = new Float32();

  /** Per-tensor scale and one byte per parameter. */
  UpdateEncoding INT8 = new Int8();

  /** The word the task file and the command line use for this encoding. */
  String word();

  /** Every parameter as a 4-byte float: exact, and the baseline the others are measured against. */
  record Float32() implements UpdateEncoding {
    @Override
    public String word() {
      return "float32";
    }
  }

  /** Per tensor a float scale {@code max|x|/127} and a signed byte per parameter (-127..127). */
  record Int8() implements UpdateEncoding {
    @Override
    public String word() {
      return "int8";
    }
  }

  /**
   * Per tensor the {@code ceil(fraction × size)} entries of largest magnitude (ties to the lower
   * index), as floats or, with {@code int8Values}, as int8 with one scale per tensor.
   *
   * @param fraction share of each tensor sent, in (0, 1]
   * @param int8Values whether the kept values are int8-encoded
   */
  record TopK(double fraction, boolean int8Values) implements UpdateEncoding {
    public TopK {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "top-k fraction must be above 0 and at most 1, got " + fraction);
      }
    }

    @Override
    public String word() {
      String f = BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
      return (int8Values ? "int8+" : "") + "top-k:" + f;
    }
  }

  /**
   * Reads an encoding word: {@code float32}, {@code int8}, {@code top-k:F} or {@code int8+top-k:F}
   * (also {@code top-k:F+int8}), F a fraction in (0, 1] such as 0.1.
   *
   * @throws IllegalArgumentException naming the word and what is accepted
   */
  static UpdateEncoding parse(String word) {
    String w = word.strip();
    switch (w) {
      case "float32":
        return FLOAT32;
      case "int8":
        return INT8;
      default:
        break;
    }
    boolean int8 = false;
    String rest = w;
    if (rest.startsWith("int8+")) {
      int8 = true;
      rest = rest.substring("int8+".length());
    } else if (rest.endsWith("+int8")) {
      int8 = true;
      rest = rest.substring(0, rest.length() - "+int8".length());
    }
    if (!rest.startsWith("top-k:")) {
      throw new IllegalArgumentException(
          "unknown update encoding '"
              + word
              + "'; known: float32, int8, top-k:FRACTION, int8+top-k:FRACTION");
    }
    String f = rest.substring("top-k:".length());
    double fraction;
    try {
      fraction = Double.parseDouble(f);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "update encoding '"
              + word
              + "': top-k fraction must be a number such as 0.1, got '"
              + f
              + "'",
          e);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "update encoding '" + word + "': top-k fraction must be above 0 and at most 1, got " + f);
    }
    return new TopK(fraction, int8);
  }
}
