package dev.blueprint.edge.tf;

import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.BackendProvider;
import java.util.List;

/**
 * Registers {@link TensorFlowBackend} with the agent's back-end list through {@link
 * java.util.ServiceLoader}.
 */
public final class TensorFlowBackendProvider implements BackendProvider {
  @Override
  public List<Backend> backends() {
    return List.of(new TensorFlowBackend());
  }
}
