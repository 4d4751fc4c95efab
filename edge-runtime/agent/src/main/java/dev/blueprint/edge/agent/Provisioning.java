package dev.blueprint.edge.agent;

import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.SlotStore;
import dev.blueprint.edge.ota.TrustState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Factory provisioning: the first bundle goes in from a file, before the agent ever runs. */
final class Provisioning {
  private Provisioning() {}

  /**
   * Factory provisioning: installs a bundle file straight into its slots, with the same checks as
   * an update (signatures, versions, target, hashes, health check), before the agent first runs.
   *
   * @return the committed slot
   */
  static SlotStore.Active install(AgentConfig config, Path bpb, Clock clock) throws IOException {
    try (DeviceStore store = new DeviceStore(config.state().resolve("device.db"))) {
      Envelope root =
          Envelope.parse(
              Files.readAllBytes(config.root()), config.root().toString(), RootMetadata.TYPE);
      TrustState trust = store.trust(root);
      BundleVerifier.Accepted[] accepted = {null};
      BundleArchive.Metadata md = BundleArchive.readMetadata(bpb);
      Manifest peek = Manifest.parse(md.manifest().payload(), bpb + ": manifest");
      SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(peek.name()));
      var device =
          new BundleVerifier.Device(
              config.hardwareId(), config.hardwareKind(), RuntimeVersion.CURRENT);
      BundleArchive.extract(
          bpb,
          meta -> {
            accepted[0] =
                BundleVerifier.verify(
                    trust, meta.roots(), meta.keys(), meta.manifest(), device, clock.instant());
            return accepted[0].manifest();
          },
          slots.staging());
      Manifest m = accepted[0].manifest();
      slots.switchTo(m.version(), m.counter());
      HealthCheck.Result health = HealthCheck.run(slots.activeFolder().orElseThrow());
      if (!health.passed()) {
        slots.rollback();
        throw new IllegalStateException(bpb + " fails its health check: " + health.reason());
      }
      SlotStore.Active done = slots.commit();
      store.saveTrust(accepted[0].state().installed(m.name(), m.counter()));
      store.fact("serving", m.name());
      return done;
    }
  }
}
