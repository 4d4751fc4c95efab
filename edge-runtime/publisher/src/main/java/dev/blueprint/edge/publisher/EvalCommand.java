package dev.blueprint.edge.publisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blueprint.edge.cli.ModelOptions;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.Backends;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.shipped.HeldOut;
import dev.blueprint.edge.shipped.ShippedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "eval",
    description =
        "Top-1 accuracy on the model's held-out set, float against int8 (and any other back end).")
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(names = "--model", required = true, description = "A shipped model (see 'models').")
  String model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The data set's folder (../shared/data/fashion-mnist, ../shared/data/wisdm-har) for the full "
              + "held-out set; default: the subset shipped with the model.")
  Path data;

  @Option(
      names = "--backend",
      split = ",",
      description = "Also evaluate these back ends (opencl-int8, tensorflow-float).")
  List<String> extra = new ArrayList<>();

  @Option(names = "--batch", defaultValue = "250", description = "Samples per call.")
  int batch;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json, got '" + format + "'");
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, got " + batch);
    }
    ShippedModel shipped = models.named(model);
    LoadedModel loaded = shipped.load();
    LabeledData heldOut = HeldOut.load(shipped, Optional.ofNullable(data));
    List<String> names = new ArrayList<>(List.of("java-float", "java-int8"));
    for (String e : extra) {
      if (!names.contains(e)) {
        names.add(e);
      }
    }
    Map<String, int[]> predictions = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (String name : names) {
      Backend b =
          Backends.named(name)
              .orElseThrow(() -> new IllegalArgumentException("no back end '" + name + "'"));
      Optional<String> reason = b.unavailableReason().or(() -> b.cannotRun(loaded));
      if (reason.isPresent()) {
        skipped.put(name, reason.get());
        continue;
      }
      int[] predicted = new int[heldOut.size()];
      try (Session s = b.open(loaded)) {
        for (int from = 0; from < heldOut.size(); from += batch) {
          int to = Math.min(heldOut.size(), from + batch);
          int[] top = s.run(heldOut.batch(from, to)).get(0).argmaxPerRow();
          System.arraycopy(top, 0, predicted, from, top.length);
        }
      }
      predictions.put(name, predicted);
    }
    double floatAccuracy = heldOut.accuracy(predictions.get("java-float"));
    double int8Accuracy = heldOut.accuracy(predictions.get("java-int8"));
    int agree = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      agree += predictions.get("java-float")[i] == predictions.get("java-int8")[i] ? 1 : 0;
    }
    String source =
        data != null ? data.toString() : "the held-out subset shipped with " + shipped.name();
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", shipped.name());
      doc.put("data", source);
      doc.put("samples", heldOut.size());
      doc.put("float_accuracy", floatAccuracy);
      doc.put("int8_accuracy", int8Accuracy);
      doc.put("int8_agreement_with_float", (double) agree / heldOut.size());
      Map<String, Object> backends = new LinkedHashMap<>();
      predictions.forEach((name, p) -> backends.put(name, Map.of("accuracy", heldOut.accuracy(p))));
      skipped.forEach(
          (name, reason) -> backends.put(name, Map.of("available", false, "reason", reason)));
      doc.put("backends", backends);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      return 0;
    }
    out.printf(
        Locale.ROOT, "%s on %,d held-out samples (%s)%n", shipped.name(), heldOut.size(), source);
    predictions.forEach(
        (name, p) ->
            out.printf(Locale.ROOT, "  %-18s top-1 %6.2f%%%n", name, 100 * heldOut.accuracy(p)));
    skipped.forEach(
        (name, reason) -> out.printf(Locale.ROOT, "  %-18s unavailable: %s%n", name, reason));
    out.printf(
        Locale.ROOT,
        "  int8 - float       %+6.2f points; the two agree on %.2f%% of samples%n",
        100 * (int8Accuracy - floatAccuracy),
        100.0 * agree / heldOut.size());
    return 0;
  }
}
