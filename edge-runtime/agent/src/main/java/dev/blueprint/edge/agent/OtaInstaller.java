package dev.blueprint.edge.agent;

import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.BundleVerifier;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.PayloadWriter;
import dev.blueprint.edge.ota.Rejection;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.SlotStore;
import dev.blueprint.edge.ota.TrustState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The update flow of docs/ota.md, one offer at a time: verify the offer against what the device
 * trusts (TUF order), fetch the chunks, move the checked files into the staging slot, switch to it
 * on trial, run the bundle's health check, then commit or roll back; and on start, finish or roll
 * back a trial that a crash interrupted. Every step is reported.
 */
final class OtaInstaller {
  private static final System.Logger LOG = System.getLogger(OtaInstaller.class.getName());

  private final AgentConfig config;
  private final DeviceStore store;
  private final Envelope provisionedRoot;
  private final ChunkFetcher fetcher;
  private final Reports reports;
  private final Faults faults;
  private final Clock clock;
  private final Consumer<String> nowServing;

  /**
   * @param nowServing told the bundle name after a commit or a rollback, so inference reloads
   */
  OtaInstaller(
      AgentConfig config,
      DeviceStore store,
      Envelope provisionedRoot,
      ChunkFetcher fetcher,
      Reports reports,
      Faults faults,
      Clock clock,
      Consumer<String> nowServing) {
    this.config = config;
    this.store = store;
    this.provisionedRoot = provisionedRoot;
    this.fetcher = fetcher;
    this.reports = reports;
    this.faults = faults;
    this.clock = clock;
    this.nowServing = nowServing;
  }

  /** What became of an offer. */
  enum Outcome {
    /** Installed and healthy, already installed, or rolled back: nothing to retry. */
    DONE,
    /** The transfer stalled; the chunks are kept and the same offer should be tried later. */
    RETRY_LATER,
    /** The agent died on the way (a drill's kill). */
    KILLED
  }

  /** Handles one offer from start to outcome; every refusal is reported, never thrown. */
  Outcome handle(byte[] payload) {
    OtaOffer offer;
    try {
      offer = OtaOffer.parse(payload);
    } catch (IOException | IllegalArgumentException e) {
      reports.status("refused", null, null, "malformed", "offer is not valid: " + e.getMessage());
      return Outcome.DONE;
    } catch (Rejection r) {
      reports.status("refused", null, null, reasonOf(r), r.getMessage());
      return Outcome.DONE;
    }
    try {
      install(offer);
      return Outcome.DONE;
    } catch (Killed k) {
      return Outcome.KILLED;
    } catch (Rejection r) {
      reports.status("refused", offer.rollout(), null, reasonOf(r), r.getMessage());
      return r.reason() == Rejection.Reason.STALLED ? Outcome.RETRY_LATER : Outcome.DONE;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "offer of rollout '" + offer.rollout() + "' failed", e);
      reports.status("refused", offer.rollout(), null, "error", String.valueOf(e.getMessage()));
      return Outcome.DONE;
    }
  }

  private static String reasonOf(Rejection r) {
    return r.reason().name().toLowerCase(Locale.ROOT);
  }

  private BundleVerifier.Device device() {
    return new BundleVerifier.Device(
        config.hardwareId(), config.hardwareKind(), RuntimeVersion.CURRENT);
  }

  private void install(OtaOffer offer) throws IOException {
    TrustState trust = store.trust(provisionedRoot);
    BundleVerifier.Accepted ok;
    try {
      ok =
          BundleVerifier.verify(
              trust, offer.roots(), offer.keys(), offer.manifest(), device(), clock.instant());
    } catch (Rejection r) {
      if (r.reason() == Rejection.Reason.ROLLBACK && alreadyInstalled(offer)) {
        return;
      }
      throw r;
    }
    Manifest m = ok.manifest();
    var subject = Reports.Subject.of(m);
    String failedBefore = store.fact("failed:" + m.name() + ":" + m.counter());
    if (failedBefore != null) {
      // This release already failed its health check here: do not install it again.
      reports.status("rolled-back", offer.rollout(), subject, "health", failedBefore);
      return;
    }
    // New roots and keys are trusted from here on, whatever becomes of this bundle.
    store.saveTrust(ok.state().installed(m.name(), trust.counter(m.name())));
    SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(m.name()));
    long usable = Files.getFileStore(config.state()).getUsableSpace();
    long needed = m.totalBytes() + config.diskReserveBytes();
    if (usable < needed) {
      throw new Rejection(
          Rejection.Reason.NO_SPACE,
          m.name()
              + " "
              + m.version()
              + " needs "
              + needed
              + " bytes with the reserve, "
              + usable
              + " are free");
    }
    Path transfer = config.state().resolve("transfer").resolve(m.name() + "-" + m.counter());
    store.forgetTransfers(m.name(), m.counter());
    fetcher.fetchAll(offer.rollout(), m, transfer);
    faults.beforeSwitch(m.name());
    Path staging = slots.staging();
    Files.createDirectories(staging);
    for (int i = 0; i < m.files().size(); i++) {
      Manifest.FileEntry f = m.files().get(i);
      Path part = transfer.resolve(i + ".part");
      try {
        PayloadWriter.verify(m, f, part);
      } catch (Rejection r) {
        // The disk lost or changed what was checked on arrival: fetch this file again next time.
        Files.deleteIfExists(part);
        throw r;
      }
      // Moved, not copied: the bundle is on disk once, and the slot switch syncs it.
      Path target = staging.resolve(f.path());
      Files.createDirectories(target.getParent());
      Files.move(part, target);
    }
    SlotStore.Active trial = slots.switchTo(m.version(), m.counter());
    reports.status(
        "installed", offer.rollout(), subject, null, "slot " + trial.slot() + " on trial");
    faults.afterSwitch(m.name());
    finishTrial(offer.rollout(), m.name(), slots);
    AtomicFiles.deleteTree(transfer);
    store.forgetTransfers(null, 0);
  }

  /**
   * An offer repeated after the release was installed (a retained offer seen again on reconnect) is
   * answered with the installed state rather than refused as a rollback. The manifest is read here
   * only to compare it with what is installed; the answer is a report, never an install.
   */
  private boolean alreadyInstalled(OtaOffer offer) throws IOException {
    Manifest m = Manifest.parse(offer.manifest().payload(), "offer: manifest");
    SlotStore slots = new SlotStore(config.state().resolve("slots").resolve(m.name()), false);
    Optional<SlotStore.Active> a = slots.active();
    if (a.isEmpty()
        || a.get().counter() != m.counter()
        || a.get().state() != SlotStore.State.COMMITTED) {
      return false;
    }
    reports.status(
        "healthy",
        offer.rollout(),
        new Reports.Subject(m.name(), a.get().version(), a.get().counter()),
        null,
        "already installed");
    return true;
  }

  /** Health check of a trial slot, then commit (and record the counter) or roll back. */
  private void finishTrial(String rollout, String name, SlotStore slots) throws IOException {
    SlotStore.Active a = slots.active().orElseThrow();
    if (a.state() != SlotStore.State.TRIAL) {
      return;
    }
    var subject = new Reports.Subject(name, a.version(), a.counter());
    HealthCheck.Result health = HealthCheck.run(slots.activeFolder().orElseThrow());
    if (health.passed()) {
      slots.commit();
      store.saveTrust(store.trust(provisionedRoot).installed(name, a.counter()));
      store.fact("serving", name);
      nowServing.accept(name);
      reports.status(
          "healthy",
          rollout,
          subject,
          null,
          String.format(Locale.ROOT, "%d golden runs, p99 %.3f ms", health.runs(), health.p99Ms()));
    } else {
      SlotStore.Active back = slots.rollback();
      store.fact("failed:" + name + ":" + a.counter(), health.reason());
      nowServing.accept(name);
      reports.status(
          "rolled-back",
          rollout,
          subject,
          "health",
          health.reason()
              + (back == null ? "; no previous version" : "; back on " + back.version()));
    }
  }

  /**
   * On start: a trial slot counts one more start (so a crash loop rolls back), then is checked
   * again.
   *
   * @return false when a drill's kill stopped it
   */
  boolean recoverSlots() {
    try {
      Path root = config.state().resolve("slots");
      if (!Files.isDirectory(root)) {
        return true;
      }
      try (var names = Files.list(root)) {
        for (Path p : names.toList()) {
          recover(p);
        }
      }
      return true;
    } catch (Killed k) {
      return false;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "recovering the slots failed", e);
      reports.status("refused", null, null, "error", "recovering slots: " + e.getMessage());
      return true;
    }
  }

  private void recover(Path folder) throws IOException {
    SlotStore slots = new SlotStore(folder);
    Optional<SlotStore.Active> before = slots.active();
    if (before.isEmpty() || before.get().state() != SlotStore.State.TRIAL) {
      return;
    }
    SlotStore.Active after = slots.started();
    String name = folder.getFileName().toString();
    if (after == null || after.state() == SlotStore.State.COMMITTED) {
      store.fact(
          "failed:" + name + ":" + before.get().counter(), "crashed repeatedly after the switch");
      reports.status(
          "rolled-back",
          store.fact("rollout"),
          new Reports.Subject(name, before.get().version(), before.get().counter()),
          "crash-loop",
          "the agent started "
              + SlotStore.MAX_TRIAL_STARTS
              + " times without committing"
              + (after == null ? "" : "; back on " + after.version()));
    } else {
      finishTrial(store.fact("rollout"), name, slots);
    }
  }
}
