package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli warnings. Picocli runs descriptions through {@code
 * String.format}, so a bare percent sign ("in %") makes it print a warning on the standard error
 * stream and fall back to the raw text; such descriptions must write {@code %%}.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new BlueprintCommand()), commands);
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> usages = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (CommandLine command : commands) {
        usages.add(command.getUsageMessage());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(commands).hasSizeGreaterThan(10);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    assertThat(usages).noneMatch(usage -> usage.contains("%%"));
  }

  @Test
  void validateHelpStatesTheErrorBoundsInPercent() {
    String help = CliRun.of("validate", "--help").out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("Median absolute error allowed by --check, % (default: 15).")
        .contains("Largest absolute error allowed by --check, % (default: 50).");
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!into.contains(sub)) {
        collect(sub, into);
      }
    }
  }
}
