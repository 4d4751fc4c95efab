package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.publisher.Bundles;
import dev.blueprint.edge.publisher.GoldenOutputs;
import dev.blueprint.edge.publisher.ModelBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A federated task's exported model as a signed OTA model bundle, so what the fleet learned goes
 * out through the rollout like any other release: the int8 model when the export has one (what the
 * devices run), otherwise the float one, with its golden check, signed by a model key.
 */
public final class FederatedRelease {
  private FederatedRelease() {}

  /** How long the bundle's manifest is valid: {@code bundle create}'s default. */
  public static final Duration LIFETIME = Duration.ofDays(30);

  /**
   * Writes {@code MODEL.bpb} beside the exported model it packages ({@code TASK-ID-int8.bpb} or
   * {@code TASK-ID.bpb}); an existing file there is refused, never replaced.
   *
   * @param taskId the bundle's name
   * @param version the release's human version, e.g. 1.1.0
   * @param counter the anti-rollback counter: above every release the devices have installed
   * @param targets hardware profile ids or kinds it runs on
   * @param signer a key the keys file lists for model bundles
   * @param keysFile keys.json, signed by the root, that the bundle carries
   */
  public static ModelBundles.Written write(
      String taskId,
      FederatedTaskRun.Export export,
      String version,
      long counter,
      List<String> targets,
      Ed25519.SigningKey signer,
      Path keysFile)
      throws IOException {
    Path model = export.int8Model().orElse(export.floatModel());
    String file = model.getFileName().toString();
    Path out = model.resolveSibling(file.substring(0, file.length() - ".bpm".length()) + ".bpb");
    Envelope keys =
        Envelope.parse(Files.readAllBytes(keysFile), keysFile.toString(), KeysMetadata.TYPE);
    Instant now = Instant.now();
    Bundles.Release release =
        new Bundles.Release(
            taskId,
            Manifest.Kind.MODEL,
            version,
            counter,
            targets,
            RuntimeVersion.CURRENT,
            now,
            now.plus(LIFETIME),
            Bundles.DEFAULT_CHUNK_SIZE);
    return ModelBundles.write(model, release, GoldenOutputs.Settings.DEFAULTS, signer, keys, out);
  }
}
