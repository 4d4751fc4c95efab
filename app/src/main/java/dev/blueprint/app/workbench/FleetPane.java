package dev.blueprint.app.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.coordinator.Registry;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
 * them in waves, run the OTA fault drill, and run a federated task on the devices ({@link
 * FederatedTaskPane}). Everything slow runs off the FX thread.
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
  private final FleetViewModel model;

  FleetPane(TaskRunner tasks) {
    this.model = new FleetViewModel(tasks);
    setId("fleet");
    setSpacing(8);
    setPadding(new Insets(10));
    broker.setId("fleet-broker");
    broker.setPrefColumnCount(16);
    connect.setMinWidth(Region.USE_PREF_SIZE);
    connect.setId("fleet-connect");
    connection.setId("fleet-connection");
    broker.textProperty().bindBidirectional(model.brokerProperty());
    connection.textProperty().bind(model.connectionProperty());
    connect.disableProperty().bind(model.canConnectProperty().not());
    connect.setOnAction(e -> model.connect());
    devices.setId("fleet-devices");
    devices.setItems(model.devices());
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
    bundle.textProperty().bindBidirectional(model.bundleProperty());
    rollOut.disableProperty().bind(model.connectedProperty().not());
    rollOut.setOnAction(e -> model.rollOut());
    rollout.setId("fleet-rollout-state");
    rollout.textProperty().bind(model.rolloutProperty());
    drillDevices.setId("fleet-drill-devices");
    drillDevices.setEditable(true);
    drillDevices.getValueFactory().valueProperty().bindBidirectional(model.drillDevicesProperty());
    faultRate.setId("fleet-drill-faults");
    faultRate.setPrefColumnCount(4);
    faultRate.textProperty().bindBidirectional(model.faultRateProperty());
    drill.setId("fleet-drill");
    drill.setOnAction(e -> model.runDrill());
    drill.disableProperty().bind(model.canDrillProperty().not());
    drillResult.setId("fleet-drill-result");
    drillResult.textProperty().bind(model.drillResultProperty());
    drillResult.setWrapText(true);
    drillResult.setMinHeight(Region.USE_PREF_SIZE);
    rollout.setWrapText(true);
    rollout.setMinHeight(Region.USE_PREF_SIZE);
    drill.setMinWidth(Region.USE_PREF_SIZE);
    rollOut.setMinWidth(Region.USE_PREF_SIZE);
    log.setId("fleet-log");
    log.setEditable(false);
    // Appended rather than bound, so the area follows the end of the log.
    model
        .logProperty()
        .addListener(
            (o, was, now) -> {
              if (now.startsWith(log.getText())) {
                log.appendText(now.substring(log.getText().length()));
              } else {
                log.setText(now);
              }
            });
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
    VBox ota =
        new VBox(
            8,
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
    ota.setPadding(new Insets(8, 0, 0, 0));
    Tab otaTab = new Tab("Devices and OTA", ota);
    otaTab.setId("fleet-tab-ota");
    Tab flTab = new Tab("Federated task", new FederatedTaskPane(model.federated()));
    flTab.setId("fleet-tab-fl");
    TabPane parts = new TabPane(otaTab, flTab);
    parts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    getChildren().addAll(help, new HBox(8, brokerLabel, broker, connect, connection), parts);
    VBox.setVgrow(parts, Priority.ALWAYS);
    refresh = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> model.refresh()));
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
    return model.brokerUrl();
  }

  boolean connected() {
    return model.isConnected();
  }

  /** The federated task section's state (for tests). */
  FederatedTaskViewModel federated() {
    return model.federated();
  }

  /** Whether a drill is running. */
  boolean drilling() {
    return model.isDrilling();
  }

  /** Stops the coordinator and the embedded broker (the window is closing). */
  void shutdown() {
    refresh.stop();
    model.shutdown();
  }
}
