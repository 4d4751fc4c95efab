package dev.blueprint.edge.publisher;

import dev.blueprint.edge.ota.BundlePaths;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.PayloadWriter;
import dev.blueprint.edge.ota.RootMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The publishing side: manifests from files, and the envelopes each kind of metadata is signed
 * into.
 */
public final class Bundles {
  private Bundles() {}

  /**
   * The default chunk: large enough that hashes are a small share of the manifest, small enough to
   * resend.
   */
  public static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

  /**
   * What a release is: everything in its manifest but the file hashes, which come from the files.
   */
  public record Release(
      String name,
      Manifest.Kind kind,
      String version,
      long counter,
      List<String> targets,
      String minRuntime,
      Instant created,
      Instant expires,
      int chunkSize) {}

  public static Manifest manifest(Release r, Map<String, Path> files) throws IOException {
    List<Manifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, Path> f : new TreeMap<>(files).entrySet()) {
      BundlePaths.check(f.getKey(), "file");
      entries.add(PayloadWriter.describe(f.getValue(), f.getKey(), r.chunkSize()));
    }
    return new Manifest(
        r.name(),
        r.kind(),
        r.version(),
        r.counter(),
        r.targets(),
        r.minRuntime(),
        r.created(),
        r.expires(),
        r.chunkSize(),
        entries);
  }

  public static Envelope signRoot(RootMetadata root, List<Ed25519.SigningKey> signers) {
    return Envelope.sign(RootMetadata.TYPE, root.toJson(), signers);
  }

  public static Envelope signKeys(KeysMetadata keys, List<Ed25519.SigningKey> rootKeys) {
    return Envelope.sign(KeysMetadata.TYPE, keys.toJson(), rootKeys);
  }

  public static Envelope signManifest(Manifest manifest, Ed25519.SigningKey signer) {
    return Envelope.sign(Manifest.TYPE, manifest.toJson(), List.of(signer));
  }

  /**
   * Refuses a signing key that {@code keys} does not list, before anything is signed with it: a
   * device would refuse the bundle.
   *
   * @param keys the keys.json envelope the bundle will carry
   * @param keysName how to name it in the message (its path)
   * @param signer the key about to sign
   * @param keyName how to name the key in the message (its path)
   * @return the keys metadata, parsed
   * @throws IllegalArgumentException when {@code keys} does not list {@code signer}
   */
  public static KeysMetadata requireListed(
      Envelope keys, String keysName, Ed25519.SigningKey signer, String keyName) {
    KeysMetadata list = KeysMetadata.parse(keys.payload(), keysName);
    if (list.signer(signer.keyId()) == null) {
      throw new IllegalArgumentException(
          keysName
              + " does not list "
              + keyName
              + " (key "
              + signer.keyId()
              + "); devices would refuse the bundle");
    }
    return list;
  }

  /** An envelope with one more signature over the same payload. */
  public static Envelope addSignature(Envelope envelope, Ed25519.SigningKey signer) {
    Envelope one = Envelope.sign(envelope.type(), envelope.payload(), List.of(signer));
    List<Envelope.Sig> all = new ArrayList<>(envelope.signatures());
    all.removeIf(s -> s.keyId().equals(signer.keyId()));
    all.addAll(one.signatures());
    return new Envelope(envelope.type(), envelope.payload(), all);
  }
}
