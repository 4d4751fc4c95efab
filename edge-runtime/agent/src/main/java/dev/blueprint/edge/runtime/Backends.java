package dev.blueprint.edge.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The back ends on this class path: the two Java ones, then those found by {@link ServiceLoader}.
 */
public final class Backends {
  private Backends() {}

  public static List<Backend> all() {
    List<Backend> all = new ArrayList<>(List.of(JavaBackend.FLOAT, JavaBackend.INT8));
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      all.addAll(provider.backends());
    }
    return all;
  }

  public static Optional<Backend> named(String name) {
    return all().stream().filter(b -> b.name().equals(name)).findFirst();
  }
}
