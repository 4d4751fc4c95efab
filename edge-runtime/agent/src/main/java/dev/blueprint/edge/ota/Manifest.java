package dev.blueprint.edge.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a bundle is and what it must contain, signed by a signing key: a name and kind, a human
 * version and a monotonically increasing anti-rollback {@code counter}, the hardware it targets and
 * the oldest runtime that can run it, an expiry, and every file with its size, its SHA-256 and the
 * SHA-256 of each {@code chunkSize} slice (so a device can check each chunk of a transfer the
 * moment it arrives, against signed data).
 */
public record Manifest(
    String name,
    Kind kind,
    String version,
    long counter,
    List<String> targets,
    String minRuntime,
    Instant created,
    Instant expires,
    int chunkSize,
    List<FileEntry> files) {
  public static final String TYPE = "application/vnd.blueprint.manifest+json";

  /** The largest chunk: one MQTT message, and what a device holds in memory per chunk. */
  public static final int MAX_CHUNK_SIZE = 4 << 20;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public enum Kind {
    MODEL,
    RUNTIME,
    /**
     * A federated round's global model (docs/federated.md): offered on a device's {@code fl/offer}
     * topic, trained on, never installed; a key listed for it may sign rounds and nothing else.
     */
    FL_MODEL;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Kind parse(String text, String where) {
      for (Kind k : values()) {
        if (k.id().equals(text)) {
          return k;
        }
      }
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          where + ": '" + text + "' is not a bundle kind (model, runtime, fl-model)");
    }
  }

  /** One payload file: a relative path inside the bundle, its size and hashes. */
  public record FileEntry(String path, long size, String sha256, List<String> chunks) {
    public FileEntry {
      chunks = List.copyOf(chunks);
    }
  }

  public Manifest {
    targets = List.copyOf(targets);
    files = List.copyOf(files);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name '" + name + "' must be 1-64 of a-z 0-9 . _ - starting with a letter or digit");
    }
    if (chunkSize < 1024 || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunk_size must be 1 KiB to 4 MiB (one MQTT message), got " + chunkSize);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "targets must name at least one hardware profile id or kind");
    }
    Set<String> seen = new HashSet<>();
    for (FileEntry f : files) {
      BundlePaths.check(f.path(), "files");
      if (!seen.add(f.path())) {
        throw new IllegalArgumentException("file " + f.path() + " is listed twice");
      }
      if (!HEX.matcher(f.sha256()).matches()) {
        throw new IllegalArgumentException(
            "file " + f.path() + ": sha256 must be 64 lower-case hex digits");
      }
      long expectedChunks = Math.max(1, (f.size() + chunkSize - 1) / chunkSize);
      if (f.chunks().size() != expectedChunks) {
        throw new IllegalArgumentException(
            "file "
                + f.path()
                + ": "
                + f.chunks().size()
                + " chunk hashes for "
                + f.size()
                + " bytes in chunks of "
                + chunkSize
                + " (expected "
                + expectedChunks
                + ")");
      }
      for (String c : f.chunks()) {
        if (!HEX.matcher(c).matches()) {
          throw new IllegalArgumentException(
              "file " + f.path() + ": chunk hashes must be 64 lower-case hex digits");
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a bundle needs at least one file");
    }
  }

  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  public FileEntry file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
  }

  public byte[] toJson() {
    ObjectNode root = Envelope.JSON.createObjectNode();
    root.put("name", name);
    root.put("kind", kind.id());
    root.put("version", version);
    root.put("counter", counter);
    ArrayNode t = root.putArray("targets");
    targets.forEach(t::add);
    root.put("min_runtime", minRuntime);
    root.put("created", created.toString());
    root.put("expires", expires.toString());
    root.put("chunk_size", chunkSize);
    ArrayNode list = root.putArray("files");
    for (FileEntry f : files) {
      ObjectNode o =
          list.addObject().put("path", f.path()).put("size", f.size()).put("sha256", f.sha256());
      ArrayNode c = o.putArray("chunks");
      f.chunks().forEach(c::add);
    }
    return Json.bytes(root);
  }

  public static Manifest parse(byte[] json, String source) {
    JsonNode root = Json.parse(json, source);
    List<String> targets = new ArrayList<>();
    for (JsonNode t : Json.list(root, "targets", source)) {
      targets.add(t.asText());
    }
    List<FileEntry> files = new ArrayList<>();
    JsonNode list = Json.list(root, "files", source);
    for (int i = 0; i < list.size(); i++) {
      String where = source + ": files[" + i + "]";
      JsonNode f = list.get(i);
      String path = Json.text(f, "path", where);
      if (!BundlePaths.isSafe(path)) {
        throw new Rejection(
            Rejection.Reason.BAD_PATH, where + ": path '" + path + "' " + BundlePaths.why(path));
      }
      List<String> chunks = new ArrayList<>();
      for (JsonNode c : Json.list(f, "chunks", where)) {
        chunks.add(c.asText());
      }
      files.add(
          new FileEntry(path, Json.count(f, "size", where), Json.text(f, "sha256", where), chunks));
    }
    long chunkSize = Json.count(root, "chunk_size", source);
    try {
      return new Manifest(
          Json.text(root, "name", source),
          Kind.parse(Json.text(root, "kind", source), source + ": kind"),
          Json.text(root, "version", source),
          Json.count(root, "counter", source),
          targets,
          Json.text(root, "min_runtime", source),
          Json.instant(root, "created", source),
          Json.instant(root, "expires", source),
          (int) Math.min(chunkSize, Integer.MAX_VALUE),
          files);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Rejection.Reason.MALFORMED, source + ": " + e.getMessage());
    }
  }
}
