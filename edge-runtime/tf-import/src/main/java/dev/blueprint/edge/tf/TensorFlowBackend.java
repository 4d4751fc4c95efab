package dev.blueprint.edge.tf;

import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.TensorFlow;

/**
 * {@code tensorflow-float}: runs a model's TensorFlow SavedModel with TensorFlow Java, the float
 * reference the Java and OpenCL back ends are compared with. Desktop only; devices have no
 * SavedModel and no TensorFlow.
 */
public final class TensorFlowBackend implements Backend {
  public static final String NAME = "tensorflow-float";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      TensorFlow.version();
      return Optional.empty();
    } catch (LinkageError e) {
      // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError: no native library
      // for this platform.
      return Optional.of("TensorFlow's native library does not load here (" + e + ")");
    }
  }

  @Override
  public Optional<String> cannotRun(LoadedModel model) {
    if (model.savedModel().isEmpty()) {
      return Optional.of(
          model.name()
              + " has no TensorFlow SavedModel; "
              + NAME
              + " runs models that carry their saved_model folder (the desktop copy, not the device one)");
    }
    Path dir = model.savedModel().get();
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      return Optional.of(
          model.name() + ": " + dir + " is not a SavedModel folder (it has no saved_model.pb)");
    }
    if (model.floatGraph().inputs().length != 1 || model.floatGraph().outputs().length != 1) {
      return Optional.of(model.name() + ": " + NAME + " runs models with one input and one output");
    }
    return Optional.empty();
  }

  @Override
  public TensorFlowSession open(LoadedModel model) {
    cannotRun(model)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(reason);
            });
    return new TensorFlowSession(model.floatGraph(), model.savedModel().orElseThrow());
  }
}
