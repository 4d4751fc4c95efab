package dev.blueprint.app.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.coordinator.Coordinator;
import dev.blueprint.edge.coordinator.EmbeddedBroker;
import dev.blueprint.edge.coordinator.OtaDrill;
import dev.blueprint.edge.coordinator.PublishedBundle;
import dev.blueprint.edge.coordinator.Registry;
import dev.blueprint.edge.coordinator.Rollout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The fleet, through the same coordinator the command line runs: start a coordinator (with the
 * embedded broker or on a broker URL), watch the devices that register, roll a signed bundle out to
 * them in waves, and run the OTA fault drill. Everything slow runs off the FX thread.
 */
final class FleetPane extends VBox {
  private final TextField broker = new TextField("embedded");
  private final Button connect = new Button("Start coordinator");
  private final Label connection = new Label("No coordinator running.");
  private final TableView<Registry.Device> devices = new TableView<>();
  private final TextField bundle = new TextField();
  private final Button rollOut = new Button("Roll out to every device");
  private final Label rollout = new Label();
  private final Spinner<Integer> drillDevices = new Spinner<>(1, 200, 10);
  private final TextField faultRate = new TextField("0.3");
  private final Button drill = new Button("Run OTA drill");
  private final Label drillResult = new Label();
  private final TextArea log = new TextArea();
  private final Timeline refresh;
  private final TaskRunner tasks;
  private EmbeddedBroker embedded;
  private Registry registry;
  private Coordinator coordinator;
  private Rollout current;

  FleetPane(TaskRunner tasks) {
    this.tasks = tasks;
    setId("fleet");
    setSpacing(8);
    setPadding(new Insets(10));
    broker.setId("fleet-broker");
    broker.setPrefColumnCount(16);
    connect.setMinWidth(Region.USE_PREF_SIZE);
    connect.setId("fleet-connect");
    connection.setId("fleet-connection");
    connect.setOnAction(e -> connect());
    devices.setId("fleet-devices");
    devices.setPlaceholder(
        new Label("Devices appear here when their agents connect (blueprint-edge agent)."));
    devices
        .getColumns()
        .setAll(
            List.of(
                column("device", Registry.Device::id),
                column("presence", Registry.Device::presence),
                column(
                    "hardware",
                    d -> d.hardware() == null ? "" : d.hardware() + " (" + d.kind() + ")"),
                column("runtime", Registry.Device::runtime),
                column("installed", d -> installed(d.installed()))));
    bundle.setId("fleet-bundle");
    bundle.setPromptText("a signed .bpb (blueprint-edge bundle create / sign)");
    HBox.setHgrow(bundle, Priority.ALWAYS);
    rollOut.setId("fleet-rollout");
    rollOut.setDisable(true);
    rollOut.setOnAction(e -> rollOut());
    rollout.setId("fleet-rollout-state");
    drillDevices.setId("fleet-drill-devices");
    drillDevices.setEditable(true);
    faultRate.setId("fleet-drill-faults");
    faultRate.setPrefColumnCount(4);
    drill.setId("fleet-drill");
    drill.setOnAction(e -> runDrill());
    drillResult.setId("fleet-drill-result");
    drillResult.setWrapText(true);
    drillResult.setMinHeight(Region.USE_PREF_SIZE);
    rollout.setWrapText(true);
    rollout.setMinHeight(Region.USE_PREF_SIZE);
    drill.setMinWidth(Region.USE_PREF_SIZE);
    rollOut.setMinWidth(Region.USE_PREF_SIZE);
    log.setId("fleet-log");
    log.setEditable(false);
    log.setPrefRowCount(8);
    Label help =
        new Label(
            "Devices run `blueprint-edge agent --config agent.yaml`; the coordinator offers bundles "
                + "wave by wave (10 %, 50 %, everyone) and halts above 20 % failures. docs/ota.md has the details.");
    help.setWrapText(true);
    help.setMinHeight(Region.USE_PREF_SIZE);
    Label brokerLabel = new Label("Broker");
    brokerLabel.setMinWidth(Region.USE_PREF_SIZE);
    Label bundleLabel = new Label("Bundle");
    bundleLabel.setMinWidth(Region.USE_PREF_SIZE);
    getChildren()
        .addAll(
            help,
            new HBox(8, brokerLabel, broker, connect, connection),
            devices,
            new HBox(8, bundleLabel, bundle, rollOut),
            rollout,
            new HBox(
                8,
                new Label("Drill: devices"),
                drillDevices,
                new Label("fault rate"),
                faultRate,
                drill),
            drillResult,
            log);
    VBox.setVgrow(devices, Priority.ALWAYS);
    refresh = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> refresh()));
    refresh.setCycleCount(Timeline.INDEFINITE);
    refresh.play();
  }

  private static TableColumn<Registry.Device, String> column(
      String title, Function<Registry.Device, String> value) {
    TableColumn<Registry.Device, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
    c.setPrefWidth(title.equals("installed") ? 330 : 120);
    return c;
  }

  /**
   * What a device reported installed, from its registration's JSON: "name version (counter n,
   * state)".
   */
  static String installed(String json) {
    if (json == null || json.isBlank()) {
      return "";
    }
    try {
      JsonNode n = new ObjectMapper().readTree(json);
      StringBuilder s = new StringBuilder();
      n.fields()
          .forEachRemaining(
              e ->
                  s.append(s.length() == 0 ? "" : ", ")
                      .append(e.getKey())
                      .append(' ')
                      .append(e.getValue().path("version").asText())
                      .append(" (counter ")
                      .append(e.getValue().path("counter").asLong())
                      .append(", ")
                      .append(e.getValue().path("state").asText())
                      .append(')'));
      return s.length() == 0 ? "nothing" : s.toString();
    } catch (IOException e) {
      return json;
    }
  }

  /** The embedded broker's URL while one runs (for tests and for pointing agents at it). */
  String brokerUrl() {
    return embedded != null ? embedded.url() : broker.getText().trim();
  }

  boolean connected() {
    return coordinator != null;
  }

  private void connect() {
    connect.setDisable(true);
    String target = broker.getText().trim();
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
                  connection.setText(
                      "Coordinator on "
                          + started.url()
                          + (started.broker() != null ? " (embedded broker)" : ""));
                  rollOut.setDisable(false);
                })
            .onFailed(
                ex -> {
                  connection.setText("Could not start: " + ex.getMessage());
                  connect.setDisable(false);
                }));
  }

  /** A coordinator started, with its registry and the embedded broker (null for a URL). */
  private record Started(
      EmbeddedBroker broker, Registry registry, Coordinator coordinator, String url) {}

  private void rollOut() {
    Path file = Path.of(bundle.getText().trim());
    if (!Files.isRegularFile(file)) {
      rollout.setText("No bundle file at " + file);
      return;
    }
    List<String> ids = registry.devices().stream().map(Registry.Device::id).toList();
    if (ids.isEmpty()) {
      rollout.setText("No device has registered yet.");
      return;
    }
    try {
      PublishedBundle b = PublishedBundle.open(file, Files.createTempDirectory("blueprint-served"));
      current =
          coordinator.startRollout(
              "workbench-" + b.name() + "-" + b.counter(), b, ids, Rollout.Plan.standard());
      rollout.setText(
          "Rolling out "
              + b.name()
              + " "
              + b.manifest().version()
              + " to "
              + ids.size()
              + " devices");
    } catch (Exception ex) {
      rollout.setText("Refused: " + ex.getMessage());
    }
  }

  private void refresh() {
    if (registry != null) {
      devices.setItems(FXCollections.observableArrayList(registry.devices()));
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
      rollout.setText(s.toString());
    }
  }

  /** Whether a drill is running. */
  boolean drilling() {
    return drill.isDisabled();
  }

  private void runDrill() {
    double rate;
    try {
      rate = Double.parseDouble(faultRate.getText().trim());
      if (!(rate >= 0 && rate <= 1)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      drillResult.setText(
          "The fault rate must be a number from 0 to 1, got '" + faultRate.getText() + "'");
      return;
    }
    int n = drillDevices.getValue();
    drill.setDisable(true);
    drillResult.setText("Drilling " + n + " devices at fault rate " + rate + "...");
    log.clear();
    tasks.start(
        BackgroundJob.of(
                "fleet-drill",
                context -> {
                  Writer toLog =
                      new Writer() {
                        @Override
                        public void write(char[] buf, int off, int len) {
                          String text = new String(buf, off, len);
                          context.publish(() -> log.appendText(text));
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
                  drillResult.setText(text);
                  drill.setDisable(false);
                })
            .onFailed(
                ex -> {
                  drillResult.setText("The drill failed: " + ex.getMessage());
                  drill.setDisable(false);
                }));
  }

  /** Stops the coordinator and the embedded broker (the window is closing). */
  void shutdown() {
    refresh.stop();
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
