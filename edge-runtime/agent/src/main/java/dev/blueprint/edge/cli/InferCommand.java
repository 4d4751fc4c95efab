package dev.blueprint.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.runtime.Backend;
import dev.blueprint.edge.runtime.Backends;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Session;
import dev.blueprint.edge.runtime.Tensor;
import dev.blueprint.edge.shipped.ShippedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "infer",
    description = "Runs a model on input from a file or standard input and prints the top classes.")
final class InferCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(names = "--model", required = true, description = "A shipped model (see 'models').")
  String model;

  @Option(
      names = "--input",
      defaultValue = "-",
      paramLabel = "FILE",
      description =
          "Numbers (CSV row or JSON array; several samples make a batch) or a JSON object of input "
              + "name to numbers; '-' reads standard input.")
  String input;

  @Option(
      names = "--backend",
      defaultValue = "java-int8",
      description = "java-int8, java-float, opencl-int8, ...")
  String backend;

  @Option(names = "--top", defaultValue = "3", description = "Classes to show per sample.")
  int top;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
    }
    ShippedModel shipped = models.named(model);
    LoadedModel loaded = shipped.load();
    Backend b =
        Backends.named(backend)
            .orElseThrow(() -> new IllegalArgumentException("no back end '" + backend + "'"));
    b.unavailableReason()
        .or(() -> b.cannotRun(loaded))
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(backend + " cannot run here: " + reason);
            });
    String text =
        input.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(input));
    Graph g = loaded.floatGraph();
    List<Tensor> inputs = InputReader.read(text, input.equals("-") ? "<stdin>" : input, g);
    Tensor out;
    try (Session s = b.open(loaded)) {
      out = s.run(inputs).get(0);
    }
    float[] p = out.toFloats();
    int batch = out.batch();
    int width = p.length / batch;
    List<Object> samples = new ArrayList<>();
    var o = spec.commandLine().getOut();
    for (int s = 0; s < batch; s++) {
      Integer[] order = new Integer[width];
      for (int i = 0; i < width; i++) {
        order[i] = i;
      }
      int base = s * width;
      Arrays.sort(order, (x, y) -> Float.compare(p[base + y], p[base + x]));
      List<Map<String, Object>> best = new ArrayList<>();
      for (int k = 0; k < Math.min(top, width); k++) {
        int c = order[k];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", c);
        m.put("label", c < shipped.labels().size() ? shipped.labels().get(c) : Integer.toString(c));
        m.put("score", p[base + c]);
        best.add(m);
      }
      samples.add(best);
      if (format.equals("text")) {
        StringBuilder line = new StringBuilder(batch > 1 ? "sample " + s + ": " : "");
        for (Map<String, Object> m : best) {
          line.append(
              String.format(Locale.ROOT, "%s %.3f  ", m.get("label"), (Float) m.get("score")));
        }
        o.println(line.toString().strip());
      }
    }
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", shipped.name());
      doc.put("backend", backend);
      doc.put("predictions", samples);
      o.println(new ObjectMapper().writeValueAsString(doc));
    }
    return 0;
  }
}
