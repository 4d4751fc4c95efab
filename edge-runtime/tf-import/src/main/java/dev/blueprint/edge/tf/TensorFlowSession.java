package dev.blueprint.edge.tf;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.InputChecks;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.runtime.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel loaded for {@code tensorflow-float}. Inputs are checked against the float graph
 * (count, type, shape with the batch first, finite values) exactly as the Java back ends check
 * them; outputs are fresh arrays shaped as the float graph's output. {@link #close()} releases the
 * TensorFlow session and graph; calling {@link #run} afterwards is an error.
 */
public final class TensorFlowSession implements Session {
  private final Graph graph;
  private final Path dir;
  private final SavedModelBundle bundle;
  private final String inputTensor;
  private final String outputTensor;
  private boolean closed;

  TensorFlowSession(Graph graph, Path dir) {
    this.graph = graph;
    this.dir = dir;
    this.bundle =
        SavedModelBundle.loader(dir.toString())
            .withTags(SavedModelBundle.DEFAULT_TAG)
            .withConfigProto(TfTensors.config())
            .load();
    try {
      String key =
          SavedModelImporter.signatureKey(
              bundle.metaGraphDef(),
              Optional.ofNullable(graph.metadata().get("savedmodel.signature")),
              dir);
      SignatureDef sig = bundle.metaGraphDef().getSignatureDefOrThrow(key);
      if (sig.getInputsCount() != 1 || sig.getOutputsCount() != 1) {
        throw new IllegalArgumentException(
            dir
                + ": signature '"
                + key
                + "' has "
                + sig.getInputsCount()
                + " inputs and "
                + sig.getOutputsCount()
                + " outputs; expected one of each");
      }
      inputTensor = sig.getInputsMap().values().iterator().next().getName();
      outputTensor = sig.getOutputsMap().values().iterator().next().getName();
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  @Override
  public List<Tensor> run(List<Tensor> inputs) {
    if (closed) {
      throw new IllegalStateException(
          "this " + TensorFlowBackend.NAME + " session (" + dir + ") is closed");
    }
    int batch = InputChecks.check(graph, inputs);
    Tensor in = inputs.get(0);
    TensorShape expected = graph.output(0).shape().withBatch(batch);
    try (TFloat32 x =
            TfTensors.of(in.floats(), Arrays.stream(in.shape().dims()).asLongStream().toArray());
        Result r = bundle.session().runner().feed(inputTensor, x).fetch(outputTensor).run()) {
      if (!(r.get(0) instanceof TFloat32 y)) {
        throw new IllegalStateException(
            dir + ": the output " + outputTensor + " is " + r.get(0).dataType() + ", not float32");
      }
      long[] got = y.shape().asArray();
      if (!Arrays.equals(got, Arrays.stream(expected.dims()).asLongStream().toArray())) {
        throw new IllegalStateException(
            dir
                + ": TensorFlow returned shape "
                + Arrays.toString(got)
                + ", the float graph says "
                + expected);
      }
      return List.of(Tensor.of(expected, TfTensors.floats(y)));
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      bundle.close();
    }
  }
}
