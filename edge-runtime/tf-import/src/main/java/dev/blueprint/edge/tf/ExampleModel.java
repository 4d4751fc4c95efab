package dev.blueprint.edge.tf;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The example models Blueprint ships, with the settings {@link ExampleTrainer} uses unless told
 * otherwise. Their labels are the names on the command line and the folder names under {@code
 * models/edge/}.
 */
public enum ExampleModel {
  /** A small CNN on Fashion-MNIST: 28×28×1 images, 10 classes. */
  FASHION_CNN(
      "fashion-cnn",
      "image",
      "image classification (10 classes of clothing)",
      "Fashion-MNIST",
      10,
      64,
      0.001f),
  /** A normalising MLP on the WISDM activity features: 43 values, 6 activities. */
  WISDM_MLP(
      "wisdm-mlp",
      "features",
      "activity recognition from phone accelerometer features (6 activities)",
      "WISDM activity recognition v1.1 (transformed)",
      10,
      32,
      0.001f);

  private final String label;
  private final String inputName;
  private final String task;
  private final String dataset;
  private final int defaultEpochs;
  private final int batchSize;
  private final float learningRate;

  ExampleModel(
      String label,
      String inputName,
      String task,
      String dataset,
      int defaultEpochs,
      int batchSize,
      float learningRate) {
    this.label = label;
    this.inputName = inputName;
    this.task = task;
    this.dataset = dataset;
    this.defaultEpochs = defaultEpochs;
    this.batchSize = batchSize;
    this.learningRate = learningRate;
  }

  /** The name on the command line and of the folder: {@code fashion-cnn}, {@code wisdm-mlp}. */
  public String label() {
    return label;
  }

  /** The name of the model's input in its serving signature and in the imported graph. */
  public String inputName() {
    return inputName;
  }

  public String task() {
    return task;
  }

  public String dataset() {
    return dataset;
  }

  public int defaultEpochs() {
    return defaultEpochs;
  }

  /** Samples per training step. */
  public int batchSize() {
    return batchSize;
  }

  /** Adam's learning rate. */
  public float learningRate() {
    return learningRate;
  }

  /** The model called {@code label}; the error lists the known ones. */
  public static ExampleModel fromLabel(String label) {
    for (ExampleModel m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown example model '" + label + "'; known: " + known());
  }

  public static String known() {
    return Arrays.stream(values()).map(ExampleModel::label).collect(Collectors.joining(", "));
  }
}
