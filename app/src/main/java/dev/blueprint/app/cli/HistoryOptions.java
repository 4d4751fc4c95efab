package dev.blueprint.app.cli;

import dev.blueprint.app.history.RunHistory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where runs are recorded: {@code --db}, else {@code BLUEPRINT_DB}, else {@code
 * ~/.blueprint/runs.db}.
 */
public final class HistoryOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "The run history (SQLite) to record in (default: $BLUEPRINT_DB, else ~/.blueprint/runs.db).")
  Path db;

  @Option(names = "--no-record", description = "Do not record this run in the run history.")
  boolean noRecord;

  /** The history file this invocation uses: {@code --db}, else {@link RunHistory#defaultFile}. */
  public Path file() {
    return db != null ? db : RunHistory.defaultFile();
  }

  /** The history to record in, or empty with {@code --no-record}. */
  Optional<RunHistory> openForRecording() {
    return noRecord ? Optional.empty() : Optional.of(RunHistory.open(file()));
  }
}
