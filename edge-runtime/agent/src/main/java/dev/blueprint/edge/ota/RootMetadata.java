package dev.blueprint.edge.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trust anchor: the root keys, how many of them must sign, and a version. A device is
 * provisioned with one root; a new root (version + 1) is accepted only when signed by a threshold
 * of the old root's keys and of its own, so the root keys can be rotated without reprovisioning.
 */
public record RootMetadata(
    long version, Instant expires, Map<String, PublicKey> keys, int threshold) {
  public static final String TYPE = "application/vnd.blueprint.root+json";

  public RootMetadata {
    keys = Map.copyOf(keys);
    if (version < 1) {
      throw new IllegalArgumentException("root version must be at least 1");
    }
    if (threshold < 1 || threshold > keys.size()) {
      throw new IllegalArgumentException(
          "root threshold " + threshold + " must be in [1, " + keys.size() + "]");
    }
  }

  public static RootMetadata of(
      long version, Instant expires, List<PublicKey> keys, int threshold) {
    Map<String, PublicKey> byId = new TreeMap<>();
    for (PublicKey k : keys) {
      byId.put(Ed25519.keyId(k), k);
    }
    return new RootMetadata(version, expires, byId, threshold);
  }

  public byte[] toJson() {
    ObjectNode root = Envelope.JSON.createObjectNode();
    root.put("version", version);
    root.put("expires", expires.toString());
    root.put("threshold", threshold);
    ArrayNode list = root.putArray("keys");
    new TreeMap<>(keys)
        .forEach((id, k) -> list.addObject().put("keyid", id).put("public", Ed25519.encode(k)));
    return Json.bytes(root);
  }

  public static RootMetadata parse(byte[] json, String source) {
    JsonNode root = Json.parse(json, source);
    long version = Json.count(root, "version", source);
    Instant expires = Json.instant(root, "expires", source);
    int threshold = (int) Json.count(root, "threshold", source);
    List<PublicKey> keys = new ArrayList<>();
    JsonNode list = Json.list(root, "keys", source);
    for (int i = 0; i < list.size(); i++) {
      keys.add(KeysMetadata.key(list.get(i), source + ": keys[" + i + "]"));
    }
    try {
      return of(version, expires, keys, threshold);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Rejection.Reason.MALFORMED, source + ": " + e.getMessage());
    }
  }

  /** How many distinct root keys signed {@code envelope}. */
  public int signatures(Envelope envelope) {
    int n = 0;
    for (PublicKey k : keys.values()) {
      if (envelope.signedBy(k)) {
        n++;
      }
    }
    return n;
  }
}
