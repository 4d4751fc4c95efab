package dev.blueprint.edge.publisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.Rejection;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.TrustState;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.TimeSpan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blueprint-edge bundle}: make, sign and check update bundles. */
@Command(
    name = "bundle",
    description =
        "Creates, signs and verifies update bundles (.bpb): payload files plus a signed manifest.",
    subcommands = {
      BundleCommand.Golden.class,
      BundleCommand.Create.class,
      BundleCommand.Sign.class,
      BundleCommand.Verify.class,
      BundleCommand.ModelBundle.class
    })
public final class BundleCommand {
  /** What the commands that write a new file do when it is there already: stop, naming it. */
  static void refuseExisting(Path out) {
    if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(
          "--out " + out + " exists; refusing to replace a file this command did not write");
    }
  }

  /** A transfer chunk from the command line: between 1 KiB and {@link Manifest#MAX_CHUNK_SIZE}. */
  static int chunkSize(String text) {
    long chunk = (long) DataSize.parse(text).bytes();
    if (chunk < 1024 || chunk > Manifest.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("--chunk-size must be between 1KiB and 4MiB, got " + text);
    }
    return (int) chunk;
  }

  @Command(
      name = "golden",
      description =
          "Writes golden.json, the health check a model bundle carries: this model's"
              + " outputs on seeded random inputs, a tolerance and a latency budget.")
  static final class Golden implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--model",
        required = true,
        description = "The .bpm the bundle ships (named model.bpm in it).")
    Path model;

    @Option(
        names = "--name",
        defaultValue = "model.bpm",
        description = "The model's path inside the bundle.")
    String name;

    @Option(
        names = "--samples",
        defaultValue = "8",
        description = "Golden inputs (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(
        names = "--tolerance",
        defaultValue = "1e-5",
        description = "Largest output difference accepted.")
    double tolerance;

    @Option(
        names = "--latency-budget",
        defaultValue = "50ms",
        description = "p99 of the golden runs must stay under.")
    String budget;

    @Option(names = "--out", required = true, description = "Where to write golden.json.")
    Path out;

    @Override
    public Integer call() throws IOException {
      refuseExisting(out);
      HealthCheck.Golden golden =
          GoldenOutputs.compute(
              ModelFile.read(model),
              name,
              new GoldenOutputs.Settings(samples, tolerance, TimeSpan.parse(budget)));
      double budgetMs = golden.latencyBudgetMs();
      AtomicFiles.write(out, HealthCheck.toJson(golden));
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s: %d golden inputs for %s, tolerance %.3g, p99 budget %.3f ms%n",
              out, samples, name, tolerance, budgetMs);
      return 0;
    }
  }

  @Command(
      name = "create",
      description = "An unsigned bundle from files; sign it with 'bundle sign'.")
  static final class Create implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReleaseOptions release;

    @Option(
        names = "--kind",
        defaultValue = "model",
        description = "model or runtime (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--out", required = true, description = "The bundle file to write (.bpb).")
    Path out;

    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description =
            "Payload files; NAME=PATH stores PATH as NAME (a relative path), PATH alone keeps its file name.")
    List<String> files;

    @Override
    public Integer call() throws IOException {
      refuseExisting(out);
      Map<String, Path> payload = new TreeMap<>();
      for (String f : files) {
        int eq = f.indexOf('=');
        Path path = Path.of(eq < 0 ? f : f.substring(eq + 1));
        String entry = eq < 0 ? path.getFileName().toString() : f.substring(0, eq);
        if (!Files.isRegularFile(path)) {
          throw new IllegalArgumentException("payload file " + path + " does not exist");
        }
        if (payload.put(entry, path) != null) {
          throw new IllegalArgumentException("two payload files are named " + entry);
        }
      }
      Manifest.Kind k =
          switch (kind.toLowerCase(Locale.ROOT)) {
            case "model" -> Manifest.Kind.MODEL;
            case "runtime" -> Manifest.Kind.RUNTIME;
            default ->
                throw new IllegalArgumentException("--kind must be model or runtime, got " + kind);
          };
      Manifest manifest = Bundles.manifest(release.release(k, Instant.now()), payload);
      Envelope unsigned = new Envelope(Manifest.TYPE, manifest.toJson(), List.of());
      BundleArchive.write(out, new BundleArchive.Metadata(List.of(), null, unsigned), payload);
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s: %s %s (counter %d), %d files, %d bytes, unsigned%n",
              out,
              release.name,
              release.version,
              release.counter,
              manifest.files().size(),
              manifest.totalBytes());
      return 0;
    }
  }

  @Command(
      name = "sign",
      description = "Signs a bundle's manifest and embeds the keys (and any new roots) it needs.")
  static final class Sign implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "The signing key (signer.key).")
    Path key;

    @Option(
        names = "--keys",
        required = true,
        description = "keys.json listing that key, signed by the root.")
    Path keys;

    @Option(
        names = "--root",
        description = "Newer root-N.json files a device may not have yet, oldest first.")
    List<Path> roots = new ArrayList<>();

    @Parameters(paramLabel = "BUNDLE", description = "The .bpb to sign in place.")
    Path bundle;

    @Override
    public Integer call() throws IOException {
      Ed25519.SigningKey signer = Ed25519.readPrivate(key);
      Envelope keysEnv =
          Envelope.parse(Files.readAllBytes(keys), keys.toString(), KeysMetadata.TYPE);
      Bundles.requireListed(keysEnv, keys.toString(), signer, key.toString());
      List<Envelope> rootEnvs = new ArrayList<>();
      for (Path r : roots) {
        rootEnvs.add(Envelope.parse(Files.readAllBytes(r), r.toString(), RootMetadata.TYPE));
      }
      BundleArchive.Metadata md = BundleArchive.readMetadata(bundle);
      Envelope signed = Bundles.addSignature(md.manifest(), signer);
      BundleArchive.rewriteMetadata(bundle, new BundleArchive.Metadata(rootEnvs, keysEnv, signed));
      Manifest m = Manifest.parse(signed.payload(), bundle.toString());
      spec.commandLine()
          .getOut()
          .printf(
              "signed %s: %s %s (counter %d) with key %s%n",
              bundle, m.name(), m.version(), m.counter(), signer.keyId());
      return 0;
    }
  }

  @Command(
      name = "model",
      description =
          "A signed model bundle in one step: golden, create and sign for one .bpm (model.bpm"
              + " and golden.json in the bundle).")
  static final class ModelBundle implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReleaseOptions release;

    @Option(names = "--model", required = true, description = "The .bpm to ship.")
    Path model;

    @Option(names = "--key", required = true, description = "The signing key (signer.key).")
    Path key;

    @Option(
        names = "--keys",
        required = true,
        description = "keys.json listing that key, signed by the root.")
    Path keys;

    @Option(
        names = "--out",
        required = true,
        description = "The bundle file to write (.bpb); must not exist.")
    Path out;

    @Option(
        names = "--samples",
        defaultValue = "8",
        description = "Golden inputs (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(
        names = "--tolerance",
        defaultValue = "1e-5",
        description = "Largest output difference accepted (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
        names = "--latency-budget",
        defaultValue = "50ms",
        description = "p99 of the golden runs must stay under (default ${DEFAULT-VALUE}).")
    String budget;

    @Override
    public Integer call() throws IOException {
      Ed25519.SigningKey signer = Ed25519.readPrivate(key);
      Envelope keysEnv =
          Envelope.parse(Files.readAllBytes(keys), keys.toString(), KeysMetadata.TYPE);
      // The same check, and message, as bundle sign: the paths the user typed, not the API's names.
      Bundles.requireListed(keysEnv, keys.toString(), signer, key.toString());
      ModelBundles.Written w =
          ModelBundles.write(
              model,
              release.release(Manifest.Kind.MODEL, Instant.now()),
              new GoldenOutputs.Settings(samples, tolerance, TimeSpan.parse(budget)),
              signer,
              keysEnv,
              out);
      Manifest m = w.manifest();
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s: %s %s (counter %d), %d files, %d bytes, signed with key %s%n",
              w.bundle(),
              m.name(),
              m.version(),
              m.counter(),
              m.files().size(),
              m.totalBytes(),
              signer.keyId());
      return 0;
    }
  }

  @Command(
      name = "verify",
      description =
          "Checks a bundle as a device would: signatures, versions, expiry, target, hashes.")
  static final class Verify implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--root",
        required = true,
        description = "The root the device was provisioned with (root-N.json).")
    Path root;

    @Option(
        names = "--hardware",
        defaultValue = "this-device",
        description = "The device's hardware profile id.")
    String hardware;

    @Option(
        names = "--hardware-kind",
        defaultValue = "cpu",
        description = "The device's hardware kind.")
    String hardwareKind;

    @Option(
        names = "--runtime",
        description = "The device's runtime version (default: this one's).")
    String runtime = RuntimeVersion.CURRENT;

    @Option(
        names = "--installed-counter",
        defaultValue = "0",
        description = "Counter of the release the device has installed (default ${DEFAULT-VALUE}).")
    long installed;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Envelope rootEnv =
          Envelope.parse(Files.readAllBytes(root), root.toString(), RootMetadata.TYPE);
      Path scratch = Files.createTempDirectory("bundle-verify");
      try {
        TrustState[] device = {TrustState.provisioned(rootEnv)};
        Manifest[] accepted = {null};
        BundleArchive.extract(
            bundle,
            md -> {
              if (installed > 0) {
                device[0] =
                    device[0].installed(
                        Manifest.parse(md.manifest().payload(), "manifest").name(), installed);
              }
              accepted[0] =
                  BundleVerifier.verify(
                          device[0],
                          md.roots(),
                          md.keys(),
                          md.manifest(),
                          new BundleVerifier.Device(hardware, hardwareKind, runtime),
                          Instant.now())
                      .manifest();
              return accepted[0];
            },
            scratch.resolve("payload"));
        Manifest m = accepted[0];
        if (format.equals("json")) {
          ObjectNode o =
              new ObjectMapper()
                  .createObjectNode()
                  .put("accepted", true)
                  .put("name", m.name())
                  .put("version", m.version())
                  .put("counter", m.counter())
                  .put("files", m.files().size())
                  .put("bytes", m.totalBytes());
          out.println(o.toPrettyString());
        } else {
          out.printf(
              "ok: %s %s (counter %d, %s), %d files, %d bytes, every hash checked%n",
              m.name(), m.version(), m.counter(), m.kind().id(), m.files().size(), m.totalBytes());
        }
        return 0;
      } catch (Rejection r) {
        if (format.equals("json")) {
          out.println(
              new ObjectMapper()
                  .createObjectNode()
                  .put("accepted", false)
                  .put("reason", r.reason().name().toLowerCase(Locale.ROOT))
                  .put("message", r.getMessage())
                  .toPrettyString());
          return 3;
        }
        throw r;
      } finally {
        AtomicFiles.deleteTree(scratch);
      }
    }
  }
}
