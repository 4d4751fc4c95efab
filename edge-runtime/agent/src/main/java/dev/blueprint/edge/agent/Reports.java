package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RuntimeVersion;
import dev.blueprint.edge.ota.SlotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the agent tells the coordinator about itself (docs/mqtt-contract.md): status events of an
 * update, its registration (hardware, profile, installed slots, disk) and its presence. Every
 * status and registration goes through the {@link Outbox}; each event is also logged, so a device's
 * log tells the same story as the coordinator's registry.
 */
final class Reports {
  private static final System.Logger LOG = System.getLogger(Reports.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bundle a status event is about, when there is one. */
  record Subject(String name, String version, long counter) {
    static Subject of(Manifest m) {
      return new Subject(m.name(), m.version(), m.counter());
    }
  }

  private final AgentConfig config;
  private final Clock clock;
  private final Outbox outbox;
  private final Supplier<Map<String, SlotStore.Active>> installed;
  private final Runnable afterStatus;
  private volatile String lastOutcome;

  /**
   * @param installed the installed slots, for the registration
   * @param afterStatus run after each status event is queued (the agent flushes the outbox)
   */
  Reports(
      AgentConfig config,
      Clock clock,
      Outbox outbox,
      Supplier<Map<String, SlotStore.Active>> installed,
      Runnable afterStatus) {
    this.config = config;
    this.clock = clock;
    this.outbox = outbox;
    this.installed = installed;
    this.afterStatus = afterStatus;
  }

  /** The last final outcome of an offer (healthy, rolled back or refused, with why), or empty. */
  Optional<String> lastOutcome() {
    return Optional.ofNullable(lastOutcome);
  }

  /**
   * Queues a status event and a fresh registration (the installed slots may have changed).
   *
   * @param subject the bundle, or null for events about no particular bundle
   * @param reason a machine-readable reason (refusals and rollbacks), or null
   * @param detail words for people, or null
   */
  void status(String event, String rollout, Subject subject, String reason, String detail) {
    status(event, rollout, subject, reason, detail, -1, -1);
  }

  /** As {@link #status}, with the transfer's progress. */
  void status(
      String event,
      String rollout,
      Subject subject,
      String reason,
      String detail,
      int chunksDone,
      int chunksTotal) {
    ObjectNode o = header().put("event", event);
    if (rollout != null && !rollout.isEmpty()) {
      o.put("rollout", rollout);
    }
    if (subject != null) {
      o.put("bundle", subject.name())
          .put("version", subject.version())
          .put("counter", subject.counter());
    }
    if (reason != null) {
      o.put("reason", reason);
    }
    if (detail != null) {
      o.put("detail", detail);
    }
    if (chunksTotal >= 0) {
      o.put("chunks_done", chunksDone).put("chunks_total", chunksTotal);
    }
    String line =
        event
            + (subject == null ? "" : " " + subject.name() + " " + subject.version())
            + (reason == null ? "" : " (" + reason + ")")
            + (detail == null ? "" : " " + detail);
    boolean outcome =
        event.equals("healthy") || event.equals("rolled-back") || event.equals("refused");
    if (outcome) {
      lastOutcome = line;
    }
    // INFO, refusals and rollbacks too: they are the device doing its job (the coordinator
    // decides what they mean for a rollout), and a drill of fifty agents must not fill stderr.
    LOG.log(Level.INFO, line);
    outbox.enqueue(Topics.status(config.deviceId()), bytes(o), true);
    queueRegistration();
    afterStatus.run();
  }

  /** Queues the registration; a registration that cannot be read now waits for the next one. */
  void queueRegistration() {
    try {
      outbox.enqueue(Topics.register(config.deviceId()), registration(), true);
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "registration not queued; it is sent again at the next connect", e);
    }
  }

  /** The retained presence message: {@code online} or {@code offline}. */
  byte[] presence(String state) {
    return JSON.createObjectNode()
        .put("contract", Topics.CONTRACT)
        .put("state", state)
        .put("at", clock.instant().toString())
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] registration() throws IOException {
    ObjectNode o =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("device", config.deviceId())
            .put("hardware", config.hardwareId())
            .put("kind", config.hardwareKind())
            .put("runtime", RuntimeVersion.CURRENT)
            .put("disk_free", Files.getFileStore(config.state()).getUsableSpace());
    if (config.hardwareProfile() != null && Files.isRegularFile(config.hardwareProfile())) {
      // The measured profile, so the coordinator (and the workbench) can simulate the device.
      o.put("hardware_profile", Files.readString(config.hardwareProfile()));
    }
    config.labels().forEach(o.putArray("labels")::add);
    ObjectNode slots = o.putObject("installed");
    for (Map.Entry<String, SlotStore.Active> e : installed.get().entrySet()) {
      slots
          .putObject(e.getKey())
          .put("version", e.getValue().version())
          .put("counter", e.getValue().counter())
          .put("state", e.getValue().state().name().toLowerCase(Locale.ROOT));
    }
    return bytes(o);
  }

  /** The fields every message of the device starts with. */
  ObjectNode header() {
    return JSON.createObjectNode()
        .put("contract", Topics.CONTRACT)
        .put("device", config.deviceId())
        .put("at", clock.instant().toString());
  }

  static byte[] bytes(ObjectNode o) {
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
