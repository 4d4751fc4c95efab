package dev.blueprint.edge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one place that chooses where {@code System.Logger} output goes (its default back end,
 * java.util.logging): a command prints only warnings, on standard error, one line each; the daemon
 * also keeps everything from INFO up in rotating files in its state folder. Library code never
 * imports java.util.logging (an architecture rule).
 */
final class Logging {
  /** Each log file grows to 1 MiB, and five are kept: the last few days of a quiet device. */
  static final int FILE_LIMIT_BYTES = 1 << 20;

  static final int FILE_COUNT = 5;

  private Logging() {}

  /** For every command: warnings and errors on standard error, nothing else. */
  static void forCommand() {
    Logger root = resetRoot();
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.WARNING);
    console.setFormatter(new OneLine(false));
    root.addHandler(console);
    root.setLevel(Level.WARNING);
  }

  /**
   * For the daemon: as {@link #forCommand}, plus INFO and up in {@code folder/agent.N.log} (N = 0
   * is the newest), appended across restarts.
   *
   * @return the file pattern, to say where the log is
   */
  static Path forDaemon(Path folder) throws IOException {
    forCommand();
    Files.createDirectories(folder);
    Path pattern = folder.resolve("agent.%g.log");
    FileHandler file = new FileHandler(pattern.toString(), FILE_LIMIT_BYTES, FILE_COUNT, true);
    file.setLevel(Level.INFO);
    file.setFormatter(new OneLine(true));
    Logger root = Logger.getLogger("");
    root.addHandler(file);
    root.setLevel(Level.INFO);
    return pattern;
  }

  private static Logger resetRoot() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
      h.close();
    }
    return root;
  }

  /** {@code 2026-12-07T13:45:08.123Z INFO BrokerSession: connected ...}, a stack trace after. */
  static final class OneLine extends Formatter {
    private final boolean withTime;

    OneLine(boolean withTime) {
      this.withTime = withTime;
    }

    @Override
    public String format(LogRecord r) {
      StringBuilder s = new StringBuilder();
      if (withTime) {
        s.append(Instant.ofEpochMilli(r.getMillis())).append(' ');
      } else {
        s.append("blueprint-edge: ");
      }
      s.append(r.getLevel().getName().toLowerCase(Locale.ROOT)).append(": ");
      String logger = r.getLoggerName();
      if (withTime && logger != null) {
        s.append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ");
      }
      s.append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        s.append(trace);
      }
      return s.toString();
    }
  }
}
