package dev.blueprint.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blueprint.edge.prediction.LatencyPrediction;
import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.Backends;
import dev.blueprint.edge.runtime.GraphCost;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.JavaBackend;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.SampleInputs;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.runtime.SessionBenchmark;
import dev.blueprint.edge.runtime.Tensor;
import dev.blueprint.edge.shipped.HeldOut;
import dev.blueprint.edge.shipped.ShippedModel;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description =
        "Times one model on every back end side by side: latency percentiles and throughput per batch.")
final class BenchCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(names = "--model", required = true, description = "A shipped model (see 'models').")
  String model;

  @Option(names = "--batch", defaultValue = "1", description = "Samples per call.")
  int batch;

  @Option(
      names = "--backend",
      split = ",",
      description = "Back ends to time (default: all on this class path).")
  List<String> backends;

  @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds per back end.")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up seconds per back end (JIT compilation).")
  double warmup;

  @Option(
      names = "--profile",
      description = "Also time each node of the Java back ends: where the time goes.")
  boolean profile;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  String format;

  @Option(
      names = "--predict",
      paramLabel = "PROFILE.yaml",
      description =
          "A hardware profile (such as the one 'probe' writes): also print the simulator's predicted "
              + "latency for the Java back ends and how far it is from the measured median.")
  Path predict;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private String inputSource = "";

  /** One back end's figures, or why it could not run. */
  record Row(
      String backend,
      boolean available,
      String reason,
      double p50Ms,
      double p99Ms,
      double meanMs,
      double throughput,
      double gops,
      long calls,
      Map<String, Double> profileShare,
      double predictedMs) {

    Row withPrediction(double ms) {
      return new Row(
          backend,
          available,
          reason,
          p50Ms,
          p99Ms,
          meanMs,
          throughput,
          gops,
          calls,
          profileShare,
          ms);
    }

    double predictionError() {
      return predictedMs / p50Ms - 1;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, got " + batch);
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json, got '" + format + "'");
    }
    ShippedModel shipped = models.named(model);
    LoadedModel loaded = shipped.load();
    // Real held-out samples when the model ships them, and a different batch on every call
    // (cycling through up to 32): one input repeated lets the branch predictor learn the data
    // and flatters the kernels; random inputs are the fallback.
    List<List<Tensor>> inputs = new ArrayList<>();
    String inputSource;
    try {
      var data = HeldOut.load(shipped, Optional.empty());
      int distinct = Math.min(32, data.size() / batch);
      if (distinct < 1) {
        throw new IllegalArgumentException(
            "the held-out subset has fewer than " + batch + " samples");
      }
      for (int i = 0; i < distinct; i++) {
        inputs.add(data.batch(i * batch, (i + 1) * batch));
      }
      inputSource = distinct + " different batches of held-out samples";
    } catch (RuntimeException e) {
      for (int i = 0; i < 32; i++) {
        inputs.add(SampleInputs.synthetic(loaded.floatGraph(), batch, 42 + i));
      }
      inputSource = "32 different batches of random inputs (" + e.getMessage() + ")";
    }
    this.inputSource = inputSource;
    double ops = GraphCost.opsPerSample(loaded.floatGraph());
    List<Backend> chosen = new ArrayList<>();
    List<Backend> all = Backends.all();
    if (backends == null || backends.isEmpty()) {
      chosen.addAll(all);
    } else {
      for (String name : backends) {
        chosen.add(
            all.stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no back end '"
                                + name
                                + "'; on this class path: "
                                + String.join(", ", all.stream().map(Backend::name).toList()))));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Backend b : chosen) {
      Optional<String> reason = b.unavailableReason().or(() -> b.cannotRun(loaded));
      if (reason.isPresent()) {
        rows.add(new Row(b.name(), false, reason.get(), 0, 0, 0, 0, 0, 0, Map.of(), Double.NaN));
        continue;
      }
      rows.add(time(b, loaded, inputs, ops));
    }
    if (predict != null) {
      var hardware = HardwareProfileParser.parse(Files.readString(predict), predict.toString());
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        boolean int8 = r.backend().equals("java-int8");
        if (r.available() && (int8 || r.backend().equals("java-float"))) {
          var graph = int8 ? loaded.int8Graph().orElseThrow() : loaded.floatGraph();
          double ms =
              LatencyPrediction.predict(graph, hardware, int8, batch).latency().seconds() * 1e3;
          rows.set(i, r.withPrediction(ms));
        }
      }
    }
    print(shipped, rows, ops);
    return 0;
  }

  private Row time(Backend backend, LoadedModel loaded, List<List<Tensor>> inputs, double ops) {
    try (Session s = backend.open(loaded)) {
      SessionBenchmark.warmUp(s, inputs, Duration.ofNanos((long) (warmup * 1e9)));
      SessionBenchmark.Timing t =
          SessionBenchmark.time(s, inputs, Duration.ofNanos((long) (seconds * 1e9)), 10);
      Histogram h = t.latencyNanos();
      double throughput = t.callsPerSecond() * batch;
      Map<String, Double> share = Map.of();
      if (profile && s instanceof Interpreter interpreter) {
        share = nodeShares(interpreter, inputs);
      }
      return new Row(
          backend.name(),
          true,
          "",
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getMean() / 1e6,
          throughput,
          throughput * ops / 1e9,
          t.calls(),
          share,
          Double.NaN);
    }
  }

  private Map<String, Double> nodeShares(Interpreter interpreter, List<List<Tensor>> inputs) {
    Map<String, Double> nanos =
        SessionBenchmark.nanosPerCallByNode(
            interpreter, inputs, Duration.ofNanos((long) (Math.min(seconds, 2) * 1e9)));
    double total = nanos.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> share = new LinkedHashMap<>();
    nanos.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> share.put(e.getKey(), e.getValue() / total));
    return share;
  }

  private void print(ShippedModel shipped, List<Row> rows, double ops) throws Exception {
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", shipped.name());
      doc.put("batch", batch);
      doc.put("inputs", inputSource);
      doc.put("ops_per_sample", ops);
      doc.put("kernels", JavaBackend.kernels());
      doc.put("jvm", Runtime.version().toString());
      Map<String, Object> bs = new LinkedHashMap<>();
      for (Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", r.available());
        if (r.available()) {
          m.put("p50_ms", r.p50Ms());
          m.put("p99_ms", r.p99Ms());
          m.put("mean_ms", r.meanMs());
          m.put("throughput", r.throughput());
          m.put("gops", r.gops());
          m.put("calls", r.calls());
          if (!r.profileShare().isEmpty()) {
            m.put("time_share", r.profileShare());
          }
          if (!Double.isNaN(r.predictedMs())) {
            m.put("predicted_ms", r.predictedMs());
            m.put("prediction_error", r.predictionError());
          }
        } else {
          m.put("reason", r.reason());
        }
        bs.put(r.backend(), m);
      }
      doc.put("backends", bs);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s, batch %d of %s, %.3f MOP per sample, Java kernels: %s%n",
        shipped.name(),
        batch,
        inputSource,
        ops / 1e6,
        JavaBackend.kernels());
    out.printf(
        Locale.ROOT,
        "%-18s %9s %9s %9s %13s %8s %10s%n",
        "backend",
        "p50 ms",
        "p99 ms",
        "mean ms",
        "samples/s",
        "GOP/s",
        "vs float");
    double reference =
        rows.stream()
            .filter(r -> r.backend().equals("java-float") && r.available())
            .mapToDouble(Row::throughput)
            .findFirst()
            .orElse(Double.NaN);
    for (Row r : rows) {
      if (!r.available()) {
        out.printf(Locale.ROOT, "%-18s unavailable: %s%n", r.backend(), r.reason());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-18s %9.3f %9.3f %9.3f %13.1f %8.2f %10s%s%n",
          r.backend(),
          r.p50Ms(),
          r.p99Ms(),
          r.meanMs(),
          r.throughput(),
          r.gops(),
          Double.isNaN(reference)
              ? "-"
              : String.format(Locale.ROOT, "%.2fx", r.throughput() / reference),
          Double.isNaN(r.predictedMs())
              ? ""
              : String.format(
                  Locale.ROOT,
                  "   simulator %.3f ms (%+.0f%%)",
                  r.predictedMs(),
                  100 * r.predictionError()));
    }
    for (Row r : rows) {
      if (!r.profileShare().isEmpty()) {
        out.printf(Locale.ROOT, "%nwhere %s spends its time:%n", r.backend());
        r.profileShare().entrySet().stream()
            .limit(8)
            .forEach(
                e -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100 * e.getValue(), e.getKey()));
      }
    }
  }
}
