package dev.blueprint.edge.opencl;

import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.BackendProvider;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.runtime.Tensor;
import java.util.List;
import java.util.Optional;

/** {@code opencl-int8}: the int8 graph with its heavy nodes on the first OpenCL device found. */
public final class OpenClBackend implements Backend, BackendProvider {
  @Override
  public List<Backend> backends() {
    return List.of(this);
  }

  @Override
  public String name() {
    return "opencl-int8";
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      OpenCl.get();
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The platform and device in use, for reports. */
  public static String device() {
    return OpenCl.get().description;
  }

  @Override
  public Optional<String> cannotRun(LoadedModel model) {
    return model.int8Graph().isEmpty()
        ? Optional.of(model.name() + " has no int8 graph; run quantize first")
        : Optional.empty();
  }

  @Override
  public Session open(LoadedModel model) {
    OpenCl cl = OpenCl.get();
    OpenClAccelerator accelerator = new OpenClAccelerator(cl);
    Interpreter interpreter;
    try {
      // A device back end takes the whole batch per launch: slicing only adds launches.
      interpreter = new Interpreter(model.int8Graph().orElseThrow(), accelerator).unchunked();
    } catch (RuntimeException e) {
      accelerator.close();
      throw e;
    }
    return new Session() {
      @Override
      public List<Tensor> run(List<Tensor> inputs) {
        synchronized (cl) {
          return interpreter.run(inputs);
        }
      }

      @Override
      public void close() {
        synchronized (cl) {
          accelerator.close();
        }
      }
    };
  }
}
