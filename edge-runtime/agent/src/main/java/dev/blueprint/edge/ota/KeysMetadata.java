package dev.blueprint.edge.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signing keys the root trusts (TUF's targets delegation), signed by the root: which key may
 * sign which kind of bundle, which keys are revoked, and how far one release may move a bundle's
 * anti-rollback counter ({@code maxCounterStep}), which bounds what a stolen signing key can do (a
 * fast-forward to an unreachable counter would otherwise lock every later release out).
 */
public record KeysMetadata(
    long version,
    Instant expires,
    List<SignerKey> signers,
    Set<String> revoked,
    long maxCounterStep) {
  public static final String TYPE = "application/vnd.blueprint.keys+json";

  /** A key allowed to sign the bundle kinds listed. */
  public record SignerKey(String keyId, PublicKey key, Set<Manifest.Kind> kinds) {
    public SignerKey {
      kinds = Set.copyOf(kinds);
    }
  }

  public KeysMetadata {
    signers = List.copyOf(signers);
    revoked = Set.copyOf(revoked);
    if (version < 1) {
      throw new IllegalArgumentException("keys version must be at least 1");
    }
    if (maxCounterStep < 1) {
      throw new IllegalArgumentException("max_counter_step must be at least 1");
    }
  }

  public SignerKey signer(String keyId) {
    return signers.stream().filter(s -> s.keyId().equals(keyId)).findFirst().orElse(null);
  }

  public byte[] toJson() {
    ObjectNode root = Envelope.JSON.createObjectNode();
    root.put("version", version);
    root.put("expires", expires.toString());
    root.put("max_counter_step", maxCounterStep);
    ArrayNode list = root.putArray("signers");
    for (SignerKey s : signers) {
      ObjectNode o =
          list.addObject().put("keyid", s.keyId()).put("public", Ed25519.encode(s.key()));
      ArrayNode kinds = o.putArray("kinds");
      new TreeSet<>(s.kinds()).forEach(k -> kinds.add(k.id()));
    }
    ArrayNode rev = root.putArray("revoked");
    new TreeSet<>(revoked).forEach(rev::add);
    return Json.bytes(root);
  }

  public static KeysMetadata parse(byte[] json, String source) {
    JsonNode root = Json.parse(json, source);
    List<SignerKey> signers = new ArrayList<>();
    JsonNode list = Json.list(root, "signers", source);
    for (int i = 0; i < list.size(); i++) {
      String where = source + ": signers[" + i + "]";
      PublicKey key = key(list.get(i), where);
      Set<Manifest.Kind> kinds = new TreeSet<>();
      JsonNode ks = Json.list(list.get(i), "kinds", where);
      for (JsonNode k : ks) {
        kinds.add(Manifest.Kind.parse(k.asText(), where + ": kinds"));
      }
      signers.add(new SignerKey(Ed25519.keyId(key), key, kinds));
    }
    Set<String> revoked = new TreeSet<>();
    for (JsonNode r : Json.list(root, "revoked", source)) {
      revoked.add(r.asText().toLowerCase(Locale.ROOT));
    }
    try {
      return new KeysMetadata(
          Json.count(root, "version", source),
          Json.instant(root, "expires", source),
          signers,
          revoked,
          Json.count(root, "max_counter_step", source));
    } catch (IllegalArgumentException e) {
      throw new Rejection(Rejection.Reason.MALFORMED, source + ": " + e.getMessage());
    }
  }

  /** A {@code {keyid, public}} entry whose id must be the key's own. */
  static PublicKey key(JsonNode node, String where) {
    String id = Json.text(node, "keyid", where);
    PublicKey key;
    try {
      key = Ed25519.publicKey(Json.text(node, "public", where));
    } catch (IllegalArgumentException e) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, where + ": field 'public': " + e.getMessage());
    }
    if (!Ed25519.keyId(key).equals(id)) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          where
              + ": field 'keyid' "
              + id
              + " is not the id of its key ("
              + Ed25519.keyId(key)
              + ")");
    }
    return key;
  }
}
