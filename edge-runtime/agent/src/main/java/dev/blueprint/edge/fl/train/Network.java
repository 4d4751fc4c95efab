package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.kernels.Matmul;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A float model file's graph as a trainable chain of layers: the parameters (every dense and conv
 * weight and bias) in one flat float32 vector, activation and gradient buffers sized for a largest
 * batch, and a softmax cross-entropy loss on the logits (the graph's final softmax is folded into
 * the loss, as every framework does for numerical stability). Not thread-safe: one network per
 * training thread.
 */
public final class Network {
  private final Graph graph;
  private final List<Layer> layers;
  private final ParameterLayout layout;
  private final int[] paramTensorIds;
  private final int maxBatch;
  private final float[] params;
  private final float[] grads;
  private final float[][] acts;
  private final float[][] deltas;
  private final int classes;

  /** Layers before this one have no parameters: no gradient needs to flow back to them. */
  private final int firstTrainable;

  Network(Graph graph, List<Layer> layers, int[] paramTensorIds, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("the largest batch must be at least 1, got " + maxBatch);
    }
    this.graph = graph;
    this.layers = List.copyOf(layers);
    this.paramTensorIds = paramTensorIds.clone();
    this.maxBatch = maxBatch;
    List<String> names = new ArrayList<>();
    List<TensorShape> shapes = new ArrayList<>();
    for (Layer layer : layers) {
      for (Layer.Param p : layer.params()) {
        names.add(p.name());
        shapes.add(p.shape());
      }
    }
    this.layout = ParameterLayout.of(names, shapes);
    this.params = new float[layout.size()];
    this.grads = new float[layout.size()];
    int at = 0;
    for (Layer layer : layers) {
      layer.bind(at);
      for (Layer.Param p : layer.params()) {
        System.arraycopy(p.initial(), 0, params, at, p.initial().length);
        at += p.initial().length;
      }
    }
    this.acts = new float[layers.size() + 1][];
    this.deltas = new float[layers.size() + 1][];
    acts[0] = new float[maxBatch * layers.get(0).in().size()];
    for (int i = 0; i < layers.size(); i++) {
      int size = maxBatch * layers.get(i).out().size();
      acts[i + 1] = new float[size];
      deltas[i + 1] = new float[size];
    }
    this.classes = layers.get(layers.size() - 1).out().size();
    int first = 0;
    while (first < layers.size() - 1 && layers.get(first).params().isEmpty()) {
      first++;
    }
    this.firstTrainable = first;
  }

  /** Builds the trainable network of a float graph (see {@link GraphNetworks#of}). */
  public static Network of(Graph graph, int maxBatch) {
    return GraphNetworks.of(graph, maxBatch);
  }

  /** {@code "vector-api"} or {@code "scalar"}: which kernels training runs on in this JVM. */
  public static String kernels() {
    return Matmul.implementation();
  }

  public ParameterLayout layout() {
    return layout;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public TensorShape sampleShape() {
    return layers.get(0).in();
  }

  public int classes() {
    return classes;
  }

  /**
   * Floating-point operations of one training sample: forward, the weight gradients and the input
   * gradients (none for the first layer), two per multiply-add; element-wise work not counted.
   */
  public long trainingFlopsPerSample() {
    long flops = 0;
    for (int i = 0; i < layers.size(); i++) {
      long macs = layers.get(i).macsPerSample();
      flops += 2 * macs * (i <= firstTrainable ? 2 : 3);
    }
    return flops;
  }

  /** Floating-point operations of one inference sample (the forward products). */
  public long forwardFlopsPerSample() {
    return layers.stream().mapToLong(l -> 2 * l.macsPerSample()).sum();
  }

  /** The current parameters. */
  public Weights weights() {
    return Weights.of(layout, params);
  }

  public void setWeights(Weights w) {
    layout.requireSameAs(w.layout(), "weights");
    w.copyInto(params);
  }

  /** The parameter vector itself, for the optimizer that owns this network's training loop. */
  float[] parameterArray() {
    return params;
  }

  /** The gradient vector the last {@link #lossAndGradients} filled. */
  float[] gradientArray() {
    return grads;
  }

  /** Logits of {@code batch} samples laid out in {@code x}; the returned array is reused. */
  public float[] logits(float[] x, int batch) {
    checkBatch(batch);
    System.arraycopy(x, 0, acts[0], 0, batch * layers.get(0).in().size());
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).forward(params, acts[i], acts[i + 1], batch);
    }
    return acts[layers.size()];
  }

  /**
   * Mean softmax cross-entropy of the batch, with its gradient (the mean over samples) left in the
   * gradient vector, which starts from zero.
   */
  public double lossAndGradients(float[] x, int[] labels, int batch) {
    float[] logits = logits(x, batch);
    int last = layers.size();
    double loss = SoftmaxCrossEntropy.lossAndDelta(logits, labels, batch, classes, deltas[last]);
    Arrays.fill(grads, 0f);
    for (int i = last - 1; i >= firstTrainable; i--) {
      float[] dx = i == firstTrainable ? null : deltas[i];
      layers.get(i).backward(params, grads, acts[i], acts[i + 1], deltas[i + 1], dx, batch);
    }
    return loss;
  }

  /** The graph this network came from with {@code w} written into its trainable tensors. */
  public Graph toGraph(Weights w) {
    layout.requireSameAs(w.layout(), "weights");
    List<TensorSpec> tensors = new ArrayList<>(graph.tensors());
    for (int i = 0; i < paramTensorIds.length; i++) {
      ParameterLayout.Slot slot = layout.slots().get(i);
      tensors.set(
          paramTensorIds[i], TensorSpec.constant(slot.name(), slot.shape(), w.tensor(slot.name())));
    }
    return new Graph(
        graph.name(), graph.metadata(), tensors, graph.nodes(), graph.inputs(), graph.outputs());
  }

  private void checkBatch(int batch) {
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException(
          "batch of " + batch + " samples; this network holds 1.." + maxBatch);
    }
  }
}
