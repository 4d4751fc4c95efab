package dev.blueprint.edge.publisher;

import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A model release in one step, for programs (the coordinator exporting a federated model, the
 * workbench): what {@code bundle golden}, {@code bundle create} and {@code bundle sign} do by hand,
 * giving the same bundle. The model ships as {@value #MODEL_ENTRY} with its health check as {@code
 * golden.json}; the manifest is signed by one key that the carried keys.json must list.
 */
public final class ModelBundles {
  private ModelBundles() {}

  /** The model's path inside the bundle, as in docs/ota.md's quick start. */
  public static final String MODEL_ENTRY = "model.bpm";

  /**
   * What {@link #write} wrote.
   *
   * @param bundle the signed {@code .bpb}
   * @param manifest its signed manifest
   * @param bytes the size of {@code bundle} on disk, in bytes
   */
  public record Written(Path bundle, Manifest manifest, long bytes) {}

  /**
   * Packages {@code model} with its golden check into a bundle signed by {@code signer}, written to
   * {@code out}, which must not exist. The bundle is made in a hidden folder beside {@code out} and
   * appears under its name only when complete and on disk; on any failure nothing is left.
   *
   * @param model the {@code .bpm} to ship; it is copied first, so the golden outputs and the hashes
   *     describe the same bytes even if the file changes meanwhile
   * @param release name, version, counter, targets, lifetime, minimum runtime and chunk size; its
   *     kind must be {@link Manifest.Kind#MODEL}
   * @param golden how many golden inputs, the tolerance and the latency budget ({@link
   *     GoldenOutputs.Settings#DEFAULTS} are {@code bundle golden}'s)
   * @param signer the signing key
   * @param keys the keys.json envelope, signed by the root, that lists {@code signer}; the bundle
   *     carries it
   * @param out where the {@code .bpb} goes
   * @return what was written
   * @throws FileAlreadyExistsException when {@code out} exists (it is left as it is)
   * @throws IllegalArgumentException for a release that is not a model's, a keys envelope that is
   *     not keys metadata, a signing key the keys do not list or do not allow to sign models, or a
   *     missing model file
   * @throws IOException when the model cannot be read or the bundle cannot be written
   */
  public static Written write(
      Path model,
      Bundles.Release release,
      GoldenOutputs.Settings golden,
      Ed25519.SigningKey signer,
      Envelope keys,
      Path out)
      throws IOException {
    refuseExisting(out);
    if (release.kind() != Manifest.Kind.MODEL) {
      throw new IllegalArgumentException(
          release.name() + ": a model bundle's kind is model, got " + release.kind().id());
    }
    if (!KeysMetadata.TYPE.equals(keys.type())) {
      throw new IllegalArgumentException(
          "keys: expected an envelope of type " + KeysMetadata.TYPE + ", got " + keys.type());
    }
    KeysMetadata list = Bundles.requireListed(keys, "keys.json", signer, "the signing key");
    // bundle sign stops at the listing; a device also checks the kinds (BundleVerifier), and a
    // one-step path should not hand a program a bundle that every device refuses.
    if (!list.signer(signer.keyId()).kinds().contains(Manifest.Kind.MODEL)) {
      throw new IllegalArgumentException(
          "keys.json lists key "
              + signer.keyId()
              + " for "
              + list.signer(signer.keyId()).kinds().stream()
                  .map(Manifest.Kind::id)
                  .sorted()
                  .toList()
              + " bundles, not model; devices would refuse the bundle");
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("model file " + model + " does not exist");
    }
    Path folder = out.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path staging = Files.createTempDirectory(folder, "." + out.getFileName() + ".");
    try {
      Path modelCopy = staging.resolve(MODEL_ENTRY);
      Files.copy(model, modelCopy, StandardCopyOption.COPY_ATTRIBUTES);
      Path goldenFile = staging.resolve(HealthCheck.FILE);
      Files.write(
          goldenFile,
          HealthCheck.toJson(
              GoldenOutputs.compute(ModelFile.read(modelCopy), MODEL_ENTRY, golden)));
      Map<String, Path> payload = Map.of(MODEL_ENTRY, modelCopy, HealthCheck.FILE, goldenFile);
      Manifest manifest = Bundles.manifest(release, payload);
      Envelope signed = Bundles.signManifest(manifest, signer);
      Path staged = staging.resolve("bundle.bpb");
      BundleArchive.write(staged, new BundleArchive.Metadata(List.of(), keys, signed), payload);
      try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      publish(staged, out);
      return new Written(out, manifest, Files.size(out));
    } finally {
      AtomicFiles.deleteTree(staging);
    }
  }

  private static void refuseExisting(Path out) throws FileAlreadyExistsException {
    // NOFOLLOW_LINKS: a dangling symbolic link is something there too, not a free name.
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw alreadyExists(out);
    }
  }

  private static FileAlreadyExistsException alreadyExists(Path out) {
    return new FileAlreadyExistsException(
        out.toString(), null, "exists; refusing to replace a file this did not write");
  }

  /**
   * Gives the complete bundle its name without ever replacing a file: a hard link fails if {@code
   * out} appeared meanwhile, where a rename would silently replace it.
   */
  private static void publish(Path staged, Path out) throws IOException {
    try {
      Files.createLink(out, staged);
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(out);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // A file system without hard links (FAT, some network shares): check, then rename.
      refuseExisting(out);
      AtomicFiles.move(staged, out);
      return;
    }
    AtomicFiles.syncFolder(out.toAbsolutePath().getParent());
  }
}
