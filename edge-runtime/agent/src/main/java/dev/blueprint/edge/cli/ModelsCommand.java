package dev.blueprint.edge.cli;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.shipped.ShippedModel;
import dev.blueprint.edge.shipped.ShippedModels;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "models", description = "Lists the shipped models.")
final class ModelsCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(names = "--format", defaultValue = "table", description = "table or csv.")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<ShippedModel> all = ShippedModels.find(models.folder());
    var out = spec.commandLine().getOut();
    boolean csv =
        switch (format) {
          case "csv" -> true;
          case "table" -> false;
          default ->
              throw new IllegalArgumentException(
                  "--format must be table or csv, got '" + format + "'");
        };
    if (csv) {
      out.println(
          "model,task,dataset,input,classes,float_weight_bytes,int8_weight_bytes,nodes,where");
    } else {
      out.printf(
          Locale.ROOT,
          "%-14s %-10s %7s %12s %12s  %s%n",
          "model",
          "input",
          "classes",
          "float bytes",
          "int8 bytes",
          "task (data set)");
    }
    for (ShippedModel m : all) {
      Graph f = m.floatGraph();
      Graph q = m.int8Graph();
      String input = f.input(0).shape().toString().replace(" ", "");
      if (csv) {
        out.printf(
            Locale.ROOT,
            "%s,%s,%s,%s,%d,%d,%d,%d,%s%n",
            m.name(),
            quote(m.task()),
            m.dataset(),
            quote(input),
            m.labels().size(),
            f.weightBytes(),
            q.weightBytes(),
            f.nodes().size(),
            quote(m.location().describe("")));
      } else {
        out.printf(
            Locale.ROOT,
            "%-14s %-10s %7d %12d %12d  %s (%s)%n",
            m.name(),
            input,
            m.labels().size(),
            f.weightBytes(),
            q.weightBytes(),
            m.task(),
            m.dataset());
      }
    }
    return 0;
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
