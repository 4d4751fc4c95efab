package dev.blueprint.edge.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signed bytes: a payload (a metadata document), its type, and signatures over both. What is signed
 * is the exact payload bytes with the type and lengths in front (pre-authentication encoding, as
 * DSSE does), so a signature on one kind of metadata can never be replayed as another kind, and
 * nothing depends on how a JSON library orders or spaces fields.
 */
public record Envelope(String type, byte[] payload, List<Sig> signatures) {
  /** One signature: who signed ({@link Ed25519#keyId}) and the signature bytes. */
  public record Sig(String keyId, byte[] signature) {}

  static final ObjectMapper JSON = new ObjectMapper();

  public Envelope {
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  public static Envelope sign(String type, byte[] payload, List<Ed25519.SigningKey> keys) {
    List<Sig> sigs = new ArrayList<>();
    for (Ed25519.SigningKey key : keys) {
      sigs.add(
          new Sig(key.keyId(), Ed25519.sign(key.privateKey(), preAuthenticated(type, payload))));
    }
    return new Envelope(type, payload, sigs);
  }

  /** Whether one of the signatures is {@code key}'s over this payload and type. */
  public boolean signedBy(PublicKey key) {
    String id = Ed25519.keyId(key);
    byte[] message = preAuthenticated(type, payload);
    return signatures.stream()
        .anyMatch(s -> s.keyId().equals(id) && Ed25519.verify(key, message, s.signature()));
  }

  /** {@code "BPSIG1" SP len(type) SP type SP len(payload) SP payload}. */
  static byte[] preAuthenticated(String type, byte[] payload) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("BPSIG1 " + t.length + " " + type + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + payload.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return all;
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("payload", Base64.getEncoder().encodeToString(payload));
    ArrayNode sigs = root.putArray("signatures");
    for (Sig s : signatures) {
      sigs.addObject()
          .put("keyid", s.keyId())
          .put("sig", Base64.getEncoder().encodeToString(s.signature()));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param source names the file or message in errors
   * @param expectedType the only type accepted here
   */
  public static Envelope parse(byte[] json, String source, String expectedType) {
    JsonNode root = Json.parse(json, source);
    String type = Json.text(root, "type", source);
    if (!type.equals(expectedType)) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          source + ": field 'type' is '" + type + "', expected '" + expectedType + "'");
    }
    byte[] payload = Json.base64(root, "payload", source);
    JsonNode sigs = root.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, source + ": field 'signatures' must be a list");
    }
    List<Sig> list = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String where = source + ": signatures[" + i + "]";
      list.add(
          new Sig(Json.text(sigs.get(i), "keyid", where), Json.base64(sigs.get(i), "sig", where)));
    }
    return new Envelope(type, payload, list);
  }
}
