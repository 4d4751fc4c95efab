package dev.blueprint.edge.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Field readers for signed metadata: every error names the source and the field. */
final class Json {
  private Json() {}

  static JsonNode parse(byte[] bytes, String source) {
    try {
      JsonNode node = Envelope.JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new Rejection(Rejection.Reason.MALFORMED, source + ": expected a JSON object");
      }
      return node;
    } catch (IOException e) {
      String at =
          e instanceof JsonProcessingException p && p.getLocation() != null
              ? ":" + p.getLocation().getLineNr() + ":" + p.getLocation().getColumnNr()
              : "";
      throw new Rejection(
          Rejection.Reason.MALFORMED, source + at + ": not JSON (" + originalMessage(e) + ")");
    }
  }

  private static String originalMessage(IOException e) {
    return e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
  }

  static JsonNode field(JsonNode node, String name, String source) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new Rejection(Rejection.Reason.MALFORMED, source + ": field '" + name + "' is missing");
    }
    return v;
  }

  static String text(JsonNode node, String name, String source) {
    JsonNode v = field(node, name, source);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, source + ": field '" + name + "' must be a non-empty string");
    }
    return v.asText();
  }

  static long count(JsonNode node, String name, String source) {
    JsonNode v = field(node, name, source);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          source + ": field '" + name + "' must be a whole number >= 0, got " + v);
    }
    return v.asLong();
  }

  static Instant instant(JsonNode node, String name, String source) {
    String text = text(node, name, source);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          source
              + ": field '"
              + name
              + "' must be a UTC time like 2026-12-31T00:00:00Z, got '"
              + text
              + "'");
    }
  }

  static byte[] base64(JsonNode node, String name, String source) {
    String text = text(node, name, source);
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, source + ": field '" + name + "' is not base64");
    }
  }

  static JsonNode list(JsonNode node, String name, String source) {
    JsonNode v = field(node, name, source);
    if (!v.isArray()) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, source + ": field '" + name + "' must be a list");
    }
    return v;
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return Envelope.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
