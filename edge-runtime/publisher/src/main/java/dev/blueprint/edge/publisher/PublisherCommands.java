package dev.blueprint.edge.publisher;

import dev.blueprint.edge.cli.CommandPlugin;
import java.util.List;

/**
 * Adds the release engineer's commands to {@code blueprint-edge} on a desktop, where this module is
 * on the class path: {@code quantize}, {@code eval}, {@code keys} and {@code bundle}. The device
 * jar does not contain them, so a device can neither make nor sign a release.
 */
public final class PublisherCommands implements CommandPlugin {
  @Override
  public List<Object> commands() {
    return List.of(
        new QuantizeCommand(), new EvalCommand(), new KeysCommand(), new BundleCommand());
  }
}
