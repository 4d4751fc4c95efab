package dev.blueprint.app.workbench;

import dev.blueprint.app.report.LlmReports;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.RooflineChart;
import dev.blueprint.app.report.RooflineReports;
import dev.blueprint.app.report.SpecSheets;
import dev.blueprint.app.report.TrainingReports;
import dev.blueprint.simulator.config.UserFolders;
import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.AttentionKernel;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.Recompute;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.perf.Training;
import dev.blueprint.simulator.perf.TrainingJob;
import dev.blueprint.simulator.perf.TrainingSetup;
import dev.blueprint.simulator.perf.Workloads;
import dev.blueprint.simulator.units.Counts;
import dev.blueprint.simulator.units.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The catalogs and calculators: a searchable hardware browser with each profile's spec sheet and a
 * roofline for a chosen model and precision, a model browser with its per-layer breakdown, and
 * calculators for LLM serving, training and memory. Each calls the library and renders the report
 * the {@code blueprint} command for the same question prints (catalog, roofline, llm, train), so
 * the figures are the command line's to the digit.
 */
final class ToolsPane extends TabPane {
  private final List<String> hardwareIds = HardwareCatalog.shipped().ids();
  private final List<String> modelIds = ModelCatalog.shipped().profiles().ids();

  ToolsPane() {
    setId("tools");
    setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
    getTabs()
        .addAll(
            new Tab("Hardware", hardwareBrowser()),
            new Tab("Models", modelBrowser()),
            new Tab("LLM serving", llmCalculator()),
            new Tab("Training", trainingCalculator()),
            new Tab("Memory", memoryCalculator()));
  }

  private Catalog<HardwareProfile> hardwareCatalog;
  private ModelCatalog modelCatalog;

  /** The catalogs the command line reads: shipped profiles and the user's own folders. */
  private Catalog<HardwareProfile> hardware() {
    if (hardwareCatalog == null) {
      hardwareCatalog =
          HardwareCatalog.load(
              Optional.of(UserFolders.fromProcess(Optional.empty(), Optional.empty()).hardware()));
    }
    return hardwareCatalog;
  }

  private ModelCatalog models() {
    if (modelCatalog == null) {
      modelCatalog =
          ModelCatalog.load(
              Optional.of(UserFolders.fromProcess(Optional.empty(), Optional.empty()).models()));
    }
    return modelCatalog;
  }

  /** A report as text, or what was wrong with the input. */
  static String text(Supplier<Report> report) {
    try {
      return Printer.text(report.get());
    } catch (IllegalArgumentException | InvalidInputException | UncheckedIOException e) {
      return e.getMessage();
    }
  }

  private static int integer(String what, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
    }
  }

  /** A count such as 1T, 300B or 2.5e12, as the command line reads it. */
  private static double count(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return Counts.parse(text.trim());
    }
  }

  private Report roofline(
      String modelId, String hardwareId, String precisionId, String batch, Optional<Path> chart) {
    ModelProfile model = models().get(modelId);
    HardwareProfile device = hardware().get(hardwareId);
    RooflineReport r =
        Roofline.analyze(
            model,
            device,
            Precision.parse(precisionId),
            integer("batch", batch),
            Workloads.defaultSequence(model));
    chart.ifPresent(png -> RooflineChart.write(r, png));
    return RooflineReports.builder(
            r,
            device,
            model.transformer().isPresent(),
            CostEstimate.of(device, 1, PricingTier.ON_DEMAND))
        .build();
  }

  private static TextArea output(String id) {
    TextArea text = new TextArea();
    text.setEditable(false);
    text.setId(id);
    text.getStyleClass().add("yaml");
    VBox.setVgrow(text, Priority.ALWAYS);
    return text;
  }

  private SplitPane hardwareBrowser() {
    TextField search = new TextField();
    search.setPromptText("search: h100, tpu, edge, amd…");
    search.setId("hardware-search");
    ObservableList<String> all = FXCollections.observableArrayList(hardwareIds);
    FilteredList<String> shown = new FilteredList<>(all);
    search.textProperty().addListener((o, a, q) -> shown.setPredicate(id -> matches(id, q)));
    ListView<String> list = new ListView<>(shown);
    list.setId("hardware-list");
    VBox.setVgrow(list, Priority.ALWAYS);
    VBox left = new VBox(6, search, list);
    left.setPadding(new Insets(8));
    TextArea sheet = output("hardware-sheet");
    ComboBox<String> model = new ComboBox<>(FXCollections.observableArrayList(modelIds));
    model.setValue("resnet-50");
    model.setId("roofline-model");
    ComboBox<String> precision =
        new ComboBox<>(
            FXCollections.observableArrayList(
                "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"));
    precision.setValue("int8");
    precision.setId("roofline-precision");
    TextField batch = new TextField("32");
    batch.setPrefColumnCount(5);
    batch.setId("roofline-batch");
    Button draw = new Button("Roofline");
    draw.setId("roofline-run");
    ImageView chart = new ImageView();
    chart.setPreserveRatio(true);
    chart.setFitWidth(400);
    chart.setId("roofline-chart");
    TextArea layers = output("roofline-layers");
    Runnable roofline =
        () -> {
          String hw = list.getSelectionModel().getSelectedItem();
          if (hw == null) {
            layers.setText("pick a device on the left");
            return;
          }
          try {
            Path png = Files.createTempFile("roofline", ".png");
            layers.setText(
                text(
                    () ->
                        roofline(
                            model.getValue(),
                            hw,
                            precision.getValue(),
                            batch.getText(),
                            Optional.of(png))));
            if (Files.size(png) > 0) {
              chart.setImage(new Image(png.toUri().toString()));
            }
            Files.deleteIfExists(png);
          } catch (IOException e) {
            layers.setText(e.getMessage());
          }
        };
    draw.setOnAction(e -> roofline.run());
    list.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, id) -> {
              if (id != null) {
                sheet.setText(text(() -> SpecSheets.hardware(hardware().get(id))));
              }
            });
    FlowPane controls =
        new FlowPane(
            8,
            6,
            labelled("model", model),
            labelled("precision", precision),
            labelled("batch", batch),
            draw);
    VBox right = new VBox(6, controls, chart, layers);
    right.setPadding(new Insets(8));
    right.setMinWidth(0);
    // The chart follows the pane's width, so the list and the sheet keep theirs.
    chart.fitWidthProperty().bind(right.widthProperty().subtract(20));
    list.setMinWidth(120);
    SplitPane pane = new SplitPane(left, sheet, right);
    pane.setDividerPositions(0.18, 0.52);
    return pane;
  }

  private SplitPane modelBrowser() {
    TextField search = new TextField();
    search.setPromptText("search: llama, bert, resnet…");
    search.setId("model-search");
    FilteredList<String> shown = new FilteredList<>(FXCollections.observableArrayList(modelIds));
    search.textProperty().addListener((o, a, q) -> shown.setPredicate(id -> matches(id, q)));
    ListView<String> list = new ListView<>(shown);
    list.setId("model-list");
    VBox.setVgrow(list, Priority.ALWAYS);
    VBox left = new VBox(6, search, list);
    left.setPadding(new Insets(8));
    TextArea sheet = output("model-sheet");
    ComboBox<String> hardware = new ComboBox<>(FXCollections.observableArrayList(hardwareIds));
    hardware.setValue("nvidia-h100-sxm-80gb");
    ComboBox<String> precision =
        new ComboBox<>(FXCollections.observableArrayList("fp32", "bf16", "fp16", "fp8", "int8"));
    precision.setValue("bf16");
    TextArea layers = output("model-layers");
    Runnable show =
        () -> {
          String id = list.getSelectionModel().getSelectedItem();
          if (id != null) {
            sheet.setText(text(() -> SpecSheets.model(models().get(id))));
            layers.setText(
                text(
                    () ->
                        roofline(
                            id, hardware.getValue(), precision.getValue(), "1", Optional.empty())));
          }
        };
    list.getSelectionModel().selectedItemProperty().addListener((o, a, id) -> show.run());
    hardware.setOnAction(e -> show.run());
    precision.setOnAction(e -> show.run());
    VBox right =
        new VBox(6, new HBox(8, new Label("per layer, batch 1, on"), hardware, precision), layers);
    right.setPadding(new Insets(8));
    SplitPane pane = new SplitPane(left, sheet, right);
    pane.setDividerPositions(0.2, 0.5);
    return pane;
  }

  private VBox llmCalculator() {
    List<TextField> fields = new ArrayList<>();
    TextField model = field(fields, "llm-model", "llama-3.1-70b");
    TextField hardware = field(fields, "llm-hardware", "nvidia-h100-sxm-80gb");
    TextField precision = field(fields, "llm-precision", "fp8");
    TextField count = field(fields, "llm-count", "8");
    TextField tp = field(fields, "llm-tp", "8");
    TextField input = field(fields, "llm-input", "2048");
    TextField outputTokens = field(fields, "llm-output", "512");
    TextArea result = output("llm-result");
    Button compute = new Button("Compute");
    compute.setId("llm-run");
    compute.setOnAction(
        e ->
            result.setText(
                text(
                    () ->
                        llm(
                            model.getText().trim(),
                            hardware.getText().trim(),
                            precision.getText().trim(),
                            integer("devices", count.getText()),
                            integer("tp", tp.getText()),
                            integer("prompt tokens", input.getText()),
                            integer("output tokens", outputTokens.getText())))));
    FlowPane form =
        new FlowPane(
            8,
            6,
            labelled("model", model),
            labelled("hardware", hardware),
            labelled("precision", precision),
            labelled("devices", count),
            labelled("tp", tp),
            labelled("prompt tokens", input),
            labelled("output tokens", outputTokens),
            compute);
    Label help =
        new Label(
            "Time to first token, time per output token, KV-cache capacity and the memory plan per "
                + "device, throughput and cost: `blueprint llm` with these options.");
    help.setWrapText(true);
    VBox box = new VBox(8, form, help, result);
    box.setPadding(new Insets(8));
    return box;
  }

  private VBox trainingCalculator() {
    List<TextField> fields = new ArrayList<>();
    TextField model = field(fields, "train-model", "llama-3.1-8b");
    TextField hardware = field(fields, "train-hardware", "nvidia-h100-sxm-80gb");
    TextField precision = field(fields, "train-precision", "bf16");
    TextField count = field(fields, "train-count", "64");
    TextField tp = field(fields, "train-tp", "1");
    TextField tokens = field(fields, "train-tokens", "1T");
    TextArea result = output("train-result");
    Button compute = new Button("Compute");
    compute.setId("train-run");
    compute.setOnAction(
        e ->
            result.setText(
                text(
                    () ->
                        train(
                            model.getText().trim(),
                            hardware.getText().trim(),
                            precision.getText().trim(),
                            integer("devices", count.getText()),
                            integer("tp", tp.getText()),
                            count(tokens.getText())))));
    FlowPane form =
        new FlowPane(
            8,
            6,
            labelled("model", model),
            labelled("hardware", hardware),
            labelled("precision", precision),
            labelled("devices", count),
            labelled("tp", tp),
            labelled("tokens", tokens),
            compute);
    Label help =
        new Label(
            "Training time, MFU, memory per device and cost: `blueprint train` with these options.");
    VBox box = new VBox(8, form, help, result);
    box.setPadding(new Insets(8));
    return box;
  }

  private Report llm(
      String modelId,
      String hardwareId,
      String precisionId,
      int devices,
      int tp,
      int input,
      int output) {
    HardwareProfile device = hardware().get(hardwareId);
    Precision precision = Precision.parse(precisionId);
    LlmServing serving = new LlmServing(models().get(modelId), device, devices, tp, 1, precision);
    LlmServing.Continuous c = serving.continuous(input, output, OptionalInt.empty());
    return LlmReports.report(
        serving,
        precision,
        devices,
        input,
        output,
        c,
        CostEstimate.of(device, devices, PricingTier.ON_DEMAND));
  }

  /** A training run with the command line's defaults for everything the form does not ask. */
  private Report train(
      String modelId, String hardwareId, String precisionId, int devices, int tp, double tokens) {
    ModelProfile model = models().get(modelId);
    HardwareProfile device = hardware().get(hardwareId);
    int sequence =
        model
            .transformer()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        model.id() + " is not a transformer; train models transformers only"))
            .defaultSequence();
    TrainingSetup setup =
        new TrainingSetup(
            devices,
            tp,
            1,
            1,
            1,
            Training.defaultGlobalBatch(devices, tp, 1, 1, 1, sequence),
            1,
            sequence,
            Precision.parse(precisionId),
            Recompute.NONE,
            false,
            1,
            AttentionKernel.FLASH);
    return TrainingReports.report(
        Training.run(model, device, setup, TrainingJob.withDefaults(tokens)), device);
  }

  private VBox memoryCalculator() {
    List<TextField> fields = new ArrayList<>();
    TextField model = field(fields, "memory-model", "llama-3.1-70b");
    TextField hardware = field(fields, "memory-hardware", "nvidia-h100-sxm-80gb");
    TextField precision = field(fields, "memory-precision", "fp8");
    TextField batch = field(fields, "memory-batch", "64");
    TextField sequence = field(fields, "memory-seq", "4096");
    TextField tp = field(fields, "memory-tp", "4");
    TextArea result = output("memory-result");
    Button compute = new Button("Plan");
    compute.setId("memory-run");
    compute.setOnAction(
        e -> {
          try {
            result.setText(
                MemoryPlanner.plan(
                    model.getText().trim(),
                    hardware.getText().trim(),
                    precision.getText().trim(),
                    Integer.parseInt(batch.getText().trim()),
                    Integer.parseInt(sequence.getText().trim()),
                    Integer.parseInt(tp.getText().trim())));
          } catch (RuntimeException ex) {
            result.setText(ex.getMessage());
          }
        });
    FlowPane form =
        new FlowPane(
            8,
            6,
            labelled("model", model),
            labelled("hardware", hardware),
            labelled("precision", precision),
            labelled("batch", batch),
            labelled("tokens per sequence", sequence),
            labelled("tp (LLM)", tp),
            compute);
    VBox box = new VBox(8, form, result);
    box.setPadding(new Insets(8));
    return box;
  }

  private static TextField field(List<TextField> all, String id, String value) {
    TextField f = new TextField(value);
    f.setId(id);
    f.setPrefColumnCount(Math.max(6, value.length()));
    all.add(f);
    return f;
  }

  private static VBox labelled(String label, javafx.scene.Node field) {
    return new VBox(2, new Label(label), field);
  }

  private static boolean matches(String id, String query) {
    if (query == null || query.isBlank()) {
      return true;
    }
    String q = query.toLowerCase(Locale.ROOT).strip();
    return id.toLowerCase(Locale.ROOT).contains(q);
  }
}
