package dev.blueprint.edge.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A device's federated-learning state in SQLite ({@code training.db}, WAL, synchronous FULL), apart
 * from the OTA state so neither feature's tables can disturb the other's: per task, the update of
 * the latest round it trained (kept until a newer round replaces it, so an interrupted upload
 * resumes and a round offered again after a coordinator restart is answered without training again)
 * and the error-feedback residual, written in the same transaction as the update it belongs to (a
 * crash can lose both or neither, never apply a residual twice).
 */
final class TrainingStore implements AutoCloseable {
  /**
   * The update a device made for one round.
   *
   * @param modelSha256 the offered model it was trained from (a different offer for the same round
   *     is trained afresh)
   */
  record Stored(String task, long round, String modelSha256, long samples, byte[] update) {
    Stored {
      update = update.clone();
    }

    @Override
    public byte[] update() {
      return update.clone();
    }
  }

  private final Connection db;

  TrainingStore(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS updates (task TEXT PRIMARY KEY, round INTEGER NOT NULL,"
                + " model_sha256 TEXT NOT NULL, samples INTEGER NOT NULL, update_bytes BLOB NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS residuals (task TEXT PRIMARY KEY, residual BLOB NOT NULL)");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the training database " + file + ": " + e.getMessage(), e);
    }
  }

  /** The update of the latest round trained for {@code task}, if any. */
  synchronized Optional<Stored> latest(String task) {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT round, model_sha256, samples, update_bytes FROM updates WHERE task = ?")) {
      p.setString(1, task);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Stored(task, r.getLong(1), r.getString(2), r.getLong(3), r.getBytes(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("training database: " + e.getMessage(), e);
    }
  }

  /** The error-feedback residual of {@code task}, if one was kept. */
  synchronized Optional<float[]> residual(String task) {
    try (PreparedStatement p =
        db.prepareStatement("SELECT residual FROM residuals WHERE task = ?")) {
      p.setString(1, task);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(r.getBytes(1)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return Optional.of(v);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("training database: " + e.getMessage(), e);
    }
  }

  /** Keeps a round's update, and the residual after it (if the encoding keeps one), atomically. */
  synchronized void keep(Stored update, Optional<float[]> residual) {
    try {
      db.setAutoCommit(false);
      try {
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT OR REPLACE INTO updates (task, round, model_sha256, samples, update_bytes)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
          p.setString(1, update.task());
          p.setLong(2, update.round());
          p.setString(3, update.modelSha256());
          p.setLong(4, update.samples());
          p.setBytes(5, update.update());
          p.executeUpdate();
        }
        if (residual.isPresent()) {
          ByteBuffer b =
              ByteBuffer.allocate(residual.get().length * 4).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(residual.get());
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT OR REPLACE INTO residuals (task, residual) VALUES (?, ?)")) {
            p.setString(1, update.task());
            p.setBytes(2, b.array());
            p.executeUpdate();
          }
        }
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("training database: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing after a failure: nothing left to protect, WAL recovers on the next open.
    }
  }
}
