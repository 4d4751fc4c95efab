package dev.blueprint.edge.fl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.mqtt.FramedMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One piece of an encoded update on its way to the coordinator ({@code fl/upload}): a 4-byte
 * big-endian header length, a JSON header, then the bytes, as OTA chunks travel the other way. The
 * header names the task and round, the samples trained on, the whole update's size and SHA-256 (so
 * the coordinator knows when it has all of it, and that the pieces belong together), the number of
 * chunks and this chunk's index. Parsing is strict and bounded.
 *
 * @param size the whole update's bytes
 * @param sha256 the whole update's SHA-256, hex
 */
public record UploadChunk(
    String taskId,
    long round,
    long samples,
    int size,
    String sha256,
    int chunks,
    int chunk,
    byte[] data) {
  /** The bytes of every chunk but the last. */
  public static final int CHUNK_BYTES = 32 << 10;

  /** The largest update accepted: 64 MiB (16 M float32 parameters). */
  public static final int MAX_UPDATE_BYTES = 64 << 20;

  private static final int MAX_HEADER = 1024;
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public UploadChunk {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sha256, "sha256");
    data = data.clone();
    if (round < 1 || samples < 1) {
      throw new IllegalArgumentException("round and samples must be at least 1");
    }
    if (size < 1 || size > MAX_UPDATE_BYTES) {
      throw new IllegalArgumentException(
          "an update is 1 to " + MAX_UPDATE_BYTES + " bytes, not " + size);
    }
    if (chunks != chunksFor(size)) {
      throw new IllegalArgumentException(
          size + " bytes travel in " + chunksFor(size) + " chunks, not " + chunks);
    }
    if (chunk < 0 || chunk >= chunks) {
      throw new IllegalArgumentException("chunk " + chunk + " of " + chunks + " is out of range");
    }
    int expected = chunk < chunks - 1 ? CHUNK_BYTES : size - (chunks - 1) * CHUNK_BYTES;
    if (data.length != expected) {
      throw new IllegalArgumentException(
          "chunk " + chunk + " must hold " + expected + " bytes, not " + data.length);
    }
    if (!HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** How many chunks an update of {@code size} bytes travels in. */
  public static int chunksFor(int size) {
    return Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
  }

  /** An encoded update cut into its chunks. */
  public static List<UploadChunk> split(String taskId, long round, long samples, byte[] update) {
    String sha = sha256(update);
    int n = chunksFor(update.length);
    List<UploadChunk> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int from = i * CHUNK_BYTES;
      int to = Math.min(update.length, from + CHUNK_BYTES);
      out.add(
          new UploadChunk(
              taskId,
              round,
              samples,
              update.length,
              sha,
              n,
              i,
              java.util.Arrays.copyOfRange(update, from, to)));
    }
    return out;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public byte[] encode() {
    ObjectNode h =
        FramedMessage.newHeader()
            .put("task", taskId)
            .put("round", round)
            .put("samples", samples)
            .put("size", size)
            .put("sha256", sha256)
            .put("chunks", chunks)
            .put("chunk", chunk);
    return FramedMessage.encode(h, data);
  }

  /**
   * Reads one chunk message.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static UploadChunk decode(byte[] message) {
    FramedMessage m = FramedMessage.decode(message, MAX_HEADER, "upload");
    JsonNode h = m.header();
    if (!h.path("task").isTextual()
        || !h.path("sha256").isTextual()
        || !isLong(h, "round")
        || !isLong(h, "samples")
        || !isInt(h, "size")
        || !isInt(h, "chunks")
        || !isInt(h, "chunk")) {
      throw new IllegalArgumentException(
          "upload header lacks task, round, samples, size, sha256, chunks or chunk");
    }
    return new UploadChunk(
        h.get("task").asText(),
        h.get("round").asLong(),
        h.get("samples").asLong(),
        h.get("size").asInt(),
        h.get("sha256").asText(),
        h.get("chunks").asInt(),
        h.get("chunk").asInt(),
        m.data());
  }

  private static boolean isLong(JsonNode h, String f) {
    return h.path(f).isIntegralNumber() && h.path(f).canConvertToLong();
  }

  private static boolean isInt(JsonNode h, String f) {
    return h.path(f).isIntegralNumber() && h.path(f).canConvertToInt();
  }
}
