package dev.blueprint.edge.ota;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device trusts: its root and the signing keys that root signed (each as the signed envelope
 * it came in, so it can be re-checked and stored), and the anti-rollback counter of the last
 * installed release of each bundle name.
 */
public record TrustState(
    Envelope rootEnvelope,
    RootMetadata root,
    Envelope keysEnvelope,
    KeysMetadata keys,
    Map<String, Long> counters) {
  public TrustState {
    counters = Map.copyOf(counters);
  }

  /** A device provisioned with {@code rootEnvelope} and nothing installed yet. */
  public static TrustState provisioned(Envelope rootEnvelope) {
    RootMetadata root = RootMetadata.parse(rootEnvelope.payload(), "root");
    if (root.signatures(rootEnvelope) < root.threshold()) {
      throw new Rejection(
          Rejection.Reason.BAD_SIGNATURE,
          "root: the provisioned root is not signed by " + root.threshold() + " of its own keys");
    }
    return new TrustState(rootEnvelope, root, null, null, Map.of());
  }

  public long counter(String bundleName) {
    return counters.getOrDefault(bundleName, 0L);
  }

  public TrustState withRoot(Envelope envelope, RootMetadata newRoot) {
    return new TrustState(envelope, newRoot, keysEnvelope, keys, counters);
  }

  public TrustState withKeys(Envelope envelope, KeysMetadata newKeys) {
    return new TrustState(rootEnvelope, root, envelope, newKeys, counters);
  }

  /** After an install: {@code name} may never again go below {@code counter}. */
  public TrustState installed(String name, long counter) {
    Map<String, Long> next = new TreeMap<>(counters);
    next.put(name, counter);
    return new TrustState(rootEnvelope, root, keysEnvelope, keys, next);
  }

  static boolean samePayload(Envelope a, Envelope b) {
    return a != null && b != null && Arrays.equals(a.payload(), b.payload());
  }
}
