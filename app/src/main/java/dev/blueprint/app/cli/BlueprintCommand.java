package dev.blueprint.app.cli;

import dev.blueprint.app.report.BlueprintVersion;
import dev.blueprint.simulator.des.SimulationException;
import dev.blueprint.simulator.io.InvalidInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code blueprint} command line: the same simulator the workbench uses, headless. */
@Command(
    name = "blueprint",
    mixinStandardHelpOptions = true,
    versionProvider = BlueprintCommand.Version.class,
    description = "Design, size and simulate ML systems against hardware profiles.",
    subcommands = {
      CatalogCommand.class,
      RooflineCommand.class,
      LlmCommand.class,
      TrainCommand.class,
      ValidateCommand.class,
      CalibrateCommand.class,
      SimulateCommand.class,
      AnalyzeCommand.class,
      SweepCommand.class,
      OptimizeCommand.class,
      RunsCommand.class,
      WorkbenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BlueprintCommand implements Runnable {
  /** When this process began its work, for the workbench's time to a usable window. */
  static final long STARTED = System.nanoTime();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    System.setProperty("java.awt.headless", "true");
    CommandLine cli = new CommandLine(new BlueprintCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof InvalidInputException
              || ex instanceof IllegalArgumentException
              || ex instanceof UncheckedIOException
              || ex instanceof SimulationException) {
            commandLine.getErr().println("blueprint: error: " + ex.getMessage());
            commandLine.getErr().flush();
            return 1;
          }
          throw ex;
        });
    return cli.execute(args);
  }

  /** Reports the version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"blueprint " + versionString()};
    }
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static String versionString() {
    return BlueprintVersion.current();
  }
}
