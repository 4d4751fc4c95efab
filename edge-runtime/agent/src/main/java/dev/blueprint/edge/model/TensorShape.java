package dev.blueprint.edge.model;

import java.util.Arrays;

/**
 * The dimensions of a tensor. Activation shapes in a {@link Graph} leave the batch out: an image
 * input is {@code [28, 28, 1]} and the runtime puts the batch in front. Constant shapes are whole.
 */
public final class TensorShape {
  private final int[] dims;

  private TensorShape(int[] dims) {
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
      }
    }
    this.dims = dims;
  }

  public static TensorShape of(int... dims) {
    return new TensorShape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int axis) {
    return dims[axis < 0 ? dims.length + axis : axis];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** The number of elements. */
  public int size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor too large: " + this);
    }
    return (int) n;
  }

  /** This shape with {@code batch} in front. */
  public TensorShape withBatch(int batch) {
    int[] full = new int[dims.length + 1];
    full[0] = batch;
    System.arraycopy(dims, 0, full, 1, dims.length);
    return new TensorShape(full);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorShape shape && Arrays.equals(dims, shape.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
