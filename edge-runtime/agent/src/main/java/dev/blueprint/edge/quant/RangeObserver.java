package dev.blueprint.edge.quant;

/**
 * The range of one tensor's values over the calibration data: exact minimum and maximum in a first
 * pass, then, for percentiles, a 4096-bin histogram over that range in a second pass.
 */
final class RangeObserver {
  private static final int BINS = 4096;

  float min = Float.POSITIVE_INFINITY;
  float max = Float.NEGATIVE_INFINITY;
  private long[] histogram;
  private long count;

  void observeRange(float[] values, int n) {
    for (int i = 0; i < n; i++) {
      float v = values[i];
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
  }

  void observeHistogram(float[] values, int n) {
    if (histogram == null) {
      histogram = new long[BINS];
    }
    float width = (max - min) / BINS;
    for (int i = 0; i < n; i++) {
      int bin = width > 0 ? (int) ((values[i] - min) / width) : 0;
      histogram[Math.min(Math.max(bin, 0), BINS - 1)]++;
    }
    count += n;
  }

  /** The clipped range: values below the lower or above the upper percentile fall outside. */
  float[] range(CalibrationMethod calibration) {
    if (calibration.method() == CalibrationMethod.Method.MINMAX
        || histogram == null
        || count == 0) {
      return new float[] {min, max};
    }
    double tail = (100 - calibration.percentile()) / 100 * count;
    float width = (max - min) / BINS;
    long seen = 0;
    int lo = 0;
    while (lo < BINS - 1 && seen + histogram[lo] <= tail) {
      seen += histogram[lo++];
    }
    seen = 0;
    int hi = BINS - 1;
    while (hi > lo && seen + histogram[hi] <= tail) {
      seen += histogram[hi--];
    }
    return new float[] {min + lo * width, min + (hi + 1) * width};
  }
}
