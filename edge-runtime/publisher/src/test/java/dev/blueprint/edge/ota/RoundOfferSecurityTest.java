package dev.blueprint.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.publisher.Bundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A federated round offer is accepted only when signed by a key the trusted keys metadata lists for
 * {@code fl-model}; a key for installable bundles cannot sign rounds, and an {@code fl-model}
 * manifest is never installed.
 */
class RoundOfferSecurityTest {
  static final String TYPE = "application/vnd.blueprint.fl-round+json";
  @TempDir Path dir;
  final Authority authority = new Authority();
  final Ed25519.SigningKey roundKey = Ed25519.generate();
  final Ed25519.SigningKey modelKey = Ed25519.generate();
  final byte[] payload = "{\"round\":1}".getBytes(StandardCharsets.UTF_8);

  /** A device that trusts {@code roundKey} for fl-model and {@code modelKey} for model only. */
  TrustState device(Set<String> revoked) {
    Envelope keys =
        Bundles.signKeys(
            new KeysMetadata(
                2,
                Authority.NOW.plus(Duration.ofDays(30)),
                List.of(
                    new KeysMetadata.SignerKey(
                        roundKey.keyId(), roundKey.publicKey(), EnumSet.of(Manifest.Kind.FL_MODEL)),
                    new KeysMetadata.SignerKey(
                        modelKey.keyId(), modelKey.publicKey(), EnumSet.of(Manifest.Kind.MODEL))),
                revoked,
                100),
            List.of(authority.rootKey));
    return authority.device().withKeys(keys, KeysMetadata.parse(keys.payload(), "keys"));
  }

  private static void refused(ThrowingCallable call, Rejection.Reason reason, String... words) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejection.class)
        .satisfies(e -> assertThat(((Rejection) e).reason()).isEqualTo(reason))
        .hasMessageContainingAll(words);
  }

  @Test
  void anOfferSignedByAnFlModelKeyIsAccepted() {
    Envelope offer = Envelope.sign(TYPE, payload, List.of(roundKey));
    assertThat(BundleVerifier.verifyRoundOffer(device(Set.of()), offer, TYPE, Authority.NOW))
        .isEqualTo(payload);
  }

  @Test
  void aKeyListedOnlyForModelsCannotSignARound() {
    Envelope offer = Envelope.sign(TYPE, payload, List.of(modelKey));
    refused(
        () -> BundleVerifier.verifyRoundOffer(device(Set.of()), offer, TYPE, Authority.NOW),
        Rejection.Reason.UNKNOWN_KEY,
        modelKey.keyId(),
        "not fl-model");
  }

  @Test
  void unlistedRevokedAndTamperedSignaturesAreRefused() {
    Ed25519.SigningKey stranger = Ed25519.generate();
    refused(
        () ->
            BundleVerifier.verifyRoundOffer(
                device(Set.of()),
                Envelope.sign(TYPE, payload, List.of(stranger)),
                TYPE,
                Authority.NOW),
        Rejection.Reason.UNKNOWN_KEY,
        stranger.keyId());
    Envelope good = Envelope.sign(TYPE, payload, List.of(roundKey));
    refused(
        () ->
            BundleVerifier.verifyRoundOffer(
                device(Set.of(roundKey.keyId())), good, TYPE, Authority.NOW),
        Rejection.Reason.REVOKED_KEY,
        "revoked");
    byte[] tampered = good.payload();
    tampered[3] ^= 1;
    refused(
        () ->
            BundleVerifier.verifyRoundOffer(
                device(Set.of()),
                new Envelope(TYPE, tampered, good.signatures()),
                TYPE,
                Authority.NOW),
        Rejection.Reason.BAD_SIGNATURE,
        "does not verify");
  }

  @Test
  void anOfferOfAnotherTypeOrAfterTheKeysExpireIsRefused() {
    Envelope manifestTyped = Envelope.sign(Manifest.TYPE, payload, List.of(roundKey));
    refused(
        () -> BundleVerifier.verifyRoundOffer(device(Set.of()), manifestTyped, TYPE, Authority.NOW),
        Rejection.Reason.MALFORMED,
        TYPE);
    Envelope offer = Envelope.sign(TYPE, payload, List.of(roundKey));
    refused(
        () ->
            BundleVerifier.verifyRoundOffer(
                device(Set.of()), offer, TYPE, Authority.NOW.plus(Duration.ofDays(31))),
        Rejection.Reason.EXPIRED,
        "expired");
  }

  @Test
  void anFlModelManifestIsNeverInstalled() throws Exception {
    Bundles.Release r = authority.release(1);
    Bundles.Release flModel =
        new Bundles.Release(
            r.name(),
            Manifest.Kind.FL_MODEL,
            r.version(),
            r.counter(),
            r.targets(),
            r.minRuntime(),
            r.created(),
            r.expires(),
            r.chunkSize());
    Envelope m =
        Bundles.signManifest(
            Bundles.manifest(flModel, Authority.write(dir, Map.of("model.bpm", "w"))),
            authority.signer);
    refused(
        () -> authority.verify(authority.device(), m),
        Rejection.Reason.MALFORMED,
        "never installed");
  }
}
