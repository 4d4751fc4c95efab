package dev.blueprint.edge.coordinator;

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
import java.util.List;

/**
 * The fleet as the coordinator knows it, in SQLite (WAL): each device's hardware, runtime, presence
 * and installed versions as it last registered them, and every update event it reported, per
 * rollout.
 */
public final class Registry implements AutoCloseable {
  /** One device's latest registration and presence. */
  public record Device(
      String id,
      String hardware,
      String kind,
      String runtime,
      String presence,
      String installed,
      long lastSeenMillis,
      String hardwareProfile,
      List<String> labels) {
    public Device {
      labels = labels == null ? List.of() : List.copyOf(labels);
    }
  }

  /** One status event. */
  public record Event(
      String device,
      String rollout,
      String event,
      String bundle,
      String version,
      long counter,
      String reason,
      String detail) {}

  private final Connection db;

  public Registry(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, hardware TEXT, kind TEXT, runtime TEXT,"
                + " presence TEXT, installed TEXT, last_seen INTEGER)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,"
                + " rollout TEXT, event TEXT NOT NULL, bundle TEXT, version TEXT, counter INTEGER, reason TEXT,"
                + " detail TEXT, at INTEGER NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS events_by_rollout ON events (rollout, device)");
        for (String column : List.of("profile", "labels")) {
          try {
            s.execute("ALTER TABLE devices ADD COLUMN " + column + " TEXT");
          } catch (SQLException e) {
            // A registry made by this version already has it.
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the registry " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param profile the device's probed hardware profile (YAML), or null
   */
  public synchronized void registered(
      String id, String hardware, String kind, String runtime, String installed, String profile) {
    registered(id, hardware, kind, runtime, installed, profile, List.of());
  }

  /**
   * @param profile the device's probed hardware profile (YAML), or null
   * @param labels the labels the device's owner gave it (a task may select devices by them)
   */
  public synchronized void registered(
      String id,
      String hardware,
      String kind,
      String runtime,
      String installed,
      String profile,
      List<String> labels) {
    update(
        "INSERT INTO devices (id, hardware, kind, runtime, presence, installed, last_seen, profile, labels)"
            + " VALUES (?, ?, ?, ?, 'online', ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET hardware = excluded.hardware,"
            + " kind = excluded.kind, runtime = excluded.runtime, installed = excluded.installed,"
            + " last_seen = excluded.last_seen, profile = coalesce(excluded.profile, devices.profile),"
            + " labels = excluded.labels",
        id,
        hardware,
        kind,
        runtime,
        installed,
        System.currentTimeMillis(),
        profile,
        String.join("\n", labels));
  }

  public synchronized void presence(String id, String state) {
    update(
        "INSERT INTO devices (id, presence, last_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            + " presence = excluded.presence, last_seen = excluded.last_seen",
        id,
        state,
        System.currentTimeMillis());
  }

  public synchronized void event(Event e) {
    update(
        "INSERT INTO events (device, rollout, event, bundle, version, counter, reason, detail, at) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.device(),
        e.rollout(),
        e.event(),
        e.bundle(),
        e.version(),
        e.counter(),
        e.reason(),
        e.detail(),
        System.currentTimeMillis());
  }

  public synchronized List<Device> devices() {
    List<Device> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, hardware, kind, runtime, presence, installed, last_seen, profile, labels"
                    + " FROM devices ORDER BY id")) {
      while (r.next()) {
        out.add(
            new Device(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getLong(7),
                r.getString(8),
                labels(r.getString(9))));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("registry: " + e.getMessage(), e);
    }
  }

  public synchronized List<Event> events(String rollout) {
    List<Event> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT device, rollout, event, bundle, version, counter, reason,"
                + " detail FROM events WHERE rollout = ? ORDER BY seq")) {
      p.setString(1, rollout);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Event(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getLong(6),
                  r.getString(7),
                  r.getString(8)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("registry: " + e.getMessage(), e);
    }
  }

  private static List<String> labels(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n"));
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("registry: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing: WAL recovers on the next open.
    }
  }
}
