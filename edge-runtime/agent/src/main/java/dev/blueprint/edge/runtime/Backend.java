package dev.blueprint.edge.runtime;

import java.util.Optional;

/**
 * A way to run a model: the Java float and int8 interpreters, and, when found on the class path
 * through {@link java.util.ServiceLoader}, OpenCL and TensorFlow.
 */
public interface Backend {
  /** The name {@code bench} reports: {@code java-float}, {@code java-int8}, {@code opencl-int8}. */
  String name();

  /** Why this back end cannot run here (no OpenCL device, say), or empty when it can. */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /** Why this back end cannot run {@code model}, or empty when it can. */
  Optional<String> cannotRun(LoadedModel model);

  Session open(LoadedModel model);
}
