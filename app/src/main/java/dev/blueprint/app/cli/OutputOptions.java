package dev.blueprint.app.cli;

import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --format} option every command shares. */
public final class OutputOptions {
  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  Printer printer(PrintWriter out) {
    return new Printer(out, format);
  }
}
