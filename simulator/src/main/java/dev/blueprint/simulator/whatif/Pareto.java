package dev.blueprint.simulator.whatif;

import java.util.ArrayList;
import java.util.List;

/** The points no other point beats on both of two metrics. */
public final class Pareto {
  private Pareto() {}

  /**
   * The indexes (into the arrays) of the non-dominated points: no other point is at least as good
   * on both metrics and better on one. Points with a NaN are never on the front.
   *
   * @param x the first metric's values
   * @param xHigherIsBetter its direction
   * @param y the second metric's values, same length
   * @param yHigherIsBetter its direction
   */
  public static List<Integer> front(
      double[] x, boolean xHigherIsBetter, double[] y, boolean yHigherIsBetter) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
    }
    List<Integer> front = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        continue;
      }
      double xi = xHigherIsBetter ? -x[i] : x[i];
      double yi = yHigherIsBetter ? -y[i] : y[i];
      boolean dominated = false;
      for (int j = 0; j < x.length && !dominated; j++) {
        if (j == i || Double.isNaN(x[j]) || Double.isNaN(y[j])) {
          continue;
        }
        double xj = xHigherIsBetter ? -x[j] : x[j];
        double yj = yHigherIsBetter ? -y[j] : y[j];
        dominated = xj <= xi && yj <= yi && (xj < xi || yj < yi);
      }
      if (!dominated) {
        front.add(i);
      }
    }
    return front;
  }
}
