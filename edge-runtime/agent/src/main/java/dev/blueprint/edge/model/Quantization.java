package dev.blueprint.edge.model;

import java.util.Arrays;

/**
 * How integers stand for real numbers: {@code real = scale * (q - zeroPoint)}. Activations have one
 * scale and zero point (asymmetric, per tensor); weights have one scale per output channel along
 * {@code axis} and zero points of 0 (symmetric, per channel) — the TFLite int8 scheme.
 */
public final class Quantization {
  private final float[] scales;
  private final int[] zeroPoints;
  private final int axis;

  private Quantization(float[] scales, int[] zeroPoints, int axis) {
    if (scales.length == 0 || scales.length != zeroPoints.length) {
      throw new IllegalArgumentException("need one zero point per scale");
    }
    for (float s : scales) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("scales must be positive and finite, got " + s);
      }
    }
    this.scales = scales;
    this.zeroPoints = zeroPoints;
    this.axis = axis;
  }

  public static Quantization perTensor(float scale, int zeroPoint) {
    return new Quantization(new float[] {scale}, new int[] {zeroPoint}, 0);
  }

  public static Quantization perChannel(float[] scales, int axis) {
    return new Quantization(scales.clone(), new int[scales.length], axis);
  }

  public static Quantization of(float[] scales, int[] zeroPoints, int axis) {
    return new Quantization(scales.clone(), zeroPoints.clone(), axis);
  }

  public boolean isPerChannel() {
    return scales.length > 1;
  }

  public float scale() {
    return scales[0];
  }

  public int zeroPoint() {
    return zeroPoints[0];
  }

  public float scale(int channel) {
    return scales[channel];
  }

  public int channels() {
    return scales.length;
  }

  public float[] scales() {
    return scales.clone();
  }

  public int[] zeroPoints() {
    return zeroPoints.clone();
  }

  public int axis() {
    return axis;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Quantization q
        && axis == q.axis
        && Arrays.equals(scales, q.scales)
        && Arrays.equals(zeroPoints, q.zeroPoints);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints) + axis;
  }

  @Override
  public String toString() {
    return isPerChannel()
        ? "per-channel(" + scales.length + " scales, axis " + axis + ")"
        : "scale=" + scales[0] + " zp=" + zeroPoints[0];
  }
}
