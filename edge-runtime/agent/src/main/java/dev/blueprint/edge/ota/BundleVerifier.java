package dev.blueprint.edge.ota;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a device may install a bundle, from its signed metadata alone (payload bytes are
 * checked as they arrive, against the manifest's hashes: {@link PayloadWriter}). The order is
 * TUF's: the root chain first, then the keys the root signs, then the manifest; nothing is parsed
 * for its content before its signature checks out.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /** The device side of a target match: its hardware profile id and kind, its runtime version. */
  public record Device(String hardwareId, String hardwareKind, String runtimeVersion) {}

  /** A manifest the device may install, and the trust state to keep once it is installed. */
  public record Accepted(Manifest manifest, TrustState state) {}

  /**
   * @param newRoots roots newer than the trusted one, oldest first (may be empty)
   * @param keys the keys metadata the manifest was signed under (null: the trusted one)
   */
  public static Accepted verify(
      TrustState trusted,
      List<Envelope> newRoots,
      Envelope keys,
      Envelope manifestEnvelope,
      Device device,
      Instant now) {
    TrustState state = updateRoot(trusted, newRoots, now);
    state = updateKeys(state, keys, now);
    Manifest manifest = checkManifest(state, manifestEnvelope, device, now);
    return new Accepted(manifest, state);
  }

  static TrustState updateRoot(TrustState trusted, List<Envelope> newRoots, Instant now) {
    TrustState state = trusted;
    for (Envelope env : newRoots) {
      RootMetadata current = state.root();
      // The version is read before the signatures only to route the check: nothing else in an
      // unverified root is used.
      RootMetadata next = RootMetadata.parse(env.payload(), "root");
      if (next.version() <= current.version()) {
        if (next.version() == current.version()
            && TrustState.samePayload(env, state.rootEnvelope())) {
          continue;
        }
        throw new Rejection(
            Rejection.Reason.ROLLBACK,
            "root version "
                + next.version()
                + " is not newer than the trusted root version "
                + current.version());
      }
      if (next.version() != current.version() + 1) {
        throw new Rejection(
            Rejection.Reason.FAST_FORWARD,
            "root version "
                + next.version()
                + " skips versions: roots must be rotated one version at a time (trusted: "
                + current.version()
                + ")");
      }
      int byOld = current.signatures(env);
      if (byOld < current.threshold()) {
        throw new Rejection(
            signatureReason(env, current.keys().keySet()),
            "root version "
                + next.version()
                + " is signed by "
                + byOld
                + " of the trusted root's keys; "
                + current.threshold()
                + " required");
      }
      int byNew = next.signatures(env);
      if (byNew < next.threshold()) {
        throw new Rejection(
            Rejection.Reason.BAD_SIGNATURE,
            "root version "
                + next.version()
                + " is signed by "
                + byNew
                + " of its own keys; "
                + next.threshold()
                + " required");
      }
      state = state.withRoot(env, next);
    }
    if (!state.root().expires().isAfter(now)) {
      throw new Rejection(
          Rejection.Reason.EXPIRED,
          "root version " + state.root().version() + " expired at " + state.root().expires());
    }
    return state;
  }

  static TrustState updateKeys(TrustState state, Envelope offered, Instant now) {
    Envelope env = offered != null ? offered : state.keysEnvelope();
    if (env == null) {
      throw new Rejection(
          Rejection.Reason.UNKNOWN_KEY, "no keys metadata: the device trusts no signing key yet");
    }
    int byRoot = state.root().signatures(env);
    if (byRoot < state.root().threshold()) {
      throw new Rejection(
          signatureReason(env, state.root().keys().keySet()),
          "keys metadata is signed by "
              + byRoot
              + " of root version "
              + state.root().version()
              + "'s keys; "
              + state.root().threshold()
              + " required");
    }
    KeysMetadata keys = KeysMetadata.parse(env.payload(), "keys");
    if (state.keys() != null) {
      long trusted = state.keys().version();
      if (keys.version() < trusted) {
        throw new Rejection(
            Rejection.Reason.ROLLBACK,
            "keys metadata version "
                + keys.version()
                + " is older than the trusted version "
                + trusted);
      }
      if (keys.version() == trusted && !TrustState.samePayload(env, state.keysEnvelope())) {
        throw new Rejection(
            Rejection.Reason.ROLLBACK,
            "keys metadata version "
                + keys.version()
                + " differs from the trusted metadata of the same version: a new list needs a new version");
      }
    }
    if (!keys.expires().isAfter(now)) {
      throw new Rejection(
          Rejection.Reason.EXPIRED,
          "keys metadata version " + keys.version() + " expired at " + keys.expires());
    }
    return state.withKeys(env, keys);
  }

  /**
   * The payload of a federated round offer (docs/federated.md), once its signature checks out: it
   * must be signed by a key the trusted keys metadata lists for {@link Manifest.Kind#FL_MODEL}, not
   * revoked, under an unexpired root and keys metadata. A model key cannot sign rounds unless the
   * metadata lists it for them too.
   *
   * @param expectedType the envelope type of a round offer
   */
  public static byte[] verifyRoundOffer(
      TrustState trusted, Envelope env, String expectedType, Instant now) {
    if (!env.type().equals(expectedType)) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          "a round offer must be of type " + expectedType + ", not " + env.type());
    }
    TrustState state = updateRoot(trusted, List.of(), now);
    state = updateKeys(state, null, now);
    KeysMetadata.SignerKey signer = signer(state.keys(), env, "the round offer");
    if (!signer.kinds().contains(Manifest.Kind.FL_MODEL)) {
      throw new Rejection(
          Rejection.Reason.UNKNOWN_KEY,
          "key "
              + signer.keyId()
              + " may sign "
              + signer.kinds().stream().map(Manifest.Kind::id).sorted().toList()
              + " bundles, not fl-model round offers");
    }
    return env.payload();
  }

  /** The first listed, unrevoked key whose signature on {@code env} verifies. */
  private static KeysMetadata.SignerKey signer(KeysMetadata keys, Envelope env, String what) {
    KeysMetadata.SignerKey signer = null;
    boolean revokedSeen = false;
    boolean knownSeen = false;
    for (Envelope.Sig sig : env.signatures()) {
      if (keys.revoked().contains(sig.keyId())) {
        revokedSeen = true;
        continue;
      }
      KeysMetadata.SignerKey candidate = keys.signer(sig.keyId());
      if (candidate != null) {
        knownSeen = true;
        if (env.signedBy(candidate.key())) {
          signer = candidate;
          break;
        }
      }
    }
    if (signer == null) {
      if (knownSeen) {
        throw new Rejection(Rejection.Reason.BAD_SIGNATURE, what + "'s signature does not verify");
      }
      if (revokedSeen) {
        throw new Rejection(
            Rejection.Reason.REVOKED_KEY,
            what
                + " is signed only by revoked keys ("
                + env.signatures().stream().map(Envelope.Sig::keyId).toList()
                + ")");
      }
      throw new Rejection(
          Rejection.Reason.UNKNOWN_KEY,
          env.signatures().isEmpty()
              ? what + " is not signed"
              : what
                  + " is signed by keys that keys metadata version "
                  + keys.version()
                  + " does not list ("
                  + env.signatures().stream().map(Envelope.Sig::keyId).toList()
                  + ")");
    }
    return signer;
  }

  static Manifest checkManifest(
      TrustState state, Envelope env, BundleVerifier.Device device, Instant now) {
    KeysMetadata keys = state.keys();
    KeysMetadata.SignerKey signer = signer(keys, env, "the manifest");
    Manifest m = Manifest.parse(env.payload(), "manifest");
    if (m.kind() == Manifest.Kind.FL_MODEL) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          m.name()
              + ": an fl-model is a federated round's model, offered on the fl/offer topic; it is"
              + " never installed");
    }
    if (!signer.kinds().contains(m.kind())) {
      throw new Rejection(
          Rejection.Reason.UNKNOWN_KEY,
          "key "
              + signer.keyId()
              + " may sign "
              + signer.kinds()
              + " bundles, not "
              + m.kind().id());
    }
    if (!m.expires().isAfter(now)) {
      throw new Rejection(
          Rejection.Reason.EXPIRED,
          "manifest of " + m.name() + " " + m.version() + " expired at " + m.expires());
    }
    long installed = state.counter(m.name());
    if (m.counter() <= installed) {
      throw new Rejection(
          Rejection.Reason.ROLLBACK,
          m.name()
              + " "
              + m.version()
              + " has counter "
              + m.counter()
              + ", not above the installed release's "
              + installed);
    }
    if (m.counter() - installed > keys.maxCounterStep()) {
      throw new Rejection(
          Rejection.Reason.FAST_FORWARD,
          m.name()
              + " "
              + m.version()
              + " moves the counter from "
              + installed
              + " to "
              + m.counter()
              + ", more than the "
              + keys.maxCounterStep()
              + " the keys metadata allows");
    }
    if (!m.targets().contains(device.hardwareId())
        && !m.targets().contains(device.hardwareKind())) {
      throw new Rejection(
          Rejection.Reason.WRONG_TARGET,
          m.name()
              + " "
              + m.version()
              + " targets "
              + m.targets()
              + ", this device is "
              + device.hardwareId()
              + " ("
              + device.hardwareKind()
              + ")");
    }
    if (Versions.compare(m.minRuntime(), device.runtimeVersion()) > 0) {
      throw new Rejection(
          Rejection.Reason.WRONG_TARGET,
          m.name()
              + " "
              + m.version()
              + " needs runtime "
              + m.minRuntime()
              + " or newer, this device runs "
              + device.runtimeVersion());
    }
    return m;
  }

  /**
   * Unknown key when no signature comes from a key in {@code trusted}; otherwise a bad signature.
   */
  private static Rejection.Reason signatureReason(Envelope env, Set<String> trusted) {
    return env.signatures().stream().anyMatch(s -> trusted.contains(s.keyId()))
        ? Rejection.Reason.BAD_SIGNATURE
        : Rejection.Reason.UNKNOWN_KEY;
  }
}
