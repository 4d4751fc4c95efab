package dev.blueprint.edge.publisher;

import dev.blueprint.edge.cli.Durations;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RootMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blueprint-edge keys}: the root and signing keys of a release authority. */
@Command(
    name = "keys",
    description =
        "Creates and rotates the keys that sign update bundles (a root key signs the signing keys).",
    subcommands = {
      KeysCommand.Init.class,
      KeysCommand.AddSigner.class,
      KeysCommand.Revoke.class,
      KeysCommand.RotateRoot.class
    })
public final class KeysCommand {
  @Command(
      name = "init",
      description = "New root key, root metadata (root-1.json), a signing key and keys.json.")
  static final class Init implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        description = "Folder for the keys and metadata (must not hold a root key yet).")
    Path out;

    @Option(
        names = "--root-expires",
        defaultValue = "365d",
        description = "Root lifetime (default ${DEFAULT-VALUE}).")
    String rootExpires;

    @Option(
        names = "--keys-expires",
        defaultValue = "90d",
        description = "Keys metadata lifetime (default ${DEFAULT-VALUE}).")
    String keysExpires;

    @Option(
        names = "--max-counter-step",
        defaultValue = "1000",
        description = "How far one release may move a bundle's counter (default ${DEFAULT-VALUE}).")
    long maxCounterStep;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(out.resolve("root.key"))) {
        throw new IllegalArgumentException(
            out.resolve("root.key") + " exists: refusing to replace a root key");
      }
      Instant now = Instant.now();
      Ed25519.SigningKey root = Ed25519.generate();
      Ed25519.SigningKey signer = Ed25519.generate();
      Ed25519.write(root, out, "root");
      Ed25519.write(signer, out, "signer");
      Envelope rootEnv =
          Bundles.signRoot(
              RootMetadata.of(
                  1,
                  now.plus(Durations.parse(rootExpires, "--root-expires")),
                  List.of(root.publicKey()),
                  1),
              List.of(root));
      AtomicFiles.write(out.resolve("root-1.json"), rootEnv.toJson());
      KeysMetadata keys =
          new KeysMetadata(
              1,
              now.plus(Durations.parse(keysExpires, "--keys-expires")),
              List.of(
                  new KeysMetadata.SignerKey(
                      signer.keyId(), signer.publicKey(), EnumSet.allOf(Manifest.Kind.class))),
              Set.of(),
              maxCounterStep);
      AtomicFiles.write(out.resolve("keys.json"), Bundles.signKeys(keys, List.of(root)).toJson());
      spec.commandLine()
          .getOut()
          .printf(
              "root key %s (root.key: keep it offline), signing key %s (signer.key)%nwrote %s, %s%n"
                  + "devices are provisioned with root-1.json%n",
              root.keyId(), signer.keyId(), out.resolve("root-1.json"), out.resolve("keys.json"));
      return 0;
    }
  }

  /** Reads keys.json and the root key that signs the next version. */
  abstract static class KeysEdit implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--keys",
        required = true,
        description = "The current keys.json (rewritten as the next version).")
    Path keysFile;

    @Option(
        names = "--root-key",
        required = true,
        description = "The root's private key (root.key).")
    Path rootKey;

    @Option(
        names = "--expires",
        defaultValue = "90d",
        description = "Lifetime of the new version (default ${DEFAULT-VALUE}).")
    String expires;

    abstract KeysMetadata edit(KeysMetadata current, Instant expires) throws IOException;

    @Override
    public Integer call() throws IOException {
      Ed25519.SigningKey root = Ed25519.readPrivate(rootKey);
      // Not required to be signed by this root key: after a root rotation the new key re-signs it.
      Envelope env =
          Envelope.parse(Files.readAllBytes(keysFile), keysFile.toString(), KeysMetadata.TYPE);
      KeysMetadata next =
          edit(
              KeysMetadata.parse(env.payload(), keysFile.toString()),
              Instant.now().plus(Durations.parse(expires, "--expires")));
      AtomicFiles.write(keysFile, Bundles.signKeys(next, List.of(root)).toJson());
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s version %d signed by root key %s: signers %s, revoked %s%n",
              keysFile,
              next.version(),
              root.keyId(),
              next.signers().stream().map(KeysMetadata.SignerKey::keyId).toList(),
              new TreeSet<>(next.revoked()));
      return 0;
    }
  }

  @Command(
      name = "add-signer",
      description = "Creates a signing key and adds it to keys.json (next version).")
  static final class AddSigner extends KeysEdit {
    @Option(
        names = "--out-key",
        required = true,
        description = "Where to write the new key, without extension.")
    Path outKey;

    @Override
    KeysMetadata edit(KeysMetadata current, Instant expires) throws IOException {
      Ed25519.SigningKey k = Ed25519.generate();
      Path folder = outKey.toAbsolutePath().getParent();
      Ed25519.write(k, folder, outKey.getFileName().toString());
      List<KeysMetadata.SignerKey> signers = new ArrayList<>(current.signers());
      signers.add(
          new KeysMetadata.SignerKey(k.keyId(), k.publicKey(), EnumSet.allOf(Manifest.Kind.class)));
      return new KeysMetadata(
          current.version() + 1, expires, signers, current.revoked(), current.maxCounterStep());
    }
  }

  @Command(
      name = "revoke",
      description =
          "Revokes a signing key (next version of keys.json): bundles it signs are refused.")
  static final class Revoke extends KeysEdit {
    @Parameters(paramLabel = "KEYID", description = "The key id to revoke.")
    String keyId;

    @Override
    KeysMetadata edit(KeysMetadata current, Instant expires) {
      if (current.signer(keyId) == null && !current.revoked().contains(keyId)) {
        throw new IllegalArgumentException("keys.json lists no signer " + keyId);
      }
      List<KeysMetadata.SignerKey> signers = new ArrayList<>(current.signers());
      signers.removeIf(s -> s.keyId().equals(keyId));
      Set<String> revoked = new TreeSet<>(current.revoked());
      revoked.add(keyId);
      return new KeysMetadata(
          current.version() + 1, expires, signers, revoked, current.maxCounterStep());
    }
  }

  @Command(
      name = "rotate-root",
      description = "New root key: root-N+1.json signed by the old and the new root keys.")
  static final class RotateRoot implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", required = true, description = "The current root-N.json.")
    Path rootFile;

    @Option(names = "--root-key", required = true, description = "The current root's private key.")
    Path rootKey;

    @Option(
        names = "--out-key",
        required = true,
        description = "Where to write the new root key, without extension.")
    Path outKey;

    @Option(
        names = "--expires",
        defaultValue = "365d",
        description = "Lifetime of the new root (default ${DEFAULT-VALUE}).")
    String expires;

    @Override
    public Integer call() throws IOException {
      Ed25519.SigningKey old = Ed25519.readPrivate(rootKey);
      Envelope env =
          Envelope.parse(Files.readAllBytes(rootFile), rootFile.toString(), RootMetadata.TYPE);
      RootMetadata current = RootMetadata.parse(env.payload(), rootFile.toString());
      Ed25519.SigningKey next = Ed25519.generate();
      Ed25519.write(next, outKey.toAbsolutePath().getParent(), outKey.getFileName().toString());
      RootMetadata root =
          RootMetadata.of(
              current.version() + 1,
              Instant.now().plus(Durations.parse(expires, "--expires")),
              List.of(next.publicKey()),
              1);
      Path out = rootFile.toAbsolutePath().resolveSibling("root-" + root.version() + ".json");
      AtomicFiles.write(out, Bundles.signRoot(root, List.of(old, next)).toJson());
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s (new root key %s); re-sign keys.json with it (keys revoke/add-signer"
                  + " --root-key %s) and ship %s in the next bundles%n",
              out, next.keyId(), outKey + ".key", out.getFileName());
      return 0;
    }
  }
}
