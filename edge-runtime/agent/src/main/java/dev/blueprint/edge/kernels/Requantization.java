package dev.blueprint.edge.kernels;

/**
 * Per-channel rescaling of int32 accumulators into int8 ({@link FixedPoint#multiply}, then the
 * output zero point and the activation's bounds), with each channel's shifts also held as factors.
 * Vector kernels multiply by the factors instead of shifting by a per-lane count: JDK 17's C2
 * compiles shifts by a vector of counts to a slow library call (measured: most of an int8 MLP's
 * time went there), while multiplies become single instructions.
 */
public final class Requantization {
  final int[] multiplier;
  final int[] shift;
  final int zeroPoint;
  final int min;
  final int max;

  /** {@code 2^left}: the left shift as a wrapping multiply. */
  final int[] leftFactor;

  /** {@code 2^(32 − right)}: {@code (q · factor) >> 32} is {@code q >> right} for int-range q. */
  final long[] rightFactor;

  /** {@code 2^right − 1}: the bits a right shift drops. */
  final int[] remainderMask;

  /**
   * @param multiplier Q31 multipliers, one per channel
   * @param shift their power-of-two exponents, in [−31, 30] as {@link FixedPoint#quantize} gives
   */
  public Requantization(int[] multiplier, int[] shift, int zeroPoint, int min, int max) {
    if (multiplier.length != shift.length) {
      throw new IllegalArgumentException(
          multiplier.length
              + " multipliers for "
              + shift.length
              + " shifts: one of each per channel");
    }
    if (min > max || min < -128 || max > 127) {
      throw new IllegalArgumentException(
          "int8 bounds must satisfy -128 <= min <= max <= 127, got " + min + ", " + max);
    }
    this.multiplier = multiplier.clone();
    this.shift = shift.clone();
    this.zeroPoint = zeroPoint;
    this.min = min;
    this.max = max;
    int channels = shift.length;
    leftFactor = new int[channels];
    rightFactor = new long[channels];
    remainderMask = new int[channels];
    for (int c = 0; c < channels; c++) {
      if (shift[c] < -31 || shift[c] > 30) {
        throw new IllegalArgumentException(
            "channel " + c + ": shift " + shift[c] + " is outside [-31, 30]");
      }
      int left = Math.max(shift[c], 0);
      int right = Math.max(-shift[c], 0);
      leftFactor[c] = 1 << left;
      rightFactor[c] = 1L << (32 - right);
      remainderMask[c] = (1 << right) - 1;
    }
  }

  public int channels() {
    return shift.length;
  }

  public int zeroPoint() {
    return zeroPoint;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }
}
