package dev.blueprint.edge.agent;

import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.TimeSpan;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How a device agent runs: who it is, where the broker is, where its state lives, what root it
 * trusts, and the transfer's window and timeouts.
 *
 * @param hardwareId the hardware profile id bundles target (the {@code probe} profile's id)
 * @param window chunks asked for at a time
 * @param stallTimeout a window that brings nothing within this is asked for again
 * @param deadline a transfer without progress for this long is abandoned (and resumed later)
 * @param diskReserveBytes space left free beyond the bundle when checking that it fits
 * @param inferPort local inference endpoint on 127.0.0.1 (0: none)
 * @param caFile PEM CA certificates trusted for an {@code ssl://} broker (null: the JVM's)
 * @param hardwareProfile the profile {@code probe} wrote, sent with the registration (null: none)
 * @param training whether and on what the device trains in federated rounds
 * @param labels the owner's labels for this device, sent with the registration (a federated task
 *     may select its population by them)
 */
public record AgentConfig(
    String deviceId,
    String broker,
    String username,
    String password,
    Path state,
    Path root,
    String hardwareId,
    String hardwareKind,
    int window,
    Duration stallTimeout,
    Duration deadline,
    Duration telemetryInterval,
    long diskReserveBytes,
    int inferPort,
    Path caFile,
    Path hardwareProfile,
    Optional<Training> training,
    List<String> labels) {
  /**
   * Whether and on what the device trains in federated rounds (docs/federated.md, "Devices").
   *
   * @param data the local data folder ({@code LocalDataFolder}'s layouts); it never leaves the
   *     device
   * @param conditions when the device may train (both these and a task's must hold)
   * @param unmeteredNetwork whether this device's network is unmetered (the agent cannot tell by
   *     itself; the owner states it)
   */
  public record Training(Path data, TrainingConditions conditions, boolean unmeteredNetwork) {
    public Training {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(conditions, "conditions");
    }
  }

  public AgentConfig {
    Objects.requireNonNull(training, "training");
    labels = List.copyOf(labels);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "label '" + label + "' must be 1-64 of a-z 0-9 . - _ (a task selects devices by it)");
      }
    }
    Topics.checkDeviceId(deviceId);
    if (window < 1 || window > 256) {
      throw new IllegalArgumentException("transfer window must be 1 to 256 chunks, got " + window);
    }
  }

  /** Defaults for everything but identity, broker, state and root. */
  public static AgentConfig of(
      String deviceId,
      String broker,
      Path state,
      Path root,
      String hardwareId,
      String hardwareKind) {
    return new AgentConfig(
        deviceId,
        broker,
        null,
        null,
        state,
        root,
        hardwareId,
        hardwareKind,
        8,
        Duration.ofSeconds(2),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        1 << 20,
        0,
        null,
        null,
        Optional.empty(),
        List.of());
  }

  /** A copy to change: what each {@code with...} method starts from. */
  private static final class Copy {
    private String deviceId;
    private String broker;
    private String username;
    private String password;
    private Path state;
    private Path root;
    private String hardwareId;
    private String hardwareKind;
    private int window;
    private Duration stallTimeout;
    private Duration deadline;
    private Duration telemetryInterval;
    private long diskReserveBytes;
    private int inferPort;
    private Path caFile;
    private Path hardwareProfile;
    private Optional<Training> training;
    private List<String> labels;

    Copy(AgentConfig c) {
      deviceId = c.deviceId;
      broker = c.broker;
      username = c.username;
      password = c.password;
      state = c.state;
      root = c.root;
      hardwareId = c.hardwareId;
      hardwareKind = c.hardwareKind;
      window = c.window;
      stallTimeout = c.stallTimeout;
      deadline = c.deadline;
      telemetryInterval = c.telemetryInterval;
      diskReserveBytes = c.diskReserveBytes;
      inferPort = c.inferPort;
      caFile = c.caFile;
      hardwareProfile = c.hardwareProfile;
      training = c.training;
      labels = c.labels;
    }

    AgentConfig build() {
      return new AgentConfig(
          deviceId,
          broker,
          username,
          password,
          state,
          root,
          hardwareId,
          hardwareKind,
          window,
          stallTimeout,
          deadline,
          telemetryInterval,
          diskReserveBytes,
          inferPort,
          caFile,
          hardwareProfile,
          training,
          labels);
    }
  }

  private AgentConfig with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  public AgentConfig withTransfer(int window, Duration stall, Duration deadline) {
    return with(
        c -> {
          c.window = window;
          c.stallTimeout = stall;
          c.deadline = deadline;
        });
  }

  public AgentConfig withCredentials(String user, String pass) {
    return with(
        c -> {
          c.username = user;
          c.password = pass;
        });
  }

  public AgentConfig withBroker(String url) {
    return with(c -> c.broker = url);
  }

  public AgentConfig withInferPort(int port) {
    return with(c -> c.inferPort = port);
  }

  public AgentConfig withCa(Path ca) {
    return with(c -> c.caFile = ca);
  }

  public AgentConfig withDiskReserve(long bytes) {
    return with(c -> c.diskReserveBytes = bytes);
  }

  public AgentConfig withHardwareProfile(Path profile) {
    return with(c -> c.hardwareProfile = profile);
  }

  public AgentConfig withTelemetry(Duration interval) {
    return with(c -> c.telemetryInterval = interval);
  }

  /** The owner's labels, sent with the registration. */
  public AgentConfig withLabels(List<String> l) {
    return with(c -> c.labels = l);
  }

  /** Takes part in federated rounds, training on {@code t}'s data. */
  public AgentConfig withTraining(Training t) {
    return with(c -> c.training = Optional.of(t));
  }

  /**
   * Reads a YAML config; relative paths are taken from the file's folder. Errors name the file,
   * line and field, and every problem is reported at once.
   */
  /** Schemes the MQTT client speaks: plain TCP, TLS, and WebSockets without and with TLS. */
  static final List<String> BROKER_SCHEMES = List.of("tcp", "ssl", "ws", "wss");

  /**
   * What is wrong with a broker address, if anything: a device with a typo in it would otherwise
   * retry a connection that can never work.
   */
  static Optional<String> brokerProblem(String broker, boolean withCaFile) {
    URI uri;
    try {
      uri = new URI(broker);
    } catch (URISyntaxException e) {
      return Optional.of(
          "expected an address such as tcp://192.168.1.10:1883, got '" + broker + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!BROKER_SCHEMES.contains(scheme)) {
      return Optional.of(
          "scheme '" + scheme + "' of '" + broker + "' is not one of " + BROKER_SCHEMES);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of(
          "no host in '" + broker + "'; expected an address such as tcp://192.168.1.10:1883");
    }
    if (withCaFile && !(scheme.equals("ssl") || scheme.equals("wss"))) {
      return Optional.of(
          "ca_file is given but '" + broker + "' is not a TLS address (ssl:// or wss://)");
    }
    return Optional.empty();
  }

  public static AgentConfig read(Path file) throws IOException {
    String origin = file.toString();
    YamlDocument doc = YamlDocument.parse(Files.readString(file), origin);
    YamlMap m = doc.root().orElse(null);
    if (m == null) {
      doc.finish();
      throw new IllegalArgumentException(origin + ": expected a mapping");
    }
    Path base = file.toAbsolutePath().getParent();
    String device = m.requireString("device");
    String broker = m.string("broker").orElse("tcp://127.0.0.1:1883");
    String user = m.string("username").orElse(null);
    String passwordFile = m.string("password_file").orElse(null);
    String state = m.requireString("state");
    String root = m.requireString("root");
    String profile = m.string("hardware_profile").orElse(null);
    String hwId = m.string("hardware_id").orElse(null);
    String hwKind = m.string("hardware_kind").orElse(null);
    int window = m.integer("window").orElse(8);
    Duration stall =
        m.value("stall_timeout", TimeSpan::parse)
            .map(AgentConfig::duration)
            .orElse(Duration.ofSeconds(2));
    Duration deadline =
        m.value("deadline", TimeSpan::parse)
            .map(AgentConfig::duration)
            .orElse(Duration.ofMinutes(2));
    Duration telemetry =
        m.value("telemetry_interval", TimeSpan::parse)
            .map(AgentConfig::duration)
            .orElse(Duration.ofSeconds(30));
    long reserve =
        m.value("disk_reserve", DataSize::parse).map(d -> (long) d.bytes()).orElse(1L << 20);
    int port = m.integer("infer_port").orElse(0);
    String ca = m.string("ca_file").orElse(null);
    Optional<Training> training = m.map("training").map(t -> training(t, base));
    List<String> labels = m.valueList("labels", AgentConfig::label);
    if (profile == null && (hwId == null || hwKind == null)) {
      m.problem(
          "hardware_profile",
          "give hardware_profile (the file probe wrote) or both hardware_id and hardware_kind");
    }
    brokerProblem(broker, ca != null).ifPresent(why -> m.problem("broker", why));
    if (device != null && !device.matches("[a-z0-9_-]{1,64}")) {
      m.problem("device", "must be 1-64 of a-z 0-9 - _ (it is the MQTT client id and user name)");
    }
    m.finish();
    doc.finish();
    if (profile != null) {
      Path p = base.resolve(profile);
      HardwareProfile hw =
          HardwareProfileParser.parse(Files.readString(p), p.getFileName().toString());
      hwId = hw.id();
      hwKind = hw.kind().name().toLowerCase(Locale.ROOT);
    }
    String password =
        passwordFile == null ? null : Files.readString(base.resolve(passwordFile)).trim();
    return new AgentConfig(
        device,
        broker,
        user == null ? device : user,
        password,
        base.resolve(state),
        base.resolve(root),
        hwId,
        hwKind,
        window,
        stall,
        deadline,
        telemetry,
        reserve,
        port,
        ca == null ? null : base.resolve(ca),
        profile == null ? null : base.resolve(profile),
        training,
        labels);
  }

  private static final Pattern LABEL = Pattern.compile("[a-z0-9._-]{1,64}");

  private static String label(String text) {
    if (!LABEL.matcher(text).matches()) {
      throw new IllegalArgumentException("a label is 1-64 of a-z 0-9 . - _, not '" + text + "'");
    }
    return text;
  }

  /** The {@code training} section: {@code data}, {@code unmetered_network}, {@code conditions}. */
  private static Training training(YamlMap t, Path base) {
    String data = t.requireString("data");
    boolean unmetered = t.bool("unmetered_network").orElse(false);
    TrainingConditions conditions =
        t.map("conditions").map(TrainingConditions::read).orElse(TrainingConditions.DEFAULT);
    t.finish();
    return new Training(base.resolve(data == null ? "." : data), conditions, unmetered);
  }

  private static Duration duration(TimeSpan t) {
    return Duration.ofNanos((long) (t.seconds() * 1e9));
  }
}
