package dev.blueprint.edge.runtime;

import java.util.List;

/** The {@link java.util.ServiceLoader} entry point for back ends in other modules. */
public interface BackendProvider {
  List<Backend> backends();
}
