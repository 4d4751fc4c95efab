package dev.blueprint.edge.fl.train;

/**
 * The loss of a classifier's logits: {@code −log softmax(z)[label]}, averaged over the batch, with
 * its gradient {@code (softmax(z) − onehot(label)) / batch}. The largest logit is subtracted first
 * so that exp never overflows, and the log-sum-exp is accumulated in double.
 */
final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  static double lossAndDelta(float[] logits, int[] labels, int batch, int classes, float[] delta) {
    double total = 0;
    double inv = 1.0 / batch;
    for (int s = 0; s < batch; s++) {
      int row = s * classes;
      int label = labels[s];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "label " + label + " of sample " + s + " is outside 0.." + (classes - 1));
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[row + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[row + c] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - (logits[row + label] - max);
      for (int c = 0; c < classes; c++) {
        double prob = Math.exp(logits[row + c] - max - logSum);
        delta[row + c] = (float) ((prob - (c == label ? 1 : 0)) * inv);
      }
    }
    return total * inv;
  }
}
