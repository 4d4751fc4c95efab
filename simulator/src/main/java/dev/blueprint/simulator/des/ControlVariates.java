package dev.blueprint.simulator.des;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The control-variate estimate of a mean from independent units (batches or replications), after
 * Lavenberg and Welch (1981): quantities whose true means are known, such as the mean service time
 * of a station or the mean gap between arrivals, move together with the latency within each unit;
 * regressing the unit means on them and correcting by how far their sample means strayed removes
 * that shared noise. The interval uses the regression's residual variance with {@code n − k − 1}
 * degrees of freedom, so it keeps its stated coverage.
 */
final class ControlVariates {
  /** At least this many units per control, or the regression's own noise eats the gain. */
  static final int UNITS_PER_CONTROL = 5;

  private ControlVariates() {}

  /**
   * @param y the mean of interest in each unit
   * @param controls {@code controls[j][i]}: control j's sample mean in unit i
   * @param known the true mean of each control
   * @param level the confidence level
   */
  static Estimate estimate(double[] y, double[][] controls, double[] known, double level) {
    int n = y.length;
    double yBar = mean(y);
    List<Integer> usable = new ArrayList<>();
    for (int j = 0; j < controls.length && usable.size() < (n - 2) / UNITS_PER_CONTROL; j++) {
      if (Double.isFinite(known[j])
          && variance(controls[j]) > 1e-18 * Math.max(1, known[j] * known[j])) {
        usable.add(j);
      }
    }
    int k = usable.size();
    if (k == 0) {
      return Estimate.fromObservations(yBar, y, level);
    }
    // Centre everything on the sample means; S_cc β = S_cy.
    double[][] centred = new double[k][n];
    double[] offsets = new double[k];
    for (int a = 0; a < k; a++) {
      double[] c = controls[usable.get(a)];
      double cBar = mean(c);
      offsets[a] = cBar - known[usable.get(a)];
      for (int i = 0; i < n; i++) {
        centred[a][i] = c[i] - cBar;
      }
    }
    RealMatrix scc = new Array2DRowRealMatrix(k, k);
    RealVector scy = new ArrayRealVector(k);
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        scc.setEntry(a, b, dot(centred[a], centred[b]));
      }
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += centred[a][i] * (y[i] - yBar);
      }
      scy.setEntry(a, s);
    }
    RealMatrix inverse;
    try {
      inverse = new LUDecomposition(scc).getSolver().getInverse();
    } catch (SingularMatrixException e) {
      return Estimate.fromObservations(yBar, y, level);
    }
    RealVector beta = inverse.operate(scy);
    RealVector offset = new ArrayRealVector(offsets);
    double corrected = yBar - beta.dotProduct(offset);
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double fitted = yBar;
      for (int a = 0; a < k; a++) {
        fitted += beta.getEntry(a) * centred[a][i];
      }
      sse += (y[i] - fitted) * (y[i] - fitted);
    }
    int df = n - k - 1;
    double residualVariance = sse / df;
    double variance = residualVariance * (1.0 / n + offset.dotProduct(inverse.operate(offset)));
    double t = TDistribution.of(df).inverseCumulativeProbability(0.5 + level / 2);
    return new Estimate(corrected, t * Math.sqrt(variance), level);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return x.length > 1 ? s / (x.length - 1) : 0;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
