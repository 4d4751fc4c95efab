package dev.blueprint.edge.tf.cli;

import dev.blueprint.edge.cli.CommandPlugin;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The commands tf-import adds to {@code blueprint-edge} ({@code train-example}, {@code import}),
 * found through {@link java.util.ServiceLoader}. {@link #main} runs them on their own, for builds
 * that have this module but not the edge command line.
 */
public final class TfCommands implements CommandPlugin {
  @Override
  public List<Object> commands() {
    return List.of(new TrainExampleCommand(), new ImportCommand());
  }

  /** A root for running the commands without the edge command line. */
  @Command(
      name = "blueprint-edge-tf",
      mixinStandardHelpOptions = true,
      description = "TensorFlow tools of the Blueprint edge runtime (desktop and build time).")
  static final class Root {}

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Root());
    for (Object c : new TfCommands().commands()) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
