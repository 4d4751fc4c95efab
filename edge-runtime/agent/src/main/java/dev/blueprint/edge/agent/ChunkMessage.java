package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.mqtt.FramedMessage;

/**
 * One chunk on the wire: a 4-byte big-endian header length, a JSON header naming the bundle,
 * counter, file and chunk, then the bytes. Parsing is strict and bounded: a malformed message is
 * refused, never half-used.
 */
public record ChunkMessage(String bundle, long counter, int file, int chunk, byte[] data) {
  private static final int MAX_HEADER = 1024;

  public byte[] encode() {
    ObjectNode h =
        FramedMessage.newHeader()
            .put("bundle", bundle)
            .put("counter", counter)
            .put("file", file)
            .put("chunk", chunk);
    return FramedMessage.encode(h, data);
  }

  public static ChunkMessage decode(byte[] message) {
    FramedMessage m = FramedMessage.decode(message, MAX_HEADER, "chunk message");
    JsonNode h = m.header();
    if (!h.path("bundle").isTextual()
        || !h.path("counter").canConvertToLong()
        || !h.path("file").canConvertToInt()
        || !h.path("chunk").canConvertToInt()) {
      throw new IllegalArgumentException(
          "chunk message header lacks bundle, counter, file or chunk");
    }
    return new ChunkMessage(
        h.get("bundle").asText(),
        h.get("counter").asLong(),
        h.get("file").asInt(),
        h.get("chunk").asInt(),
        m.data());
  }
}
