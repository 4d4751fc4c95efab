package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One chunk on the wire: a 4-byte big-endian header length, a JSON header naming the bundle,
 * counter, file and chunk, then the bytes. Parsing is strict and bounded: a malformed message is
 * refused, never half-used.
 */
public record ChunkMessage(String bundle, long counter, int file, int chunk, byte[] data) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HEADER = 1024;

  public byte[] encode() {
    ObjectNode h =
        JSON.createObjectNode()
            .put("bundle", bundle)
            .put("counter", counter)
            .put("file", file)
            .put("chunk", chunk);
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + header.length + data.length)
        .putInt(header.length)
        .put(header)
        .put(data)
        .array();
  }

  public static ChunkMessage decode(byte[] message) {
    if (message.length < 4) {
      throw new IllegalArgumentException(
          "chunk message of " + message.length + " bytes has no header");
    }
    ByteBuffer b = ByteBuffer.wrap(message);
    int n = b.getInt();
    if (n <= 0 || n > MAX_HEADER || n > message.length - 4) {
      throw new IllegalArgumentException("chunk message header length " + n + " is out of range");
    }
    JsonNode h;
    try {
      h = JSON.readTree(new String(message, 4, n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("chunk message header is not JSON", e);
    }
    if (h == null
        || !h.path("bundle").isTextual()
        || !h.path("counter").canConvertToLong()
        || !h.path("file").canConvertToInt()
        || !h.path("chunk").canConvertToInt()) {
      throw new IllegalArgumentException(
          "chunk message header lacks bundle, counter, file or chunk");
    }
    byte[] data = new byte[message.length - 4 - n];
    System.arraycopy(message, 4 + n, data, 0, data.length);
    return new ChunkMessage(
        h.get("bundle").asText(),
        h.get("counter").asLong(),
        h.get("file").asInt(),
        h.get("chunk").asInt(),
        data);
  }
}
