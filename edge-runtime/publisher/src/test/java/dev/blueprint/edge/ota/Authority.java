package dev.blueprint.edge.ota;

import dev.blueprint.edge.publisher.Bundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A release authority for tests: a root key, one signing key, and bundles made with them. */
final class Authority {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final BundleVerifier.Device DEVICE =
      new BundleVerifier.Device("this-device", "cpu", "0.1.0");

  final Ed25519.SigningKey rootKey = Ed25519.generate();
  final Ed25519.SigningKey signer = Ed25519.generate();
  final Envelope root =
      Bundles.signRoot(
          RootMetadata.of(1, NOW.plus(Duration.ofDays(365)), List.of(rootKey.publicKey()), 1),
          List.of(rootKey));
  Envelope keys = keys(1, List.of(signer), Set.of());

  Envelope keys(long version, List<Ed25519.SigningKey> signers, Set<String> revoked) {
    return keys(version, signers, revoked, NOW.plus(Duration.ofDays(90)), List.of(rootKey));
  }

  Envelope keys(
      long version,
      List<Ed25519.SigningKey> signers,
      Set<String> revoked,
      Instant expires,
      List<Ed25519.SigningKey> signedBy) {
    List<KeysMetadata.SignerKey> list =
        signers.stream()
            .map(
                k ->
                    new KeysMetadata.SignerKey(
                        k.keyId(), k.publicKey(), EnumSet.allOf(Manifest.Kind.class)))
            .toList();
    return Bundles.signKeys(new KeysMetadata(version, expires, list, revoked, 100), signedBy);
  }

  TrustState device() {
    return TrustState.provisioned(root);
  }

  Bundles.Release release(long counter) {
    return new Bundles.Release(
        "classifier",
        Manifest.Kind.MODEL,
        "1." + counter + ".0",
        counter,
        List.of("cpu"),
        "0.1.0",
        NOW.minus(Duration.ofHours(1)),
        NOW.plus(Duration.ofDays(30)),
        1024);
  }

  /** A manifest over {@code files} (name → content), signed by {@link #signer}. */
  Envelope manifest(Bundles.Release release, Path folder, Map<String, String> files)
      throws IOException {
    return Bundles.signManifest(Bundles.manifest(release, write(folder, files)), signer);
  }

  static Map<String, Path> write(Path folder, Map<String, String> files) throws IOException {
    Map<String, Path> paths = new TreeMap<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = folder.resolve(f.getKey().replace('/', '_'));
      Files.createDirectories(folder);
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
      paths.put(f.getKey(), p);
    }
    return paths;
  }

  BundleVerifier.Accepted verify(TrustState state, Envelope manifest) {
    return BundleVerifier.verify(state, List.of(), keys, manifest, DEVICE, NOW);
  }
}
