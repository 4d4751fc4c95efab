package dev.blueprint.edge.kernels;

/**
 * Integer-only rescaling, bit for bit as TFLite and gemmlowp define it: a real multiplier becomes a
 * Q31 integer and a power-of-two shift, and {@link #multiply} applies it with round-to-nearest.
 * Every back end uses these exact operations, which is why OpenCL's int8 outputs equal Java's.
 */
public final class FixedPoint {
  private FixedPoint() {}

  /** A real multiplier {@code m = multiplier · 2^(shift − 31)}. */
  public record Multiplier(int multiplier, int shift) {
    public double value() {
      return multiplier * Math.pow(2, shift - 31);
    }
  }

  public static Multiplier quantize(double real) {
    if (!(real >= 0) || Double.isInfinite(real)) {
      throw new IllegalArgumentException("multiplier must be finite and non-negative, got " + real);
    }
    if (real == 0) {
      return new Multiplier(0, 0);
    }
    int exponent = Math.getExponent(real) + 1;
    double fraction = real / Math.pow(2, exponent);
    long q = Math.round(fraction * (1L << 31));
    if (q == (1L << 31)) {
      q /= 2;
      exponent++;
    }
    if (exponent < -31) {
      return new Multiplier(0, 0);
    }
    if (exponent > 30) {
      throw new IllegalArgumentException("multiplier " + real + " is too large for fixed point");
    }
    return new Multiplier((int) q, exponent);
  }

  /** {@code round(a · b / 2^31)}, saturating the one overflowing case, as gemmlowp does. */
  public static int saturatingRoundingDoublingHighMul(int a, int b) {
    if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
      return Integer.MAX_VALUE;
    }
    long ab = (long) a * b;
    long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
    return (int) ((ab + nudge) / (1L << 31));
  }

  /** {@code x / 2^exponent} rounded to nearest, ties away from zero. */
  public static int roundingDivideByPowerOfTwo(int x, int exponent) {
    int mask = (1 << exponent) - 1;
    int remainder = x & mask;
    int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  public static int multiply(int x, int multiplier, int shift) {
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    return roundingDivideByPowerOfTwo(
        saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
  }

  /** Rounds half away from zero, as TFLite's quantizer does. */
  public static int round(float v) {
    return v >= 0 ? Math.round(v) : -Math.round(-v);
  }

  public static byte clampToInt8(int v) {
    return (byte) (v < -128 ? -128 : (v > 127 ? 127 : v));
  }

  /** Float → int8 with {@code scale} and {@code zeroPoint}; saturates, however far out of range. */
  public static byte quantize(float v, float scale, int zeroPoint) {
    // In long: round() saturates at ±2^31, and adding the zero point there would wrap around.
    long q = (long) round(v / scale) + zeroPoint;
    return (byte) (q < -128 ? -128 : (q > 127 ? 127 : q));
  }
}
