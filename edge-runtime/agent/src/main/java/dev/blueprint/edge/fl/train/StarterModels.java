package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;

/**
 * Architectures a federated task can start from scratch, as float graphs in the model-file format
 * (so the trained result is a .bpm like any other and goes through the same quantizer and OTA
 * bundles).
 */
public final class StarterModels {
  /** The name tasks and `fl simulate --model` give the NIID-Bench CNN. */
  public static final String NIID_CNN = "niid-cnn";

  private StarterModels() {}

  /**
   * The CNN of the NIID-Bench benchmark (Li, Diao, Chen and He, "Federated Learning on Non-IID Data
   * Silos: An Experimental Study", ICDE 2022) and of Flower's NIID-Bench baseline, for 28×28×1
   * images: conv 5×5 to 6 channels, ReLU, 2×2 max-pool, conv 5×5 to 16, ReLU, 2×2 max-pool, dense
   * 256→120→84→10 with ReLU between; 44,426 parameters. Weights as PyTorch initialises them.
   */
  public static Graph niidCnn(int classes, long seed) {
    GraphBuilder b = new GraphBuilder(NIID_CNN);
    b.meta("architecture", "NIID-Bench simple CNN (6 and 16 conv channels)");
    int x = b.input("image", DataType.FLOAT32, TensorShape.of(28, 28, 1));
    x = conv(b, "conv1", x, 6, 1);
    x = pool(b, "pool1", x);
    x = conv(b, "conv2", x, 16, 6);
    x = pool(b, "pool2", x);
    x = b.node("flatten", OpType.RESHAPE, Attributes.builder().ints("shape", 256).build(), x);
    x = dense(b, "fc1", x, 256, 120, Activation.RELU);
    x = dense(b, "fc2", x, 120, 84, Activation.RELU);
    x = dense(b, "fc3", x, 84, classes, Activation.NONE);
    x = b.node("softmax", OpType.SOFTMAX, Attributes.NONE, x);
    b.output(x);
    return Initialization.PYTORCH.reinitialise(b.build(), seed);
  }

  private static int conv(GraphBuilder b, String name, int x, int out, int in) {
    int w = b.constant(name + ".weight", TensorShape.of(out, 5, 5, in), new float[out * 25 * in]);
    int bias = b.constant(name + ".bias", TensorShape.of(out), new float[out]);
    Attributes a =
        Attributes.builder()
            .ints("strides", 1, 1)
            .put("padding", "valid")
            .put("activation", "relu")
            .build();
    return b.node(name, OpType.CONV2D, a, x, w, bias);
  }

  private static int pool(GraphBuilder b, String name, int x) {
    Attributes a =
        Attributes.builder()
            .ints("kernel", 2, 2)
            .ints("strides", 2, 2)
            .put("padding", "valid")
            .build();
    return b.node(name, OpType.MAX_POOL, a, x);
  }

  private static int dense(GraphBuilder b, String name, int x, int in, int out, Activation act) {
    int w = b.constant(name + ".weight", TensorShape.of(out, in), new float[out * in]);
    int bias = b.constant(name + ".bias", TensorShape.of(out), new float[out]);
    Attributes a = Attributes.builder().put("activation", act.label()).build();
    return b.node(name, OpType.DENSE, a, x, w, bias);
  }
}
