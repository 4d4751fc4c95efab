package dev.blueprint.edge.data;

import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Samples for a classifier: one float feature block per sample (row-major, {@link #sampleShape()}
 * each, the batch left out as in a graph's input), an integer label per sample and the class names
 * the labels index. Immutable: arrays are copied in, and every accessor hands out a copy, so a data
 * set can be shared between a trainer, a quantizer and an evaluator.
 */
public final class LabeledData {
  private final TensorShape sampleShape;
  private final float[] features;
  private final int[] labels;
  private final List<String> classNames;

  /**
   * @param sampleShape the shape of one sample, e.g. {@code [28, 28, 1]} or {@code [43]}
   * @param features {@code labels.length × sampleShape.size()} values, sample after sample
   * @param labels one class index per sample, each in {@code [0, classNames.size())}
   * @param classNames the name of each class, by index
   */
  public LabeledData(
      TensorShape sampleShape, float[] features, int[] labels, List<String> classNames) {
    this(sampleShape, features.clone(), labels.clone(), classNames, true);
  }

  /**
   * Takes the arrays without copying: for readers and slices that made them and keep no reference.
   */
  private LabeledData(
      TensorShape sampleShape,
      float[] features,
      int[] labels,
      List<String> classNames,
      boolean owned) {
    this.sampleShape = Objects.requireNonNull(sampleShape, "sampleShape");
    this.classNames = List.copyOf(classNames);
    if (this.classNames.isEmpty()) {
      throw new IllegalArgumentException("a labelled data set needs at least one class name");
    }
    if ((long) labels.length * sampleShape.size() != features.length) {
      throw new IllegalArgumentException(
          features.length
              + " feature values do not make "
              + labels.length
              + " samples of shape "
              + sampleShape);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
        throw new IllegalArgumentException(
            "label "
                + labels[i]
                + " of sample "
                + i
                + " is outside 0.."
                + (this.classNames.size() - 1));
      }
    }
    this.features = features;
    this.labels = labels;
  }

  /**
   * A data set over arrays the caller made and hands over (no copy; the caller must not keep them).
   */
  static LabeledData adopt(
      TensorShape sampleShape, float[] features, int[] labels, List<String> classNames) {
    return new LabeledData(sampleShape, features, labels, classNames, true);
  }

  /** The number of samples. */
  public int size() {
    return labels.length;
  }

  public TensorShape sampleShape() {
    return sampleShape;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The features of samples {@code [from, to)}, row-major. */
  public float[] features(int from, int to) {
    checkRange(from, to);
    int per = sampleShape.size();
    return Arrays.copyOfRange(features, from * per, to * per);
  }

  /** The labels of samples {@code [from, to)}. */
  public int[] labels(int from, int to) {
    checkRange(from, to);
    return Arrays.copyOfRange(labels, from, to);
  }

  /** All labels. */
  public int[] labels() {
    return labels.clone();
  }

  public int label(int sample) {
    return labels[sample];
  }

  /**
   * Samples {@code [from, to)} as the input of a one-input graph: one tensor of shape {@code [to -
   * from, sampleShape...]}.
   */
  public List<Tensor> batch(int from, int to) {
    checkRange(from, to);
    if (from == to) {
      throw new IllegalArgumentException("an empty batch [" + from + ", " + to + ")");
    }
    return List.of(Tensor.of(sampleShape.withBatch(to - from), features(from, to)));
  }

  /** The whole set cut into batches of at most {@code batchSize} samples, in order. */
  public List<List<Tensor>> batches(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    List<List<Tensor>> out = new ArrayList<>();
    for (int from = 0; from < size(); from += batchSize) {
      out.add(batch(from, Math.min(size(), from + batchSize)));
    }
    return out;
  }

  /** Copies the features of the given samples, in that order, into {@code dst} (row-major). */
  public void gather(int[] samples, float[] dst) {
    int per = sampleShape.size();
    if (dst.length < samples.length * per) {
      throw new IllegalArgumentException(
          "destination holds "
              + dst.length
              + " values, "
              + samples.length
              + " samples need "
              + samples.length * per);
    }
    for (int i = 0; i < samples.length; i++) {
      System.arraycopy(features, checkSample(samples[i]) * per, dst, i * per, per);
    }
  }

  /** Samples {@code [from, to)} as a data set of their own. */
  public LabeledData slice(int from, int to) {
    checkRange(from, to);
    return adopt(sampleShape, features(from, to), labels(from, to), classNames);
  }

  /** The given samples, in that order, as a data set of their own. */
  public LabeledData select(int[] samples) {
    float[] f = new float[samples.length * sampleShape.size()];
    gather(samples, f);
    int[] l = new int[samples.length];
    for (int i = 0; i < samples.length; i++) {
      l[i] = labels[checkSample(samples[i])];
    }
    return adopt(sampleShape, f, l, classNames);
  }

  /** How many samples each class has, by class index. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int l : labels) {
      counts[l]++;
    }
    return counts;
  }

  /** The mean of each feature position over all samples (length {@code sampleShape.size()}). */
  public float[] featureMeans() {
    int per = sampleShape.size();
    double[] sum = new double[per];
    for (int s = 0; s < size(); s++) {
      for (int i = 0; i < per; i++) {
        sum[i] += features[s * per + i];
      }
    }
    float[] mean = new float[per];
    for (int i = 0; i < per; i++) {
      mean[i] = (float) (sum[i] / Math.max(1, size()));
    }
    return mean;
  }

  /** The population standard deviation of each feature position over all samples. */
  public float[] featureStdDevs() {
    int per = sampleShape.size();
    float[] mean = featureMeans();
    double[] sq = new double[per];
    for (int s = 0; s < size(); s++) {
      for (int i = 0; i < per; i++) {
        double d = features[s * per + i] - mean[i];
        sq[i] += d * d;
      }
    }
    float[] std = new float[per];
    for (int i = 0; i < per; i++) {
      std[i] = (float) Math.sqrt(sq[i] / Math.max(1, size()));
    }
    return std;
  }

  /** The fraction of samples whose label equals {@code predicted} at the same index. */
  public double accuracy(int[] predicted) {
    if (predicted.length != labels.length) {
      throw new IllegalArgumentException(
          predicted.length + " predictions for " + labels.length + " samples");
    }
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    return labels.length == 0 ? 0 : (double) right / labels.length;
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("samples [" + from + ", " + to + ") of " + size());
    }
  }

  private int checkSample(int sample) {
    if (sample < 0 || sample >= size()) {
      throw new IndexOutOfBoundsException("sample " + sample + " of " + size());
    }
    return sample;
  }

  @Override
  public String toString() {
    return size() + " samples of " + sampleShape + ", " + classNames.size() + " classes";
  }
}
