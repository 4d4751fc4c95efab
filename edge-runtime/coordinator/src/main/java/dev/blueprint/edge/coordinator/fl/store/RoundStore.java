package dev.blueprint.edge.coordinator.fl.store;

import dev.blueprint.edge.coordinator.fl.store.CommittedRound.Participant;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.UpdateRejected;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.TensorShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The rounds of federated tasks in one SQLite file (WAL, one writer: this object, its methods
 * synchronized). See docs/federated.md, "Round store".
 *
 * <p>Safety rules: {@link #commit} writes a round in one transaction, and only the round after the
 * last committed one; a round is stored with its model's layout and fingerprint, so it reads back
 * only as what was written. The file is never replaced: a new file is created, an existing one is
 * opened only when its header says it is a round store (SQLite {@code application_id}), and older
 * schemas are migrated in place by {@code user_version}. A file that is not a round store is
 * refused untouched.
 */
public final class RoundStore implements AutoCloseable {
  /** SQLite {@code application_id} of a round store: "BPFR". */
  static final int APPLICATION_ID = 0x42504652;

  /** The schema this build writes ({@code PRAGMA user_version}). */
  static final int SCHEMA = 1;

  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** Where a commit is, for tests that crash it there. */
  enum Stage {
    ROUND_WRITTEN,
    PARTICIPANTS_WRITTEN,
    BEFORE_COMMIT
  }

  /** A commit the store refuses: out of order, for an unknown task, or already applied. */
  public static final class CommitRefused extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CommitRefused(String message) {
      super(message);
    }
  }

  /** A task as it was started: the task file's text and its SHA-256. */
  public record StoredTask(String id, String fileText, String sha256, Instant startedAt) {}

  private final Path file;
  private final Connection db;
  private final Consumer<Stage> probe;

  /**
   * Opens the round store in {@code file}, creating it if absent.
   *
   * @throws IllegalStateException if the file exists but is not a round store (it is left as it
   *     was), was written by a newer schema, or cannot be opened
   */
  public RoundStore(Path file) {
    this(file, stage -> {});
  }

  RoundStore(Path file, Consumer<Stage> probe) {
    this.file = file;
    this.probe = probe;
    boolean existing = refuseForeignFile(file);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Properties p = new Properties();
      // BEGIN IMMEDIATE: a commit takes the write lock before it reads the last round, so two
      // writers can never both commit round r.
      p.setProperty("transaction_mode", "IMMEDIATE");
      p.setProperty("foreign_keys", "true");
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
        if (!existing) {
          // Set while still in rollback-journal mode, so the id is in the main file's header at
          // once, not only in the WAL: a crash right after creation leaves a file we recognise.
          s.execute("PRAGMA application_id=" + APPLICATION_ID);
        }
        s.execute("PRAGMA journal_mode=WAL");
        // A round's commit is rare and must survive a power cut once devices have been told.
        s.execute("PRAGMA synchronous=FULL");
      }
      migrate();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the round store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Refuses an existing non-empty file that is not a round store; true if one exists. */
  private static boolean refuseForeignFile(Path file) {
    try {
      if (!Files.exists(file) || Files.size(file) == 0) {
        return false;
      }
      byte[] head = new byte[100];
      int read;
      try (InputStream in = Files.newInputStream(file)) {
        read = in.readNBytes(head, 0, head.length);
      }
      if (read < head.length || !Arrays.equals(head, 0, 16, SQLITE_MAGIC, 0, 16)) {
        throw new IllegalStateException(
            file + " is not a round store (not an SQLite database); it is left as it is");
      }
      int applicationId = ByteBuffer.wrap(head, 68, 4).order(ByteOrder.BIG_ENDIAN).getInt();
      if (applicationId != APPLICATION_ID) {
        throw new IllegalStateException(
            file
                + " is an SQLite database of another application (application_id 0x"
                + Integer.toHexString(applicationId)
                + "), not a round store; it is left as it is");
      }
      return true;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void migrate() throws SQLException {
    int version;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      version = r.next() ? r.getInt(1) : 0;
    }
    if (version > SCHEMA) {
      throw new IllegalStateException(
          file
              + " was written by a newer Blueprint (round store schema "
              + version
              + ", this build reads up to "
              + SCHEMA
              + ")");
    }
    if (version == SCHEMA) {
      return;
    }
    db.setAutoCommit(false);
    try (Statement s = db.createStatement()) {
      if (version < 1) {
        s.execute(
            "CREATE TABLE tasks (id TEXT PRIMARY KEY, file_text TEXT NOT NULL,"
                + " sha256 TEXT NOT NULL, started_at TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE rounds (task TEXT NOT NULL REFERENCES tasks(id), round INTEGER NOT NULL,"
                + " layout BLOB NOT NULL, layout_fingerprint INTEGER NOT NULL,"
                + " parameters INTEGER NOT NULL, global_model BLOB NOT NULL,"
                + " optimizer_vectors INTEGER NOT NULL, optimizer_state BLOB NOT NULL,"
                + " dropped INTEGER NOT NULL, late INTEGER NOT NULL, bytes_up INTEGER NOT NULL,"
                + " bytes_down INTEGER NOT NULL, accuracy REAL, loss REAL, seconds REAL NOT NULL,"
                + " committed_at TEXT NOT NULL, PRIMARY KEY (task, round))");
        // One row per applied update: the primary key is what makes a second application of
        // the same (task, round, client) impossible, whatever the coordinator's own checks do.
        s.execute(
            "CREATE TABLE applied_updates (task TEXT NOT NULL, round INTEGER NOT NULL,"
                + " client TEXT NOT NULL, samples INTEGER NOT NULL,"
                + " PRIMARY KEY (task, round, client),"
                + " FOREIGN KEY (task, round) REFERENCES rounds(task, round))");
        s.execute(
            "CREATE TABLE rejected_updates (task TEXT NOT NULL, round INTEGER NOT NULL,"
                + " reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (task, round, reason),"
                + " FOREIGN KEY (task, round) REFERENCES rounds(task, round))");
      }
      // Later schemas: "if (version < 2) { ALTER TABLE ... }", never a rebuild of the file.
      s.execute("PRAGMA user_version=" + SCHEMA);
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /**
   * Records that {@code taskId} runs from {@code fileText}; again with the same text is a no-op, so
   * a resumed coordinator calls it too.
   *
   * @throws CommitRefused if the task was started from a different file
   */
  public synchronized void startTask(String taskId, String fileText, Instant at) {
    String sha = sha256(fileText);
    Optional<StoredTask> known = task(taskId);
    if (known.isPresent()) {
      if (!known.get().sha256().equals(sha)) {
        throw new CommitRefused(
            "task "
                + taskId
                + " was started from another task file (sha256 "
                + known.get().sha256()
                + ", this one "
                + sha
                + "); give the changed task a new id");
      }
      return;
    }
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO tasks (id, file_text, sha256, started_at) VALUES (?, ?, ?, ?)")) {
      s.setString(1, taskId);
      s.setString(2, fileText);
      s.setString(3, sha);
      s.setString(4, at.toString());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The task as started, if it was. */
  public synchronized Optional<StoredTask> task(String taskId) {
    try (PreparedStatement s =
        db.prepareStatement("SELECT file_text, sha256, started_at FROM tasks WHERE id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new StoredTask(taskId, r.getString(1), r.getString(2), Instant.parse(r.getString(3))));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Commits a round in one transaction: all of it is stored or none of it.
   *
   * @throws CommitRefused if the task was not started, the round is not the one after the last
   *     committed (round 0 first), its layout differs from the previous round's, or one of its
   *     updates was already applied; nothing is written then
   */
  public synchronized void commit(CommittedRound round) {
    String task = round.taskId();
    try {
      db.setAutoCommit(false);
      try {
        if (!hasTask(task)) {
          throw new CommitRefused("task " + task + " was not started in " + file);
        }
        Optional<Long> last = lastRoundNumber(task);
        long expected = last.map(r -> r + 1).orElse(0L);
        if (round.round() != expected) {
          throw new CommitRefused(
              "task "
                  + task
                  + ": round "
                  + round.round()
                  + " cannot be committed; "
                  + (last.isEmpty()
                      ? "no round is committed yet, round 0 (the starting model) comes first"
                      : "the last committed round is "
                          + last.get()
                          + ", so the next is "
                          + expected));
        }
        ParameterLayout layout = round.global().layout();
        if (last.isPresent()) {
          int previous = previousFingerprint(task, last.get());
          if (previous != UpdateCodec.layoutFingerprint(layout)) {
            throw new CommitRefused(
                "task "
                    + task
                    + ": round "
                    + round.round()
                    + "'s model has another layout than round "
                    + last.get()
                    + "'s");
          }
        }
        for (Participant p : round.participants()) {
          if (applied(task, round.round(), p.clientId())) {
            throw new CommitRefused(
                "task "
                    + task
                    + ": the update of "
                    + p.clientId()
                    + " for round "
                    + round.round()
                    + " was already applied");
          }
        }
        insertRound(round, layout);
        probe.accept(Stage.ROUND_WRITTEN);
        insertParticipants(round);
        probe.accept(Stage.PARTICIPANTS_WRITTEN);
        insertRejections(round);
        probe.accept(Stage.BEFORE_COMMIT);
        db.commit();
      } catch (SQLException | RuntimeException | Error e) {
        // Error too: turning auto-commit back on below would otherwise commit half a round.
        rollbackQuietly(e);
        throw e;
      } finally {
        if (!db.isClosed()) {
          db.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void rollbackQuietly(Throwable cause) {
    try {
      if (!db.isClosed()) {
        db.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void insertRound(CommittedRound round, ParameterLayout layout) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO rounds (task, round, layout, layout_fingerprint, parameters, global_model,"
                + " optimizer_vectors, optimizer_state, dropped, late, bytes_up, bytes_down,"
                + " accuracy, loss, seconds, committed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, round.taskId());
      s.setLong(2, round.round());
      s.setBytes(3, layoutBytes(layout));
      s.setInt(4, UpdateCodec.layoutFingerprint(layout));
      s.setInt(5, layout.size());
      s.setBytes(6, floats(List.of(round.global())));
      s.setInt(7, round.optimizerState().size());
      s.setBytes(8, floats(round.optimizerState()));
      s.setInt(9, round.dropped());
      s.setInt(10, round.late());
      s.setLong(11, round.bytesUp());
      s.setLong(12, round.bytesDown());
      setOptional(s, 13, round.accuracy());
      setOptional(s, 14, round.loss());
      s.setDouble(15, round.seconds());
      s.setString(16, round.committedAt().toString());
      s.executeUpdate();
    }
  }

  private void insertParticipants(CommittedRound round) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO applied_updates (task, round, client, samples) VALUES (?, ?, ?, ?)")) {
      for (Participant p : round.participants()) {
        s.setString(1, round.taskId());
        s.setLong(2, round.round());
        s.setString(3, p.clientId());
        s.setLong(4, p.samples());
        s.executeUpdate();
      }
    }
  }

  private void insertRejections(CommittedRound round) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO rejected_updates (task, round, reason, count) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<UpdateRejected.Reason, Integer> e : round.rejected().entrySet()) {
        s.setString(1, round.taskId());
        s.setLong(2, round.round());
        s.setString(3, e.getKey().name());
        s.setInt(4, e.getValue());
        s.executeUpdate();
      }
    }
  }

  /** Whether {@code clientId}'s update for {@code round} of the task was applied (committed). */
  public synchronized boolean applied(String taskId, long round, String clientId) {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT 1 FROM applied_updates WHERE task = ? AND round = ? AND client = ?")) {
      s.setString(1, taskId);
      s.setLong(2, round);
      s.setString(3, clientId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * The last committed round of a task: the global model, the optimizer state and the round number
   * a resumed coordinator starts from; empty when none is committed.
   */
  public synchronized Optional<CommittedRound> lastCommitted(String taskId) {
    try {
      Optional<Long> last = lastRoundNumber(taskId);
      return last.isEmpty() ? Optional.empty() : round(taskId, last.get());
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** A committed round, if it is. */
  public synchronized Optional<CommittedRound> round(String taskId, long round) {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT layout, layout_fingerprint, parameters, global_model, optimizer_vectors,"
                + " optimizer_state, dropped, late, bytes_up, bytes_down, accuracy, loss, seconds,"
                + " committed_at FROM rounds WHERE task = ? AND round = ?")) {
      s.setString(1, taskId);
      s.setLong(2, round);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        String what = "task " + taskId + " round " + round;
        ParameterLayout layout = layout(r.getBytes(1), what);
        if (UpdateCodec.layoutFingerprint(layout) != r.getInt(2) || layout.size() != r.getInt(3)) {
          throw new IllegalStateException(
              file + ": " + what + ": the layout does not match its fingerprint");
        }
        Weights global = vectors(layout, r.getBytes(4), 1, what + " model").get(0);
        List<Weights> state =
            vectors(layout, r.getBytes(6), r.getInt(5), what + " optimizer state");
        int dropped = r.getInt(7);
        int late = r.getInt(8);
        long up = r.getLong(9);
        long down = r.getLong(10);
        OptionalDouble accuracy = optional(r, 11);
        OptionalDouble loss = optional(r, 12);
        double seconds = r.getDouble(13);
        Instant at = Instant.parse(r.getString(14));
        return Optional.of(
            new CommittedRound(
                taskId,
                round,
                global,
                state,
                participants(taskId, round),
                dropped,
                late,
                rejections(taskId, round),
                up,
                down,
                accuracy,
                loss,
                seconds,
                at));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Participant> participants(String taskId, long round) throws SQLException {
    List<Participant> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT client, samples FROM applied_updates WHERE task = ? AND round = ?"
                + " ORDER BY client")) {
      s.setString(1, taskId);
      s.setLong(2, round);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Participant(r.getString(1), r.getLong(2)));
        }
      }
    }
    return out;
  }

  private Map<UpdateRejected.Reason, Integer> rejections(String taskId, long round)
      throws SQLException {
    Map<UpdateRejected.Reason, Integer> out = new EnumMap<>(UpdateRejected.Reason.class);
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT reason, count FROM rejected_updates WHERE task = ? AND round = ?")) {
      s.setString(1, taskId);
      s.setLong(2, round);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.put(UpdateRejected.Reason.valueOf(r.getString(1)), r.getInt(2));
        }
      }
    }
    return out;
  }

  private boolean hasTask(String taskId) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM tasks WHERE id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private Optional<Long> lastRoundNumber(String taskId) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT max(round) FROM rounds WHERE task = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long v = r.getLong(1);
        return r.wasNull() ? Optional.empty() : Optional.of(v);
      }
    }
  }

  private int previousFingerprint(String taskId, long round) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT layout_fingerprint FROM rounds WHERE task = ? AND round = ?")) {
      s.setString(1, taskId);
      s.setLong(2, round);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Closes the connection as a crash would, in the middle of whatever it is doing (tests). */
  void closeAbruptly() throws SQLException {
    db.close();
  }

  private IllegalStateException failure(SQLException e) {
    return new IllegalStateException("round store " + file + ": " + e.getMessage(), e);
  }

  // ---- encodings ----

  private static void setOptional(PreparedStatement s, int index, OptionalDouble v)
      throws SQLException {
    if (v.isPresent()) {
      s.setDouble(index, v.getAsDouble());
    } else {
      s.setNull(index, Types.REAL);
    }
  }

  private static OptionalDouble optional(ResultSet r, int index) throws SQLException {
    double v = r.getDouble(index);
    return r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Vectors back to back as little-endian float32, raw bits (the model's exact values). */
  static byte[] floats(List<Weights> vectors) {
    int size = vectors.isEmpty() ? 0 : vectors.get(0).size();
    ByteBuffer b =
        ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(size, 4), vectors.size()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (Weights w : vectors) {
      for (int i = 0; i < w.size(); i++) {
        b.putInt(Float.floatToRawIntBits(w.get(i)));
      }
    }
    return b.array();
  }

  private List<Weights> vectors(ParameterLayout layout, byte[] bytes, int count, String what) {
    long expected = 4L * layout.size() * count;
    if (bytes == null || bytes.length != expected) {
      throw new IllegalStateException(
          file
              + ": "
              + what
              + " holds "
              + (bytes == null ? 0 : bytes.length)
              + " bytes, expected "
              + expected);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<Weights> out = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      float[] values = new float[layout.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = Float.intBitsToFloat(b.getInt());
      }
      out.add(Weights.adopt(layout, values));
    }
    return out;
  }

  /** Tensor count, then per tensor its UTF-8 name, rank and dimensions. */
  static byte[] layoutBytes(ParameterLayout layout) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(layout.tensorCount());
      for (ParameterLayout.Slot slot : layout.slots()) {
        out.writeUTF(slot.name());
        int[] dims = slot.shape().dims();
        out.writeInt(dims.length);
        for (int d : dims) {
          out.writeInt(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private ParameterLayout layout(byte[] bytes, String what) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int count = in.readInt();
      List<String> names = new ArrayList<>();
      List<TensorShape> shapes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(in.readUTF());
        int[] dims = new int[in.readInt()];
        for (int d = 0; d < dims.length; d++) {
          dims[d] = in.readInt();
        }
        shapes.add(TensorShape.of(dims));
      }
      return ParameterLayout.of(names, shapes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(file + ": " + what + ": unreadable layout", e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
