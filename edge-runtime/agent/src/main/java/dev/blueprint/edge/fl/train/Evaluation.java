package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.Weights;

/**
 * A model's accuracy, mean cross-entropy and macro-F1 (the unweighted mean of per-class F1, so a
 * rare activity counts as much as a common one) on a labelled set.
 */
public record Evaluation(long samples, double accuracy, double loss, double macroF1) {

  public static Evaluation of(Network network, Weights weights, LabeledData data) {
    network.setWeights(weights);
    int classes = network.classes();
    int batchMax = network.maxBatch();
    float[] x = new float[batchMax * network.sampleShape().size()];
    float[] scratch = new float[batchMax * classes];
    int[] labels = new int[batchMax];
    long[] truePositive = new long[classes];
    long[] predictedCount = new long[classes];
    long[] actualCount = new long[classes];
    long correct = 0;
    double lossSum = 0;
    int n = data.size();
    for (int from = 0; from < n; from += batchMax) {
      int batch = Math.min(batchMax, n - from);
      int[] pick = new int[batch];
      for (int s = 0; s < batch; s++) {
        pick[s] = from + s;
        labels[s] = data.label(from + s);
      }
      data.gather(pick, x);
      float[] logits = network.logits(x, batch);
      for (int s = 0; s < batch; s++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (logits[s * classes + c] > logits[s * classes + best]) {
            best = c;
          }
        }
        predictedCount[best]++;
        actualCount[labels[s]]++;
        if (best == labels[s]) {
          correct++;
          truePositive[best]++;
        }
      }
      lossSum += SoftmaxCrossEntropy.lossAndDelta(logits, labels, batch, classes, scratch) * batch;
    }
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (actualCount[c] == 0 && predictedCount[c] == 0) {
        continue; // a class absent from the set and never predicted says nothing either way
      }
      present++;
      double denominator = predictedCount[c] + actualCount[c];
      f1Sum += denominator == 0 ? 0 : 2.0 * truePositive[c] / denominator;
    }
    return new Evaluation(
        n,
        n == 0 ? Double.NaN : (double) correct / n,
        n == 0 ? Double.NaN : lossSum / n,
        present == 0 ? Double.NaN : f1Sum / present);
  }
}
