package dev.blueprint.app.workbench;

import dev.blueprint.edge.coordinator.Coordinator;
import dev.blueprint.edge.coordinator.EmbeddedBroker;
import dev.blueprint.edge.coordinator.OtaDrill;
import dev.blueprint.edge.coordinator.PublishedBundle;
import dev.blueprint.edge.coordinator.Registry;
import dev.blueprint.edge.coordinator.Rollout;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Fleet tab's state and actions: start a coordinator (embedded broker or a URL), the devices
 * that registered, a rollout's progress, and the OTA drill with its log and result. Slow work goes
 * through a {@link TaskRunner}; touches no control: {@link FleetPane} binds.
 */
final class FleetViewModel {
  private final TaskRunner tasks;
  private final StringProperty broker = new SimpleStringProperty("embedded");
  private final ReadOnlyStringWrapper connection =
      new ReadOnlyStringWrapper("No coordinator running.");
  private final ReadOnlyBooleanWrapper connecting = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(false);
  private final ObservableList<Registry.Device> devices = FXCollections.observableArrayList();
  private final StringProperty bundle = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper rollout = new ReadOnlyStringWrapper("");
  private final ObjectProperty<Integer> drillDevices = new SimpleObjectProperty<>(10);
  private final StringProperty faultRate = new SimpleStringProperty("0.3");
  private final ReadOnlyStringWrapper faultRateProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper drilling = new ReadOnlyBooleanWrapper(false);
  private final BooleanBinding canDrill;
  private final ReadOnlyStringWrapper drillOutcome = new ReadOnlyStringWrapper("");
  private final StringBinding drillResult;
  private final ReadOnlyStringWrapper log = new ReadOnlyStringWrapper("");
  private final FederatedTaskViewModel federated;
  private EmbeddedBroker embedded;
  private Registry registry;
  private Coordinator coordinator;
  private Rollout current;

  FleetViewModel(TaskRunner tasks) {
    this.tasks = tasks;
    this.federated =
        new FederatedTaskViewModel(
            tasks,
            connected.getReadOnlyProperty(),
            () -> Optional.ofNullable(coordinator),
            bundle::set);
    faultRateProblem.bind(
        Bindings.createStringBinding(
            () ->
                rate().isPresent()
                    ? ""
                    : "The fault rate must be a number from 0 to 1, got '" + faultRate.get() + "'",
            faultRate));
    canDrill = drilling.not().and(faultRateProblem.isEmpty());
    drillResult =
        Bindings.createStringBinding(
            () -> faultRateProblem.get().isEmpty() ? drillOutcome.get() : faultRateProblem.get(),
            faultRateProblem,
            drillOutcome);
  }

  /** The federated task run on this tab's coordinator. */
  FederatedTaskViewModel federated() {
    return federated;
  }

  /** {@code embedded}, or a broker's URL. */
  StringProperty brokerProperty() {
    return broker;
  }

  ReadOnlyStringProperty connectionProperty() {
    return connection.getReadOnlyProperty();
  }

  /** Whether Start coordinator can be pressed: none runs or is starting. */
  BooleanBinding canConnectProperty() {
    return connecting.not().and(connected.not());
  }

  ReadOnlyBooleanProperty connectedProperty() {
    return connected.getReadOnlyProperty();
  }

  ObservableList<Registry.Device> devices() {
    return devices;
  }

  /** The signed bundle to roll out. */
  StringProperty bundleProperty() {
    return bundle;
  }

  ReadOnlyStringProperty rolloutProperty() {
    return rollout.getReadOnlyProperty();
  }

  ObjectProperty<Integer> drillDevicesProperty() {
    return drillDevices;
  }

  StringProperty faultRateProperty() {
    return faultRate;
  }

  /** Why the fault rate cannot be used; empty when it can. */
  ReadOnlyStringProperty faultRateProblemProperty() {
    return faultRateProblem.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty drillingProperty() {
    return drilling.getReadOnlyProperty();
  }

  /** Whether Run OTA drill can be pressed: no drill runs and the fault rate is fine. */
  BooleanBinding canDrillProperty() {
    return canDrill;
  }

  /** The last drill's outcome, or why the fault rate cannot be used. */
  StringBinding drillResultProperty() {
    return drillResult;
  }

  /** What the drill printed so far. */
  ReadOnlyStringProperty logProperty() {
    return log.getReadOnlyProperty();
  }

  /** The embedded broker's URL while one runs, else the broker field. */
  String brokerUrl() {
    return embedded != null ? embedded.url() : broker.get().trim();
  }

  private OptionalDouble rate() {
    try {
      double rate = Double.parseDouble(faultRate.get().trim());
      return rate >= 0 && rate <= 1 ? OptionalDouble.of(rate) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** Starts a coordinator, with the embedded broker when the broker is {@code embedded}. */
  void connect() {
    if (connecting.get() || connected.get()) {
      return;
    }
    String target = broker.get().trim();
    connecting.set(true);
    tasks.start(
        BackgroundJob.of(
                "fleet-connect",
                context -> {
                  Path state = Files.createTempDirectory("blueprint-fleet");
                  EmbeddedBroker b =
                      target.equals("embedded")
                          ? EmbeddedBroker.start(0, state.resolve("broker"))
                          : null;
                  String url = b != null ? b.url() : target;
                  Registry r = new Registry(state.resolve("registry.db"));
                  return new Started(b, r, new Coordinator(url, r, null, null), url);
                })
            .onSucceeded(
                started -> {
                  embedded = started.broker();
                  registry = started.registry();
                  coordinator = started.coordinator();
                  connection.set(
                      "Coordinator on "
                          + started.url()
                          + (started.broker() != null ? " (embedded broker)" : ""));
                  connecting.set(false);
                  connected.set(true);
                })
            .onFailed(
                ex -> {
                  connection.set("Could not start: " + ex.getMessage());
                  connecting.set(false);
                }));
  }

  /** A coordinator started, with its registry and the embedded broker (null for a URL). */
  private record Started(
      EmbeddedBroker broker, Registry registry, Coordinator coordinator, String url) {}

  /** Offers the bundle to every registered device, wave by wave. */
  void rollOut() {
    if (coordinator == null) {
      rollout.set("Start a coordinator first.");
      return;
    }
    Path file = Path.of(bundle.get().trim());
    if (!Files.isRegularFile(file)) {
      rollout.set("No bundle file at " + file);
      return;
    }
    List<String> ids = registry.devices().stream().map(Registry.Device::id).toList();
    if (ids.isEmpty()) {
      rollout.set("No device has registered yet.");
      return;
    }
    try {
      PublishedBundle b = PublishedBundle.open(file, Files.createTempDirectory("blueprint-served"));
      current =
          coordinator.startRollout(
              "workbench-" + b.name() + "-" + b.counter(), b, ids, Rollout.Plan.standard());
      rollout.set(
          "Rolling out "
              + b.name()
              + " "
              + b.manifest().version()
              + " to "
              + ids.size()
              + " devices");
    } catch (Exception ex) {
      rollout.set("Refused: " + ex.getMessage());
    }
  }

  /** Reads the registry and the rollout again (the view calls it every second). */
  void refresh() {
    if (registry != null) {
      devices.setAll(registry.devices());
    }
    Rollout r = current;
    if (r != null) {
      StringBuilder s =
          new StringBuilder(
              "Rollout "
                  + r.id()
                  + ": "
                  + r.state().name().toLowerCase(Locale.ROOT)
                  + ", wave "
                  + (r.wave() + 1)
                  + " — ");
      Map<Rollout.DeviceState, Long> by = new EnumMap<>(Rollout.DeviceState.class);
      r.devices().values().forEach(v -> by.merge(v, 1L, Long::sum));
      by.forEach(
          (k, v) -> s.append(v).append(' ').append(k.name().toLowerCase(Locale.ROOT)).append("  "));
      if (r.haltReason() != null) {
        s.append("— halted: ").append(r.haltReason());
      }
      rollout.set(s.toString());
    }
  }

  /** Runs the OTA fault drill on simulated devices with the embedded broker. */
  void runDrill() {
    OptionalDouble parsed = rate();
    if (drilling.get()) {
      return;
    }
    if (parsed.isEmpty()) {
      return; // the result line says why
    }
    double rate = parsed.getAsDouble();
    int n = drillDevices.get();
    drilling.set(true);
    drillOutcome.set("Drilling " + n + " devices at fault rate " + rate + "...");
    log.set("");
    tasks.start(
        BackgroundJob.of(
                "fleet-drill",
                context -> {
                  Writer toLog =
                      new Writer() {
                        @Override
                        public void write(char[] buf, int off, int len) {
                          String text = new String(buf, off, len);
                          context.publish(() -> log.set(log.get() + text));
                        }

                        @Override
                        public void flush() {}

                        @Override
                        public void close() {}
                      };
                  OtaDrill.Result r =
                      OtaDrill.run(
                          new OtaDrill.Options(
                              n,
                              "embedded",
                              null,
                              null,
                              rate,
                              1,
                              64 * 1024,
                              16 * 1024,
                              Files.createTempDirectory("blueprint-drill"),
                              Duration.ofMinutes(10)),
                          new PrintWriter(toLog, true));
                  return String.format(
                      Locale.ROOT,
                      "%d devices: %d updated, %d rolled back (failing release %s), "
                          + "%d on the old version, %d bricked; %d kills, %d connections cut, %d broker restarts; %,d bytes "
                          + "for %,d of payload; %.1f s",
                      r.devices(),
                      r.updated(),
                      r.rolledBack(),
                      r.badRollout(),
                      r.oldVersion(),
                      r.bricked(),
                      r.kills(),
                      r.disconnects(),
                      r.brokerRestarts(),
                      r.bytes(),
                      r.payloadBytes(),
                      r.seconds());
                })
            .onSucceeded(
                text -> {
                  drillOutcome.set(text);
                  drilling.set(false);
                })
            .onFailed(
                ex -> {
                  drillOutcome.set("The drill failed: " + ex.getMessage());
                  drilling.set(false);
                }));
  }

  boolean isConnected() {
    return connected.get();
  }

  boolean isDrilling() {
    return drilling.get();
  }

  /** Stops the coordinator and the embedded broker (the window is closing). */
  void shutdown() {
    if (coordinator != null) {
      coordinator.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
