package dev.blueprint.edge.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code blueprint-edge}: the device runtime's command line. */
@Command(
    name = "blueprint-edge",
    mixinStandardHelpOptions = true,
    versionProvider = EdgeCli.Version.class,
    description =
        "Runs and benchmarks int8 models, probes this device and runs the device agent; on a"
            + " desktop, quantize, eval, keys and bundle are added.",
    subcommands = {
      ModelsCommand.class,
      InferCommand.class,
      BenchCommand.class,
      BenchTrainCommand.class,
      ProbeCommand.class,
      AgentCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EdgeCli {
  public static void main(String[] args) {
    Logging.forCommand();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EdgeCli());
    for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
      for (Object command : plugin.commands()) {
        cli.addSubcommand(command);
      }
    }
    withHelpOptions(cli);
    cli.setExecutionExceptionHandler(
        (e, line, parse) -> {
          // Bad input is the user's to fix: say what and where, without a stack trace. Exit
          // codes as the blueprint command's: 1 refused input or failed run, 2 usage (picocli).
          line.getErr().println("blueprint-edge: error: " + message(e));
          if (Boolean.getBoolean("blueprint.edge.trace")) {
            e.printStackTrace(line.getErr());
          }
          return 1;
        });
    return cli;
  }

  /**
   * Every command, the plugins' included, answers {@code --help} and {@code --version} as the top
   * level does (a user types {@code blueprint-edge fl simulate --help}, not {@code help fl
   * simulate}).
   */
  private static void withHelpOptions(CommandLine line) {
    for (CommandLine sub : line.getSubcommands().values()) {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)
          && sub.getCommandSpec().optionsMap().get("--help") == null) {
        sub.getCommandSpec().mixinStandardHelpOptions(true);
      }
      withHelpOptions(sub);
    }
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EdgeCli.class.getPackage().getImplementationVersion();
      return new String[] {"blueprint-edge " + (v == null ? "development" : v)};
    }
  }
}
