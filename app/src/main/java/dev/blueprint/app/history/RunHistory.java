package dev.blueprint.app.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The record of every run, in a SQLite file. Each run is written in its own transaction, so a
 * process killed mid-sweep leaves every finished run stored and nothing half-written; the file is
 * in write-ahead-log mode, so a reader (another {@code blueprint runs}) never blocks a sweep.
 */
public final class RunHistory implements AutoCloseable {
  /** Bumped when the tables change; an older file is upgraded, a newer one refused. */
  static final int SCHEMA_VERSION = 1;

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS batches (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        resume_key TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        design_name TEXT NOT NULL,
        design_origin TEXT NOT NULL,
        design_sha256 TEXT NOT NULL,
        spec TEXT NOT NULL,
        points INTEGER NOT NULL,
        summary TEXT,
        wall_seconds REAL,
        cpu_seconds REAL
      );
      CREATE INDEX IF NOT EXISTS batches_by_key ON batches(resume_key);
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        batch_id INTEGER REFERENCES batches(id),
        point_index INTEGER,
        started_at TEXT NOT NULL,
        design_name TEXT NOT NULL,
        design_origin TEXT NOT NULL,
        design_sha256 TEXT NOT NULL,
        design_text TEXT NOT NULL,
        parameters TEXT NOT NULL,
        what_if TEXT NOT NULL,
        seed INTEGER NOT NULL,
        requests INTEGER,
        replications INTEGER NOT NULL,
        blueprint_version TEXT NOT NULL,
        java_version TEXT NOT NULL,
        failure TEXT,
        metrics TEXT NOT NULL,
        results TEXT NOT NULL,
        wall_seconds REAL NOT NULL,
        cpu_seconds REAL NOT NULL,
        UNIQUE (batch_id, point_index)
      );
      CREATE INDEX IF NOT EXISTS runs_by_batch ON runs(batch_id);
      """;

  private final Path file;
  private final Connection connection;

  private RunHistory(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens (creating when absent) the history at {@code file}.
   *
   * @throws UncheckedIOException when the folder cannot be made or the file is not a history
   */
  /**
   * The history both front ends use unless told otherwise: the {@code blueprint.db} system
   * property, else {@code $BLUEPRINT_DB}, else {@code ~/.blueprint/runs.db}.
   */
  public static Path defaultFile() {
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

  public static RunHistory open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("run history " + file + ": cannot create its folder", e);
    }
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        int version;
        try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
          version = r.next() ? r.getInt(1) : 0;
        }
        // Refused before anything is changed, journal mode included.
        if (version > SCHEMA_VERSION) {
          throw new IOException(
              "run history "
                  + file
                  + " was written by a newer Blueprint (schema "
                  + version
                  + ", this one reads "
                  + SCHEMA_VERSION
                  + "); it is left as it is");
        }
        if (version < SCHEMA_VERSION) {
          s.execute("PRAGMA journal_mode = WAL");
          c.setAutoCommit(false);
          for (String statement : SCHEMA.split(";")) {
            if (!statement.isBlank()) {
              s.execute(statement);
            }
          }
          s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
          c.commit();
          c.setAutoCommit(true);
        }
        // NORMAL in WAL mode loses nothing a crashed process committed; only a power cut can.
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA foreign_keys = ON");
      }
      return new RunHistory(file, c);
    } catch (SQLException | IOException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the first error is the one worth reporting
        }
      }
      throw new UncheckedIOException(
          e instanceof IOException io
              ? io
              : new IOException("run history " + file + ": " + e.getMessage(), e));
    }
  }

  public Path file() {
    return file;
  }

  /**
   * A sweep or optimisation.
   *
   * @param id its number
   * @param kind {@code sweep} or {@code optimize}
   * @param status {@code running} (or interrupted: a process that stopped before finishing it), or
   *     {@code finished}
   * @param points combinations in it
   * @param spec what was asked, as JSON
   * @param summary the outcome, as JSON, once finished
   */
  public record Batch(
      long id,
      String kind,
      String status,
      String startedAt,
      String designName,
      int points,
      String spec,
      Optional<String> summary) {}

  /** Starts a batch; {@code resumeKey} identifies the same question asked again. */
  public long startBatch(
      RunKind kind,
      String resumeKey,
      String designName,
      String designOrigin,
      String designSha256,
      String spec,
      int points) {
    return write(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO batches (kind, resume_key, status, "
                      + "started_at, design_name, design_origin, design_sha256, spec, points) VALUES (?,?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, kind.id());
            p.setString(2, resumeKey);
            p.setString(3, "running");
            p.setString(4, Instant.now().toString());
            p.setString(5, designName);
            p.setString(6, designOrigin);
            p.setString(7, designSha256);
            p.setString(8, spec);
            p.setInt(9, points);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  /** The latest unfinished batch asked with this key, to resume. */
  public Optional<Batch> unfinished(String resumeKey) {
    return read(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "SELECT * FROM batches WHERE resume_key = ? AND status <> 'finished' ORDER BY id DESC LIMIT 1")) {
            p.setString(1, resumeKey);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? Optional.of(batch(r)) : Optional.empty();
            }
          }
        });
  }

  public Optional<Batch> batch(long id) {
    return read(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement("SELECT * FROM batches WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? Optional.of(batch(r)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Forgets the failed points of an unfinished batch, so a resumed sweep tries them again (a file
   * it needed may be there now); returns how many.
   */
  public int forgetFailures(long batchId) {
    return write(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "DELETE FROM runs WHERE batch_id = ? AND failure IS NOT NULL")) {
            p.setLong(1, batchId);
            return p.executeUpdate();
          }
        });
  }

  /** The point indexes of a batch already stored. */
  public Set<Integer> finishedPoints(long batchId) {
    return read(
        () -> {
          Set<Integer> done = new HashSet<>();
          try (PreparedStatement p =
              connection.prepareStatement("SELECT point_index FROM runs WHERE batch_id = ?")) {
            p.setLong(1, batchId);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                done.add(r.getInt(1));
              }
            }
          }
          return done;
        });
  }

  public void finishBatch(long id, String summary, double wallSeconds, double cpuSeconds) {
    write(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE batches SET status = 'finished', finished_at = ?, "
                      + "summary = ?, wall_seconds = ?, cpu_seconds = ? WHERE id = ?")) {
            p.setString(1, Instant.now().toString());
            p.setString(2, summary);
            p.setDouble(3, wallSeconds);
            p.setDouble(4, cpuSeconds);
            p.setLong(5, id);
            p.executeUpdate();
            return null;
          }
        });
  }

  /** Stores a run in one transaction; returns its id. */
  public long record(RunRecord run) {
    return write(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO runs (kind, batch_id, point_index, "
                      + "started_at, design_name, design_origin, design_sha256, design_text, parameters, what_if, seed, requests, "
                      + "replications, blueprint_version, java_version, failure, metrics, results, wall_seconds, cpu_seconds) "
                      + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (batch_id, point_index) DO NOTHING",
                  Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            p.setString(i++, run.kind());
            setLong(p, i++, run.batchId());
            if (run.pointIndex().isPresent()) {
              p.setInt(i++, run.pointIndex().get());
            } else {
              p.setNull(i++, Types.INTEGER);
            }
            p.setString(i++, run.startedAt());
            p.setString(i++, run.designName());
            p.setString(i++, run.designOrigin());
            p.setString(i++, run.designSha256());
            p.setString(i++, run.designText());
            p.setString(i++, run.parameters());
            p.setString(i++, run.whatIf());
            p.setLong(i++, run.seed());
            setLong(p, i++, run.requests());
            p.setInt(i++, run.replications());
            p.setString(i++, run.blueprintVersion());
            p.setString(i++, run.javaVersion());
            p.setString(i++, run.failure().orElse(null));
            p.setString(i++, run.metrics());
            p.setString(i++, run.results());
            p.setDouble(i++, run.wallSeconds());
            p.setDouble(i, run.cpuSeconds());
            if (p.executeUpdate() == 0) {
              // Another process resuming the same sweep stored this point first: keep its run.
              try (PreparedStatement q =
                  connection.prepareStatement(
                      "SELECT id FROM runs WHERE batch_id = ? AND point_index = ?")) {
                q.setLong(1, run.batchId().orElseThrow());
                q.setInt(2, run.pointIndex().orElseThrow());
                try (ResultSet r = q.executeQuery()) {
                  r.next();
                  return r.getLong(1);
                }
              }
            }
            try (ResultSet keys = p.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  /** Runs, newest first; only a batch's when {@code batchId} is given. */
  public List<RunRecord> list(int limit, Optional<Long> batchId) {
    return read(
        () -> {
          String sql =
              "SELECT * FROM runs"
                  + (batchId.isPresent() ? " WHERE batch_id = ?" : "")
                  + " ORDER BY id DESC LIMIT ?";
          try (PreparedStatement p = connection.prepareStatement(sql)) {
            int i = 1;
            if (batchId.isPresent()) {
              p.setLong(i++, batchId.get());
            }
            p.setInt(i, limit);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                runs.add(run(r));
              }
            }
            return runs;
          }
        });
  }

  /** All runs of a batch, in point order. */
  public List<RunRecord> batchRuns(long batchId) {
    return read(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "SELECT * FROM runs WHERE batch_id = ? ORDER BY point_index")) {
            p.setLong(1, batchId);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                runs.add(run(r));
              }
            }
            return runs;
          }
        });
  }

  public Optional<RunRecord> run(long id) {
    return read(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? Optional.of(run(r)) : Optional.empty();
            }
          }
        });
  }

  /** SQLite's own check of the file: "ok" when sound. */
  public String integrityCheck() {
    return read(
        () -> {
          try (Statement s = connection.createStatement();
              ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            return r.next() ? r.getString(1) : "no answer";
          }
        });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("run history " + file + ": " + e.getMessage(), e));
    }
  }

  private static RunRecord run(ResultSet r) throws SQLException {
    long batch = r.getLong("batch_id");
    Optional<Long> batchId = r.wasNull() ? Optional.empty() : Optional.of(batch);
    int point = r.getInt("point_index");
    Optional<Integer> pointIndex = r.wasNull() ? Optional.empty() : Optional.of(point);
    long requests = r.getLong("requests");
    Optional<Long> requestCount = r.wasNull() ? Optional.empty() : Optional.of(requests);
    return new RunRecord(
        r.getLong("id"),
        r.getString("kind"),
        batchId,
        pointIndex,
        r.getString("started_at"),
        r.getString("design_name"),
        r.getString("design_origin"),
        r.getString("design_sha256"),
        r.getString("design_text"),
        r.getString("parameters"),
        r.getString("what_if"),
        r.getLong("seed"),
        requestCount,
        r.getInt("replications"),
        r.getString("blueprint_version"),
        r.getString("java_version"),
        Optional.ofNullable(r.getString("failure")),
        r.getString("metrics"),
        r.getString("results"),
        r.getDouble("wall_seconds"),
        r.getDouble("cpu_seconds"));
  }

  private static Batch batch(ResultSet r) throws SQLException {
    return new Batch(
        r.getLong("id"),
        r.getString("kind"),
        r.getString("status"),
        r.getString("started_at"),
        r.getString("design_name"),
        r.getInt("points"),
        r.getString("spec"),
        Optional.ofNullable(r.getString("summary")));
  }

  private static void setLong(PreparedStatement p, int index, Optional<Long> value)
      throws SQLException {
    if (value.isPresent()) {
      p.setLong(index, value.get());
    } else {
      p.setNull(index, Types.INTEGER);
    }
  }

  private interface Sql<T> {
    T run() throws SQLException;
  }

  private <T> T read(Sql<T> body) {
    try {
      return body.run();
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("run history " + file + ": " + e.getMessage(), e));
    }
  }

  /** One transaction: all of it is stored, or (on any error) none of it. */
  private synchronized <T> T write(Sql<T> body) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = body.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("run history " + file + ": " + e.getMessage(), e));
    }
  }
}
