package dev.blueprint.edge.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what one class logs through {@code System.Logger} (whose default back end is
 * java.util.logging), to check that a daemon says what it does, once.
 */
final class LogRecorder extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level before;
  final List<LogRecord> records = new ArrayList<>();

  LogRecorder(Class<?> of) {
    logger = Logger.getLogger(of.getName());
    before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Messages at WARNING or above, formatted. */
  synchronized List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        out.add(new SimpleFormatter().formatMessage(r));
      }
    }
    return out;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(before);
  }
}
