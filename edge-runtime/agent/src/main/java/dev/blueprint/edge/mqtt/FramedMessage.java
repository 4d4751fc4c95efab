package dev.blueprint.edge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary messages of the topic tree (OTA chunks, federated update chunks): a 4-byte big-endian
 * header length, a JSON object header, then the bytes. Reading is strict and bounded: a header
 * longer than {@code maxHeader}, or not a JSON object, is refused before anything is used.
 *
 * @param header the JSON header
 * @param data what follows it
 */
public record FramedMessage(JsonNode header, byte[] data) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public FramedMessage {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** A fresh header to fill. */
  public static ObjectNode newHeader() {
    return JSON.createObjectNode();
  }

  public static byte[] encode(ObjectNode header, byte[] data) {
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + h.length + data.length)
        .putInt(h.length)
        .put(h)
        .put(data)
        .array();
  }

  /**
   * @param what the kind of message, for the error ("chunk message", "upload")
   * @throws IllegalArgumentException saying what is wrong
   */
  public static FramedMessage decode(byte[] message, int maxHeader, String what) {
    if (message.length < 4) {
      throw new IllegalArgumentException(what + " of " + message.length + " bytes has no header");
    }
    int n = ByteBuffer.wrap(message).getInt();
    if (n <= 0 || n > maxHeader || n > message.length - 4) {
      throw new IllegalArgumentException(what + " header length " + n + " is out of range");
    }
    JsonNode h;
    try {
      h = JSON.readTree(new String(message, 4, n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " header is not JSON", e);
    }
    if (h == null || !h.isObject()) {
      throw new IllegalArgumentException(what + " header is not a JSON object");
    }
    byte[] data = new byte[message.length - 4 - n];
    System.arraycopy(message, 4 + n, data, 0, data.length);
    return new FramedMessage(h, data);
  }
}
