package dev.blueprint.edge.fl;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's trainable parameters (or an update to them) as one immutable float32 vector over a
 * {@link ParameterLayout}. Arithmetic returns new values; the array never escapes, so a global
 * model handed to a hundred simulated clients cannot be changed by any of them.
 */
public final class Weights {
  private final ParameterLayout layout;
  private final float[] values;

  private Weights(ParameterLayout layout, float[] values) {
    this.layout = Objects.requireNonNull(layout, "layout");
    if (values.length != layout.size()) {
      throw new IllegalArgumentException(
          values.length + " values for a layout of " + layout.size() + " parameters");
    }
    this.values = values;
  }

  /** Weights holding a copy of {@code values}. */
  public static Weights of(ParameterLayout layout, float[] values) {
    return new Weights(layout, values.clone());
  }

  /** Takes the array without copying: for code that made it and keeps no reference. */
  public static Weights adopt(ParameterLayout layout, float[] values) {
    return new Weights(layout, values);
  }

  public static Weights zeros(ParameterLayout layout) {
    return new Weights(layout, new float[layout.size()]);
  }

  public ParameterLayout layout() {
    return layout;
  }

  public int size() {
    return values.length;
  }

  public float get(int index) {
    return values[index];
  }

  /** A copy of the flat vector. */
  public float[] toArray() {
    return values.clone();
  }

  /** Copies the flat vector into {@code target} (for trainers that own their buffers). */
  public void copyInto(float[] target) {
    System.arraycopy(values, 0, target, 0, values.length);
  }

  /** A copy of one tensor's values. */
  public float[] tensor(String name) {
    ParameterLayout.Slot slot = layout.slot(name);
    return Arrays.copyOfRange(values, slot.offset(), slot.end());
  }

  /** {@code this - other}, element by element: a client's update against the global model. */
  public Weights minus(Weights other) {
    layout.requireSameAs(other.layout, "update");
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i] - other.values[i];
    }
    return new Weights(layout, out);
  }

  /** {@code this + scale × other}. */
  public Weights plusScaled(Weights other, double scale) {
    layout.requireSameAs(other.layout, "update");
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (values[i] + scale * other.values[i]);
    }
    return new Weights(layout, out);
  }

  /** The first index holding NaN or ±Inf, or -1: such an update is refused, never averaged in. */
  public int firstNonFinite() {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Euclidean norm, accumulated in double. */
  public double norm() {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  /** Bit-exact equality of layout and every value (NaN payloads included). */
  public boolean bitEquals(Weights other) {
    if (!layout.equals(other.layout)) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Weights w && layout.equals(w.layout) && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    return 31 * layout.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Weights[" + layout.tensorCount() + " tensors, " + values.length + " parameters]";
  }
}
