package dev.blueprint.edge.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A/B slots for one bundle name: two folders and a pointer file saying which is active. An update
 * is written into the inactive slot (via a staging folder renamed into place), then the pointer
 * switches to it in the {@code TRIAL} state; the agent commits it after the health check passes, or
 * rolls back to the previous slot when the check fails or when the agent has started {@link
 * #MAX_TRIAL_STARTS} times without committing (it keeps crashing on the new version). Every step is
 * write-new, fsync, rename, so a power cut at any point leaves a pointer to a complete slot.
 */
public final class SlotStore {
  /** Starts on a trial slot before it is rolled back as crash-looping. */
  public static final int MAX_TRIAL_STARTS = 3;

  public enum State {
    COMMITTED,
    TRIAL
  }

  /** The pointer: which slot runs, what is in it, and whether it is still on trial. */
  public record Active(
      String slot,
      String version,
      long counter,
      State state,
      String previous,
      String previousVersion,
      long previousCounter,
      int starts) {}

  private final Path root;

  /** The slots under {@code root}, clearing any staging folder a power cut left behind. */
  public SlotStore(Path root) throws IOException {
    this(root, true);
  }

  /**
   * @param recover false for a reader beside the installer (a status report, say), which must not
   *     touch a staging folder that may be in use
   */
  public SlotStore(Path root, boolean recover) throws IOException {
    this.root = root;
    if (!recover) {
      return;
    }
    Files.createDirectories(root);
    // A staging folder left by a power cut mid-install is garbage: nothing points at it.
    for (String s : new String[] {"a", "b"}) {
      AtomicFiles.deleteTree(root.resolve(s + ".staging"));
    }
  }

  public Optional<Active> active() throws IOException {
    Path pointer = root.resolve("active.json");
    if (!Files.exists(pointer)) {
      return Optional.empty();
    }
    JsonNode n = Json.parse(Files.readAllBytes(pointer), pointer.toString());
    String where = pointer.toString();
    return Optional.of(
        new Active(
            Json.text(n, "slot", where),
            Json.text(n, "version", where),
            Json.count(n, "counter", where),
            State.valueOf(Json.text(n, "state", where)),
            n.path("previous").asText(""),
            n.path("previous_version").asText(""),
            n.path("previous_counter").asLong(0),
            (int) n.path("starts").asLong(0)));
  }

  /** The folder of the running slot, if any. */
  public Optional<Path> activeFolder() throws IOException {
    return active().map(a -> root.resolve(a.slot()));
  }

  /** The slot an update goes into. */
  public String inactiveSlot() throws IOException {
    return active().map(a -> a.slot().equals("a") ? "b" : "a").orElse("a");
  }

  /** A fresh staging folder for the inactive slot: extract the verified payload here. */
  public Path staging() throws IOException {
    Path staging = root.resolve(inactiveSlot() + ".staging");
    AtomicFiles.deleteTree(staging);
    return staging;
  }

  /**
   * Moves the staged payload into the inactive slot and points at it on trial. The previous slot
   * stays untouched until the next update, so a rollback has somewhere to go.
   */
  public Active switchTo(String version, long counter) throws IOException {
    Optional<Active> current = active();
    if (current.isPresent() && current.get().state() == State.TRIAL) {
      throw new IllegalStateException(
          "slot " + current.get().slot() + " is still on trial: commit or roll back first");
    }
    String slot = inactiveSlot();
    Path staging = root.resolve(slot + ".staging");
    if (!Files.isDirectory(staging)) {
      throw new IllegalStateException("nothing staged for slot " + slot);
    }
    syncTree(staging);
    AtomicFiles.deleteTree(root.resolve(slot));
    AtomicFiles.move(staging, root.resolve(slot));
    Optional<Active> before = active();
    Active next =
        new Active(
            slot,
            version,
            counter,
            State.TRIAL,
            before.map(Active::slot).orElse(""),
            before.map(Active::version).orElse(""),
            before.map(Active::counter).orElse(0L),
            0);
    write(next);
    return next;
  }

  /** Counts one more start on a trial slot; rolls back when it has crash-looped. */
  public Active started() throws IOException {
    Active a = active().orElseThrow(() -> new IllegalStateException("no slot installed"));
    if (a.state() != State.TRIAL) {
      return a;
    }
    if (a.starts() + 1 > MAX_TRIAL_STARTS) {
      return rollback();
    }
    Active counted =
        new Active(
            a.slot(),
            a.version(),
            a.counter(),
            a.state(),
            a.previous(),
            a.previousVersion(),
            a.previousCounter(),
            a.starts() + 1);
    write(counted);
    return counted;
  }

  public Active commit() throws IOException {
    Active a = active().orElseThrow(() -> new IllegalStateException("no slot installed"));
    Active done =
        new Active(
            a.slot(),
            a.version(),
            a.counter(),
            State.COMMITTED,
            a.previous(),
            a.previousVersion(),
            a.previousCounter(),
            0);
    write(done);
    return done;
  }

  /** Points back at the previous slot (committed); with no previous slot, nothing is active. */
  public Active rollback() throws IOException {
    Active a = active().orElseThrow(() -> new IllegalStateException("no slot installed"));
    if (a.state() != State.TRIAL) {
      throw new IllegalStateException(
          "slot " + a.slot() + " is committed; only a trial rolls back");
    }
    if (a.previous().isEmpty()) {
      Files.deleteIfExists(root.resolve("active.json"));
      AtomicFiles.syncFolder(root);
      return null;
    }
    Active back =
        new Active(
            a.previous(), a.previousVersion(), a.previousCounter(), State.COMMITTED, "", "", 0, 0);
    write(back);
    return back;
  }

  private void write(Active a) throws IOException {
    ObjectNode n = Envelope.JSON.createObjectNode();
    n.put("slot", a.slot())
        .put("version", a.version())
        .put("counter", a.counter())
        .put("state", a.state().name())
        .put("previous", a.previous())
        .put("previous_version", a.previousVersion())
        .put("previous_counter", a.previousCounter())
        .put("starts", a.starts());
    AtomicFiles.write(root.resolve("active.json"), Json.bytes(n));
  }

  private static void syncTree(Path folder) throws IOException {
    try (var walk = Files.walk(folder)) {
      for (Path p : walk.toList()) {
        if (Files.isRegularFile(p)) {
          try (var ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
          }
        } else {
          AtomicFiles.syncFolder(p);
        }
      }
    }
  }
}
