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
  /**
   * The default history: $BLUEPRINT_DB (or the blueprint.db property), else ~/.blueprint/runs.db.
   */
  public static Path defaultFile() {
    return new HistoryOptions().file();
  }

  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "The run history (SQLite) to record in (default: $BLUEPRINT_DB, else ~/.blueprint/runs.db).")
  Path db;

  @Option(names = "--no-record", description = "Do not record this run in the run history.")
  boolean noRecord;

  /** The history file this invocation uses. */
  public Path file() {
    if (db != null) {
      return db;
    }
    // A system property first, so tests never touch the user's own history.
    String property = System.getProperty("blueprint.db");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("BLUEPRINT_DB");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".blueprint", "runs.db");
  }

  /** The history to record in, or empty with {@code --no-record}. */
  Optional<RunHistory> openForRecording() {
    return noRecord ? Optional.empty() : Optional.of(RunHistory.open(file()));
  }
}
