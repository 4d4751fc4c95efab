package dev.blueprint.edge.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.cli.EdgeCli;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.TrustState;
import dev.blueprint.simulator.units.TimeSpan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle model} and {@link ModelBundles}: one step gives what golden, create and sign give,
 * a device accepts it, and a refusal leaves nothing behind.
 */
class ModelBundlesTest {
  @TempDir Path dir;
  Path keys;
  Path model;
  Path out;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EdgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void aRootASignerAndAModel() throws Exception {
    keys = dir.resolve("keys");
    Result init = run("keys", "init", "--out", keys.toString());
    assertThat(init.code()).as(init.err()).isZero();
    model = dir.resolve("tiny-cnn.bpm");
    ModelFile.write(TestGraphs.cnn(3), model);
    out = dir.resolve("releases").resolve("tiny-1.bpb");
  }

  @Test
  void oneStepVerifiesAsADeviceWouldAndCarriesWhatGoldenCreateAndSignWould() throws Exception {
    Result one =
        run(
            "bundle",
            "model",
            "--model",
            model.toString(),
            "--name",
            "classifier",
            "--version",
            "1.2",
            "--counter",
            "2",
            "--target",
            "cpu,raspberry-pi-5",
            "--key",
            keys.resolve("signer.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            "--out",
            out.toString());
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).startsWith("wrote " + out + ": classifier 1.2 (counter 2), 2 files, ");
    Result ok =
        run("bundle", "verify", "--root", keys.resolve("root-1.json").toString(), out.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("ok: classifier 1.2 (counter 2, model), 2 files");

    // The same model by hand, as docs/ota.md's quick start does it.
    Path golden = dir.resolve("golden.json");
    Result g = run("bundle", "golden", "--model", model.toString(), "--out", golden.toString());
    assertThat(g.code()).as(g.err()).isZero();
    assertThat(g.out())
        .isEqualTo(
            "wrote "
                + golden
                + ": 8 golden inputs for model.bpm, tolerance 1.00e-05, p99 budget 50.000 ms"
                + System.lineSeparator());
    Path byHand = dir.resolve("by-hand.bpb");
    Result create =
        run(
            "bundle",
            "create",
            "--name",
            "classifier",
            "--version",
            "1.2",
            "--counter",
            "2",
            "--target",
            "cpu,raspberry-pi-5",
            "--out",
            byHand.toString(),
            "model.bpm=" + model,
            "golden.json=" + golden);
    assertThat(create.code()).as(create.err()).isZero();
    Result sign =
        run(
            "bundle",
            "sign",
            "--key",
            keys.resolve("signer.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            byHand.toString());
    assertThat(sign.code()).as(sign.err()).isZero();

    Map<String, byte[]> oneStep = entries(out);
    Map<String, byte[]> threeSteps = entries(byHand);
    assertThat(oneStep.keySet())
        .containsExactly("keys.json", "manifest.json", "payload/golden.json", "payload/model.bpm");
    assertThat(oneStep.keySet()).isEqualTo(threeSteps.keySet());
    for (String entry : List.of("keys.json", "payload/golden.json", "payload/model.bpm")) {
      assertThat(oneStep.get(entry)).as(entry).isEqualTo(threeSteps.get(entry));
    }
    // The manifests differ only in their creation and expiry times: same files, same hashes.
    Manifest a = manifest(out);
    Manifest b = manifest(byHand);
    assertThat(a.files()).isEqualTo(b.files());
    assertThat(List.of(a.name(), a.kind(), a.version(), a.counter(), a.targets(), a.minRuntime()))
        .isEqualTo(
            List.of(b.name(), b.kind(), b.version(), b.counter(), b.targets(), b.minRuntime()));
    assertThat(a.chunkSize()).isEqualTo(b.chunkSize());
  }

  @Test
  void theApiWritesABundleWhoseHealthCheckPassesOnADevice() throws Exception {
    ModelBundles.Written w =
        ModelBundles.write(
            model,
            release(Manifest.Kind.MODEL),
            // A budget no loaded test machine misses: this checks outputs, not speed.
            new GoldenOutputs.Settings(4, 1e-5, TimeSpan.parse("10s")),
            signer(),
            keysEnvelope(),
            out);
    assertThat(w.bundle()).isEqualTo(out);
    assertThat(w.bytes()).isEqualTo(Files.size(out));
    assertThat(w.manifest().kind()).isEqualTo(Manifest.Kind.MODEL);
    assertThat(w.manifest().files())
        .extracting(Manifest.FileEntry::path)
        .containsExactly("golden.json", "model.bpm");
    assertThat(siblings()).containsExactly("tiny-1.bpb");

    Path slot = dir.resolve("slot");
    Envelope root =
        Envelope.parse(
            Files.readAllBytes(keys.resolve("root-1.json")), "root-1.json", RootMetadata.TYPE);
    BundleArchive.extract(
        out,
        md ->
            BundleVerifier.verify(
                    TrustState.provisioned(root),
                    md.roots(),
                    md.keys(),
                    md.manifest(),
                    new BundleVerifier.Device("pi-01", "cpu", RuntimeVersion.CURRENT),
                    Instant.now())
                .manifest(),
        slot);
    assertThat(Files.readAllBytes(slot.resolve("model.bpm"))).isEqualTo(Files.readAllBytes(model));
    HealthCheck.Result health = HealthCheck.run(slot);
    assertThat(health.passed()).as(health.reason()).isTrue();
    assertThat(health.runs()).isEqualTo(4 * 20);
  }

  @Test
  void aKeyTheKeysDoNotListIsRefusedAndNoFileIsLeft() throws Exception {
    Ed25519.SigningKey stranger = Ed25519.generate();
    assertThatThrownBy(
            () ->
                ModelBundles.write(
                    model,
                    release(Manifest.Kind.MODEL),
                    GoldenOutputs.Settings.DEFAULTS,
                    stranger,
                    keysEnvelope(),
                    out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "keys.json does not list the signing key (key "
                + stranger.keyId()
                + "); devices would refuse the bundle");
    assertThat(out).doesNotExist();

    Ed25519.write(stranger, dir, "stranger");
    Result r =
        run(
            "bundle",
            "model",
            "--model",
            model.toString(),
            "--name",
            "classifier",
            "--version",
            "1.2",
            "--counter",
            "2",
            "--target",
            "cpu",
            "--key",
            dir.resolve("stranger.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            "--out",
            out.toString());
    assertThat(r.code()).isEqualTo(1);
    // Word for word what bundle sign says of the same key.
    assertThat(r.err())
        .contains(
            keys.resolve("keys.json")
                + " does not list "
                + dir.resolve("stranger.key")
                + " (key "
                + stranger.keyId()
                + "); devices would refuse the bundle");
    assertThat(out).doesNotExist();
    assertThat(siblings()).isEmpty();
  }

  @Test
  void aKeyListedOnlyForRuntimeBundlesIsRefusedAsADeviceWouldRefuseIt() throws Exception {
    Ed25519.SigningKey runtimeOnly = Ed25519.generate();
    Envelope keysForRuntime =
        Bundles.signKeys(
            new KeysMetadata(
                2,
                Instant.now().plus(Duration.ofDays(90)),
                List.of(
                    new KeysMetadata.SignerKey(
                        runtimeOnly.keyId(),
                        runtimeOnly.publicKey(),
                        Set.of(Manifest.Kind.RUNTIME))),
                Set.of(),
                1000),
            List.of(Ed25519.readPrivate(keys.resolve("root.key"))));
    assertThatThrownBy(
            () ->
                ModelBundles.write(
                    model,
                    release(Manifest.Kind.MODEL),
                    GoldenOutputs.Settings.DEFAULTS,
                    runtimeOnly,
                    keysForRuntime,
                    out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "keys.json lists key "
                + runtimeOnly.keyId()
                + " for [runtime] bundles, not model; devices would refuse the bundle");
    assertThat(out).doesNotExist();
    assertThat(siblings()).isEmpty();
  }

  @Test
  void anExistingOutIsRefusedAndLeftAsItWas() throws Exception {
    Files.createDirectories(out.getParent());
    Files.writeString(out, "someone else's release");
    assertThatThrownBy(
            () ->
                ModelBundles.write(
                    model,
                    release(Manifest.Kind.MODEL),
                    GoldenOutputs.Settings.DEFAULTS,
                    signer(),
                    keysEnvelope(),
                    out))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(out.toString())
        .hasMessageContaining("refusing to replace");
    Result r =
        run(
            "bundle",
            "model",
            "--model",
            model.toString(),
            "--name",
            "classifier",
            "--version",
            "1.2",
            "--counter",
            "2",
            "--target",
            "cpu",
            "--key",
            keys.resolve("signer.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            "--out",
            out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(out + ": exists; refusing to replace");
    assertThat(Files.readString(out)).isEqualTo("someone else's release");
    assertThat(siblings()).containsExactly("tiny-1.bpb");
  }

  @Test
  void aModelThatDoesNotLoadLeavesNothingHalfWritten() throws Exception {
    Path broken = dir.resolve("broken.bpm");
    Files.write(broken, "not a model".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                ModelBundles.write(
                    broken,
                    release(Manifest.Kind.MODEL),
                    GoldenOutputs.Settings.DEFAULTS,
                    signer(),
                    keysEnvelope(),
                    out))
        .isNotNull();
    assertThat(out).doesNotExist();
    assertThat(siblings()).isEmpty();
  }

  @Test
  void aRuntimeReleaseIsNotAModelBundle() {
    assertThatThrownBy(
            () ->
                ModelBundles.write(
                    model,
                    release(Manifest.Kind.RUNTIME),
                    GoldenOutputs.Settings.DEFAULTS,
                    signer(),
                    keysEnvelope(),
                    out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classifier: a model bundle's kind is model, got runtime");
    assertThat(out).doesNotExist();
  }

  private Bundles.Release release(Manifest.Kind kind) {
    Instant now = Instant.now();
    return new Bundles.Release(
        "classifier",
        kind,
        "1.2",
        2,
        List.of("cpu"),
        RuntimeVersion.CURRENT,
        now,
        now.plus(Duration.ofDays(30)),
        Bundles.DEFAULT_CHUNK_SIZE);
  }

  private Ed25519.SigningKey signer() throws Exception {
    return Ed25519.readPrivate(keys.resolve("signer.key"));
  }

  private Envelope keysEnvelope() throws Exception {
    return Envelope.parse(
        Files.readAllBytes(keys.resolve("keys.json")), "keys.json", KeysMetadata.TYPE);
  }

  /** What is in the folder {@code out} goes to, hidden staging folders included. */
  private List<String> siblings() throws Exception {
    if (!Files.isDirectory(out.getParent())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out.getParent())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Manifest manifest(Path bundle) throws Exception {
    return Manifest.parse(BundleArchive.readMetadata(bundle).manifest().payload(), "manifest");
  }

  private static Map<String, byte[]> entries(Path bundle) throws Exception {
    Map<String, byte[]> all = new TreeMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        all.put(e.getName(), zip.readAllBytes());
      }
    }
    return all;
  }
}
