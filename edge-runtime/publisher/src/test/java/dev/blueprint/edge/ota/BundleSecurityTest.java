package dev.blueprint.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.publisher.Bundles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TUF/Uptane attack list against the device's checks: each attack is refused with its own
 * reason and a message that says why, and the device's trust state is left as it was.
 */
class BundleSecurityTest {
  @TempDir Path dir;
  final Authority authority = new Authority();
  final Map<String, String> files =
      Map.of("model.bpm", "weights v1 ".repeat(300), "golden.csv", "1,2,3\n");

  private static void refused(ThrowingCallable call, Rejection.Reason reason, String... words) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejection.class)
        .satisfies(e -> assertThat(((Rejection) e).reason()).isEqualTo(reason))
        .hasMessageContainingAll(words);
  }

  @Test
  void aGoodBundleIsAcceptedAndRecordsItsCounterOnlyWhenInstalled() throws IOException {
    TrustState device = authority.device();
    BundleVerifier.Accepted ok =
        authority.verify(device, authority.manifest(authority.release(3), dir, files));
    assertThat(ok.manifest().counter()).isEqualTo(3);
    assertThat(ok.state().counter("classifier")).isZero();
    assertThat(ok.state().installed("classifier", 3).counter("classifier")).isEqualTo(3);
    assertThat(device.counter("classifier")).isZero();
  }

  @Test
  void arbitrarySoftwareWithABadSignatureIsRefused() throws IOException {
    Envelope good = authority.manifest(authority.release(1), dir, files);
    byte[] tampered = good.payload();
    tampered[20] ^= 1;
    Envelope bad = new Envelope(good.type(), tampered, good.signatures());
    refused(
        () -> authority.verify(authority.device(), bad),
        Rejection.Reason.BAD_SIGNATURE,
        "does not verify");
  }

  @Test
  void arbitrarySoftwareSignedByAnUnknownKeyIsRefused() throws IOException {
    Ed25519.SigningKey stranger = Ed25519.generate();
    Envelope m =
        Bundles.signManifest(
            Bundles.manifest(authority.release(1), Authority.write(dir, files)), stranger);
    refused(
        () -> authority.verify(authority.device(), m),
        Rejection.Reason.UNKNOWN_KEY,
        stranger.keyId());
    refused(
        () -> authority.verify(authority.device(), new Envelope(m.type(), m.payload(), List.of())),
        Rejection.Reason.UNKNOWN_KEY,
        "not signed");
  }

  @Test
  void keysMetadataNotSignedByTheRootIsRefused() throws IOException {
    Ed25519.SigningKey fakeRoot = Ed25519.generate();
    Envelope forged =
        authority.keys(
            2,
            List.of(authority.signer),
            Set.of(),
            Authority.NOW.plus(Duration.ofDays(9)),
            List.of(fakeRoot));
    Envelope m = authority.manifest(authority.release(1), dir, files);
    refused(
        () ->
            BundleVerifier.verify(
                authority.device(), List.of(), forged, m, Authority.DEVICE, Authority.NOW),
        Rejection.Reason.UNKNOWN_KEY,
        "0 of root version 1's keys");
  }

  @Test
  void aRevokedKeyIsRefusedEvenThoughItsSignatureIsValid() throws IOException {
    TrustState device = authority.device();
    Envelope m = authority.manifest(authority.release(1), dir, files);
    Envelope revoking =
        authority.keys(2, List.of(Ed25519.generate()), Set.of(authority.signer.keyId()));
    refused(
        () ->
            BundleVerifier.verify(device, List.of(), revoking, m, Authority.DEVICE, Authority.NOW),
        Rejection.Reason.REVOKED_KEY,
        authority.signer.keyId());
  }

  @Test
  void rollbackOfTheManifestCounterIsRefused() throws IOException {
    TrustState installed =
        authority
            .verify(authority.device(), authority.manifest(authority.release(5), dir, files))
            .state()
            .installed("classifier", 5);
    TrustState device = installed;
    Envelope older = authority.manifest(authority.release(4), dir.resolve("old"), files);
    refused(
        () -> authority.verify(device, older),
        Rejection.Reason.ROLLBACK,
        "counter 4",
        "installed release's 5");
    Envelope same = authority.manifest(authority.release(5), dir.resolve("same"), files);
    refused(() -> authority.verify(device, same), Rejection.Reason.ROLLBACK, "counter 5");
  }

  @Test
  void rollbackOfTheKeysMetadataIsRefused() throws IOException {
    Envelope v2 = authority.keys(2, List.of(authority.signer), Set.of());
    Envelope m = authority.manifest(authority.release(1), dir, files);
    TrustState device =
        BundleVerifier.verify(authority.device(), List.of(), v2, m, Authority.DEVICE, Authority.NOW)
            .state();
    Envelope v1 = authority.keys;
    refused(
        () -> BundleVerifier.verify(device, List.of(), v1, m, Authority.DEVICE, Authority.NOW),
        Rejection.Reason.ROLLBACK,
        "keys metadata version 1 is older than the trusted version 2");
    Envelope otherV2 = authority.keys(2, List.of(authority.signer, Ed25519.generate()), Set.of());
    refused(
        () -> BundleVerifier.verify(device, List.of(), otherV2, m, Authority.DEVICE, Authority.NOW),
        Rejection.Reason.ROLLBACK,
        "differs from the trusted metadata of the same version");
  }

  @Test
  void rollbackOfTheRootIsRefusedAndRotationNeedsBothOldAndNewKeys() throws IOException {
    Ed25519.SigningKey newRootKey = Ed25519.generate();
    RootMetadata r2 =
        RootMetadata.of(
            2, Authority.NOW.plus(Duration.ofDays(365)), List.of(newRootKey.publicKey()), 1);
    Envelope root2 = Bundles.signRoot(r2, List.of(authority.rootKey, newRootKey));
    Envelope keysByNewRoot =
        authority.keys(
            2,
            List.of(authority.signer),
            Set.of(),
            Authority.NOW.plus(Duration.ofDays(9)),
            List.of(newRootKey));
    Envelope m = authority.manifest(authority.release(1), dir, files);
    TrustState rotated =
        BundleVerifier.verify(
                authority.device(),
                List.of(root2),
                keysByNewRoot,
                m,
                Authority.DEVICE,
                Authority.NOW)
            .state();
    assertThat(rotated.root().version()).isEqualTo(2);
    // The old root, offered again, is a rollback.
    refused(
        () ->
            BundleVerifier.verify(
                rotated,
                List.of(authority.root),
                keysByNewRoot,
                m,
                Authority.DEVICE,
                Authority.NOW),
        Rejection.Reason.ROLLBACK,
        "root version 1 is not newer than the trusted root version 2");
    // Keys signed by the old root no longer count after rotation.
    refused(
        () ->
            BundleVerifier.verify(
                rotated,
                List.of(),
                authority.keys(3, List.of(authority.signer), Set.of()),
                m,
                Authority.DEVICE,
                Authority.NOW),
        Rejection.Reason.UNKNOWN_KEY,
        "root version 2");
    // A new root signed only by itself (a stolen-root-free forgery) is refused.
    Envelope selfSigned = Bundles.signRoot(r2, List.of(newRootKey));
    refused(
        () ->
            BundleVerifier.verify(
                authority.device(),
                List.of(selfSigned),
                keysByNewRoot,
                m,
                Authority.DEVICE,
                Authority.NOW),
        Rejection.Reason.UNKNOWN_KEY,
        "0 of the trusted root's keys");
    // Skipping a root version is refused: there is nothing to check the gap against.
    RootMetadata r3 =
        RootMetadata.of(
            3, Authority.NOW.plus(Duration.ofDays(365)), List.of(newRootKey.publicKey()), 1);
    Envelope root3 = Bundles.signRoot(r3, List.of(authority.rootKey, newRootKey));
    refused(
        () ->
            BundleVerifier.verify(
                authority.device(),
                List.of(root3),
                keysByNewRoot,
                m,
                Authority.DEVICE,
                Authority.NOW),
        Rejection.Reason.FAST_FORWARD,
        "one version at a time");
  }

  @Test
  void fastForwardOfTheCounterByACompromisedKeyIsRefused() throws IOException {
    Envelope far = authority.manifest(authority.release(1_000_000), dir, files);
    refused(
        () -> authority.verify(authority.device(), far),
        Rejection.Reason.FAST_FORWARD,
        "from 0 to 1000000",
        "more than the 100");
  }

  @Test
  void indefiniteFreezeWithExpiredMetadataIsRefusedAtEveryLevel() throws IOException {
    Bundles.Release r = authority.release(1);
    Bundles.Release stale =
        new Bundles.Release(
            r.name(),
            r.kind(),
            r.version(),
            r.counter(),
            r.targets(),
            r.minRuntime(),
            r.created(),
            Authority.NOW.minusSeconds(1),
            r.chunkSize());
    Envelope m = authority.manifest(stale, dir, files);
    refused(
        () -> authority.verify(authority.device(), m),
        Rejection.Reason.EXPIRED,
        "manifest",
        "expired");
    Envelope staleKeys =
        authority.keys(
            2, List.of(authority.signer), Set.of(), Authority.NOW, List.of(authority.rootKey));
    Envelope fresh = authority.manifest(r, dir.resolve("fresh"), files);
    refused(
        () ->
            BundleVerifier.verify(
                authority.device(), List.of(), staleKeys, fresh, Authority.DEVICE, Authority.NOW),
        Rejection.Reason.EXPIRED,
        "keys metadata version 2 expired");
    refused(
        () ->
            BundleVerifier.verify(
                authority.device(),
                List.of(),
                authority.keys,
                fresh,
                Authority.DEVICE,
                Authority.NOW.plus(Duration.ofDays(400))),
        Rejection.Reason.EXPIRED,
        "root version 1 expired");
  }

  @Test
  void wrongTargetHardwareAndTooOldARuntimeAreRefused() throws IOException {
    Bundles.Release r = authority.release(1);
    Bundles.Release gpu =
        new Bundles.Release(
            r.name(),
            r.kind(),
            r.version(),
            1,
            List.of("nvidia-jetson-orin-nano-8gb"),
            r.minRuntime(),
            r.created(),
            r.expires(),
            r.chunkSize());
    refused(
        () -> authority.verify(authority.device(), authority.manifest(gpu, dir, files)),
        Rejection.Reason.WRONG_TARGET,
        "nvidia-jetson-orin-nano-8gb",
        "this-device (cpu)");
    Bundles.Release newer =
        new Bundles.Release(
            r.name(),
            r.kind(),
            r.version(),
            1,
            r.targets(),
            "0.10.0",
            r.created(),
            r.expires(),
            r.chunkSize());
    refused(
        () ->
            authority.verify(
                authority.device(), authority.manifest(newer, dir.resolve("n"), files)),
        Rejection.Reason.WRONG_TARGET,
        "needs runtime 0.10.0");
  }

  @Test
  void aGoodArchiveExtractsEveryFileIntact() throws IOException {
    Path bpb = archive(authority.manifest(authority.release(1), dir.resolve("src"), files), files);
    Path slot = dir.resolve("slot");
    BundleArchive.extract(
        bpb, md -> authority.verify(authority.device(), md.manifest()).manifest(), slot);
    assertThat(slot.resolve("model.bpm")).hasContent(files.get("model.bpm"));
    assertThat(slot.resolve("golden.csv")).hasContent("1,2,3\n");
  }

  @Test
  void endlessDataBeyondTheDeclaredSizeIsRefusedAndNothingIsLeft() throws IOException {
    Envelope m = authority.manifest(authority.release(1), dir.resolve("src"), files);
    Path bpb =
        archive(
            m,
            Map.of(
                "model.bpm", files.get("model.bpm") + "x".repeat(5000), "golden.csv", "1,2,3\n"));
    Path slot = dir.resolve("slot");
    refused(
        () ->
            BundleArchive.extract(
                bpb, md -> authority.verify(authority.device(), md.manifest()).manifest(), slot),
        Rejection.Reason.ENDLESS_DATA,
        "model.bpm",
        "more than the 3300 bytes");
    assertThat(slot).doesNotExist();
  }

  @Test
  void mixAndMatchOfManifestAndPayloadFromDifferentReleasesIsRefused() throws IOException {
    Envelope m = authority.manifest(authority.release(2), dir.resolve("src"), files);
    String v2Model = "weights v2 ".repeat(300);
    Path bpb = archive(m, Map.of("model.bpm", v2Model, "golden.csv", "1,2,3\n"));
    refused(
        () ->
            BundleArchive.extract(
                bpb,
                md -> authority.verify(authority.device(), md.manifest()).manifest(),
                dir.resolve("slot")),
        Rejection.Reason.MISMATCH,
        "model.bpm",
        "chunk 0");
  }

  @Test
  void aPartialBundleIsRefused() throws IOException {
    Envelope m = authority.manifest(authority.release(1), dir.resolve("src"), files);
    Path missing = archive(m, Map.of("model.bpm", files.get("model.bpm")));
    refused(
        () ->
            BundleArchive.extract(
                missing,
                md -> authority.verify(authority.device(), md.manifest()).manifest(),
                dir.resolve("a")),
        Rejection.Reason.PARTIAL,
        "golden.csv is missing");
    Path shortFile =
        archive(
            m,
            Map.of(
                "model.bpm", files.get("model.bpm").substring(0, 2000), "golden.csv", "1,2,3\n"));
    refused(
        () ->
            BundleArchive.extract(
                shortFile,
                md -> authority.verify(authority.device(), md.manifest()).manifest(),
                dir.resolve("b")),
        Rejection.Reason.PARTIAL,
        "model.bpm");
    Path good = archive(m, files);
    byte[] all = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.bpb");
    Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
    assertThatThrownBy(
            () ->
                BundleArchive.extract(
                    cut,
                    md -> authority.verify(authority.device(), md.manifest()).manifest(),
                    dir.resolve("c")))
        .isInstanceOf(Rejection.class);
    assertThat(dir.resolve("c")).doesNotExist();
  }

  @Test
  void pathTraversalIsRefusedInTheArchiveAndInTheManifest() throws IOException {
    Envelope m = authority.manifest(authority.release(1), dir.resolve("src"), files);
    Path evil = dir.resolve("evil.bpb");
    try (OutputStream out = Files.newOutputStream(evil);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("manifest.json"));
      zip.write(m.toJson());
      zip.putNextEntry(new ZipEntry("payload/../../outside.txt"));
      zip.write("owned".getBytes(StandardCharsets.UTF_8));
    }
    refused(
        () ->
            BundleArchive.extract(
                evil,
                md -> authority.verify(authority.device(), md.manifest()).manifest(),
                dir.resolve("slot")),
        Rejection.Reason.BAD_PATH,
        "'..'");
    assertThat(dir.resolve("outside.txt")).doesNotExist();
    assertThat(dir.getParent().resolve("outside.txt")).doesNotExist();
    for (String path : List.of("../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ".hidden", "")) {
      assertThat(BundlePaths.why(path)).as(path).isNotNull();
    }
    assertThatThrownBy(
            () ->
                Bundles.manifest(
                    authority.release(1), Map.of("../model.bpm", dir.resolve("src/model.bpm"))))
        .hasMessageContaining("'..'");
    String json =
        new String(m.payload(), StandardCharsets.UTF_8)
            .replace("\"golden.csv\"", "\"../golden.csv\"");
    Envelope forged =
        Envelope.sign(
            Manifest.TYPE, json.getBytes(StandardCharsets.UTF_8), List.of(authority.signer));
    refused(
        () -> authority.verify(authority.device(), forged),
        Rejection.Reason.BAD_PATH,
        "../golden.csv");
  }

  @Test
  void aFinishedPartFileIsCheckedAgainBeforeItIsMovedIntoASlot() throws IOException {
    Path file = dir.resolve("part");
    Files.writeString(file, "weights ".repeat(400));
    Bundles.Release r = authority.release(1);
    Manifest m = Bundles.manifest(r, Map.of("model.bpm", file));
    Manifest.FileEntry entry = m.file("model.bpm");
    PayloadWriter.verify(m, entry, file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[1500] ^= 1;
    Files.write(file, bytes);
    refused(() -> PayloadWriter.verify(m, entry, file), Rejection.Reason.MISMATCH, "chunk 1");
    Files.writeString(file, "weights ".repeat(400) + "more");
    refused(
        () -> PayloadWriter.verify(m, entry, file),
        Rejection.Reason.ENDLESS_DATA,
        "3204 bytes on disk");
  }

  @Test
  void malformedMetadataNamesTheFieldAndPosition() {
    refused(
        () ->
            Manifest.parse(
                "{\"name\": \"x\",\n \"kind\": 3 ".getBytes(StandardCharsets.UTF_8),
                "manifest.json"),
        Rejection.Reason.MALFORMED,
        "manifest.json:2");
    refused(
        () -> Manifest.parse("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8), "manifest.json"),
        Rejection.Reason.MALFORMED,
        "manifest.json",
        "field 'targets' is missing");
    refused(
        () ->
            Envelope.parse(
                "{\"type\": \"application/vnd.blueprint.keys+json\"}"
                    .getBytes(StandardCharsets.UTF_8),
                "keys.json",
                Manifest.TYPE),
        Rejection.Reason.MALFORMED,
        "keys.json",
        "field 'type'");
  }

  @Test
  void signaturesOfOneMetadataKindCannotBeReplayedAsAnother() throws IOException {
    Envelope m = authority.manifest(authority.release(1), dir, files);
    Envelope asKeys = new Envelope(KeysMetadata.TYPE, m.payload(), m.signatures());
    assertThat(asKeys.signedBy(authority.signer.publicKey())).isFalse();
    assertThat(m.signedBy(authority.signer.publicKey())).isTrue();
  }

  private Path archive(Envelope manifest, Map<String, String> payload) throws IOException {
    Path bpb = dir.resolve("bundle-" + System.nanoTime() + ".bpb");
    BundleArchive.write(
        bpb,
        new BundleArchive.Metadata(List.of(), authority.keys, manifest),
        Authority.write(dir.resolve("payload-" + System.nanoTime()), payload));
    return bpb;
  }
}
