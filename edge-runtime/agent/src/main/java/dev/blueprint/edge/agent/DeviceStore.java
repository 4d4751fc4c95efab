package dev.blueprint.edge.agent;

import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.TrustState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The device's durable state in SQLite (WAL mode, synchronous FULL: a committed row survives a
 * power cut): what it trusts, which chunks of a transfer it already holds, and the outbox of
 * telemetry and status messages waiting for the broker. One connection, used under its lock.
 */
public final class DeviceStore implements AutoCloseable {
  /** A message waiting to be published. */
  public record Outgoing(long seq, String topic, byte[] payload, boolean retained) {}

  private final Connection db;

  public DeviceStore(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS trust (id INTEGER PRIMARY KEY CHECK (id = 1), root BLOB NOT NULL,"
                + " keys BLOB)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, counter INTEGER NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS chunks (bundle TEXT NOT NULL, counter INTEGER NOT NULL,"
                + " file INTEGER NOT NULL, chunk INTEGER NOT NULL, PRIMARY KEY (bundle, counter, file, chunk))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL,"
                + " payload BLOB NOT NULL, retained INTEGER NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the device database " + file + ": " + e.getMessage(), e);
    }
  }

  /** The trust state, or the one provisioned from {@code root} on first start. */
  public synchronized TrustState trust(Envelope provisionedRoot) {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT root, keys FROM trust")) {
      if (!r.next()) {
        TrustState fresh = TrustState.provisioned(provisionedRoot);
        saveTrust(fresh);
        return fresh;
      }
      Envelope root = Envelope.parse(r.getBytes(1), "device database: root", RootMetadata.TYPE);
      byte[] keysBytes = r.getBytes(2);
      Envelope keys =
          keysBytes == null
              ? null
              : Envelope.parse(keysBytes, "device database: keys", KeysMetadata.TYPE);
      Map<String, Long> counters = new TreeMap<>();
      try (ResultSet c = s.executeQuery("SELECT name, counter FROM counters")) {
        while (c.next()) {
          counters.put(c.getString(1), c.getLong(2));
        }
      }
      return new TrustState(
          root,
          RootMetadata.parse(root.payload(), "device database: root"),
          keys,
          keys == null ? null : KeysMetadata.parse(keys.payload(), "device database: keys"),
          counters);
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  /** Stores root, keys and counters in one transaction. */
  public synchronized void saveTrust(TrustState state) {
    transaction(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT OR REPLACE INTO trust (id, root, keys) VALUES (1, ?, ?)")) {
            p.setBytes(1, state.rootEnvelope().toJson());
            p.setBytes(2, state.keysEnvelope() == null ? null : state.keysEnvelope().toJson());
            p.executeUpdate();
          }
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT OR REPLACE INTO counters (name, counter) VALUES (?, ?)")) {
            for (Map.Entry<String, Long> e : state.counters().entrySet()) {
              p.setString(1, e.getKey());
              p.setLong(2, e.getValue());
              p.executeUpdate();
            }
          }
        });
  }

  /** Chunks of one file of a transfer already written and checked. */
  public synchronized BitSet chunksDone(String bundle, long counter, int file) {
    BitSet done = new BitSet();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT chunk FROM chunks WHERE bundle = ? AND counter = ? AND file = ?")) {
      p.setString(1, bundle);
      p.setLong(2, counter);
      p.setInt(3, file);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          done.set(r.getInt(1));
        }
      }
      return done;
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  /** Records a chunk as held; called only after its bytes are written and synced. */
  public synchronized void chunkDone(String bundle, long counter, int file, int chunk) {
    update(
        "INSERT OR IGNORE INTO chunks (bundle, counter, file, chunk) VALUES (?, ?, ?, ?)",
        bundle,
        counter,
        file,
        chunk);
  }

  /** Forgets every transfer but {@code keepBundle}@{@code keepCounter} (null: forget all). */
  public synchronized void forgetTransfers(String keepBundle, long keepCounter) {
    if (keepBundle == null) {
      update("DELETE FROM chunks");
    } else {
      update("DELETE FROM chunks WHERE NOT (bundle = ? AND counter = ?)", keepBundle, keepCounter);
    }
  }

  public synchronized void enqueue(String topic, byte[] payload, boolean retained) {
    update(
        "INSERT INTO outbox (topic, payload, retained) VALUES (?, ?, ?)",
        topic,
        payload,
        retained ? 1 : 0);
  }

  public synchronized List<Outgoing> outbox(int limit) {
    List<Outgoing> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT seq, topic, payload, retained FROM outbox ORDER BY seq LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Outgoing(r.getLong(1), r.getString(2), r.getBytes(3), r.getInt(4) == 1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  /** Drops a message once the broker has acknowledged it. */
  public synchronized void sent(long seq) {
    update("DELETE FROM outbox WHERE seq = ?", seq);
  }

  public synchronized int outboxSize() {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM outbox")) {
      return r.next() ? r.getInt(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  public synchronized String fact(String key) {
    try (PreparedStatement p = db.prepareStatement("SELECT value FROM facts WHERE key = ?")) {
      p.setString(1, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  public synchronized void fact(String key, String value) {
    if (value == null) {
      update("DELETE FROM facts WHERE key = ?", key);
    } else {
      update("INSERT OR REPLACE INTO facts (key, value) VALUES (?, ?)", key, value);
    }
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private void transaction(SqlWork work) {
    try {
      db.setAutoCommit(false);
      try {
        work.run();
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("device database: " + e.getMessage(), e);
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
