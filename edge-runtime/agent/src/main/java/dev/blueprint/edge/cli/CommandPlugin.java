package dev.blueprint.edge.cli;

import java.util.List;

/**
 * Commands that other modules add to {@code blueprint-edge} through {@link
 * java.util.ServiceLoader}: tf-import adds {@code train-example} and {@code import} on the desktop,
 * where TensorFlow is on the class path; the device jar simply has none of them.
 */
public interface CommandPlugin {
  /** Picocli command objects (classes annotated with {@code @Command}), added as subcommands. */
  List<Object> commands();
}
