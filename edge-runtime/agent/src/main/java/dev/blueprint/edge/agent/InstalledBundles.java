package dev.blueprint.edge.agent;

import dev.blueprint.edge.ota.SlotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What is installed in a device's state folder, and serving the committed model locally. */
final class InstalledBundles {
  private static final System.Logger LOG = System.getLogger(InstalledBundles.class.getName());

  private InstalledBundles() {}

  /** The committed (or trial) version of each installed bundle, by name. */
  static Map<String, SlotStore.Active> in(AgentConfig config) throws IOException {
    Map<String, SlotStore.Active> out = new TreeMap<>();
    Path slots = config.state().resolve("slots");
    if (!Files.isDirectory(slots)) {
      return out;
    }
    try (var names = Files.list(slots)) {
      for (Path p : names.toList()) {
        new SlotStore(p, false).active().ifPresent(a -> out.put(p.getFileName().toString(), a));
      }
    }
    return out;
  }

  /** As {@link #in}, for callers that cannot throw (the registration's supplier). */
  static Map<String, SlotStore.Active> inUnchecked(AgentConfig config) {
    try {
      return in(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Points local inference at the active slot of the bundle the device serves (the database's
   * {@code serving} fact); with nothing to serve, inference keeps answering 503.
   */
  static void serve(AgentConfig config, DeviceStore store, InferenceServer server) {
    String name = store.fact("serving");
    if (name == null) {
      return;
    }
    try {
      SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(name), false);
      Optional<SlotStore.Active> a = slots.active();
      if (a.isPresent()) {
        server.load(name, a.get().version(), slots.activeFolder().orElseThrow());
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "cannot serve " + name + "; inference answers 503 until an update", e);
    }
  }
}
