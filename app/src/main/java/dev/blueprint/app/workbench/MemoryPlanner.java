package dev.blueprint.app.workbench;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.MemoryFit;
import dev.blueprint.simulator.perf.Roofline;
import dev.blueprint.simulator.perf.RooflineReport;
import dev.blueprint.simulator.units.Precision;
import java.util.Locale;

/**
 * Where a model's memory goes on one device, by the same rules the simulator applies: for batch
 * serving, the weights plus twice the largest activation working set (one batch runs while the next
 * is staged) within the usable share of the device's memory; for a decoder LLM with tensor
 * parallelism, the serving engine's plan (weights per device, workspace, and what is left for the
 * KV cache, in tokens).
 */
final class MemoryPlanner {
  private MemoryPlanner() {}

  static String plan(
      String modelId, String hardwareId, String precisionId, int batch, int sequence, int tp) {
    ModelProfile model = ModelCatalog.shipped().profiles().get(modelId);
    HardwareProfile hardware = HardwareCatalog.shipped().get(hardwareId);
    Precision precision = Precision.parse(precisionId);
    StringBuilder out = new StringBuilder();
    double budget = MemoryFit.budget(hardware).bytes();
    out.append(
        String.format(
            Locale.ROOT,
            "%s on %s in %s, batch %d%s%n%n",
            model.id(),
            hardware.id(),
            precision.id(),
            batch,
            model.transformer().isPresent() ? ", " + sequence + " tokens" : ""));
    out.append(
        String.format(
            Locale.ROOT,
            "plannable memory per device       %8.2f GB (95 %% of the %.2f GB the device exposes)%n",
            budget / 1e9,
            hardware.memory().allocatable().bytes() / 1e9));
    out.append(String.format(Locale.ROOT, "%nBatch serving on one device%n"));
    dev.blueprint.simulator.perf.BatchServing serving =
        new dev.blueprint.simulator.perf.BatchServing(model, hardware, precision, sequence);
    if (serving.residentTableShare() < 1) {
      // Embedding tables larger than the device stay partly in host memory: the model server's own
      // rule.
      out.append(
          String.format(
              Locale.ROOT,
              "  embedding tables kept on the device  %5.1f %% (the rest read from host memory)%n",
              100 * serving.residentTableShare()));
      out.append(
          String.format(
              Locale.ROOT,
              "  batch %d with the next one staged   %s%n",
              batch,
              serving.fits(batch) ? "fits" : "DOES NOT FIT"));
    } else {
      out.append(batchServing(model, hardware, precision, batch, sequence, budget));
    }
    return llm(out, model, hardware, precision, batch, sequence, tp);
  }

  private static String batchServing(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int batch,
      int sequence,
      double budget) {
    StringBuilder out = new StringBuilder();
    try {
      RooflineReport r = Roofline.analyze(model, hardware, precision, batch, sequence);
      double weights = r.weights().bytes();
      double activations = r.activations().bytes();
      double batchServing = weights + 2 * activations;
      out.append(
          String.format(
              Locale.ROOT, "  weights                          %8.2f GB%n", weights / 1e9));
      out.append(
          String.format(
              Locale.ROOT, "  activations, largest set, x2     %8.2f GB%n", 2 * activations / 1e9));
      out.append(
          String.format(
              Locale.ROOT,
              "  total                            %8.2f GB  %s%n",
              batchServing / 1e9,
              batchServing <= budget
                  ? "fits"
                  : "DOES NOT FIT (one batch fits; staging the next does not)"));
    } catch (MemoryFit.DoesNotFitException e) {
      out.append("  DOES NOT FIT: ")
          .append(e.getMessage().replaceFirst("^does not fit: ", ""))
          .append('\n');
    }
    return out.toString();
  }

  private static String llm(
      StringBuilder out,
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int batch,
      int sequence,
      int tp) {
    boolean decoder =
        model
            .transformer()
            .map(
                t ->
                    t.stack()
                        == dev.blueprint.simulator.model.TransformerArchitecture.Stack.DECODER)
            .orElse(false);
    if (decoder) {
      try {
        LlmServing serving = new LlmServing(model, hardware, tp, tp, 1, precision);
        LlmServing.MemoryPlan plan = serving.memory(Math.max(8192, batch), batch);
        out.append(
            String.format(Locale.ROOT, "%nLLM serving, tensor-parallel %d (per device)%n", tp));
        out.append(
            String.format(
                Locale.ROOT,
                "  weights                          %8.2f GB%n",
                plan.weights().bytes() / 1e9));
        out.append(
            String.format(
                Locale.ROOT,
                "  workspace                        %8.2f GB%n",
                plan.workspace().bytes() / 1e9));
        out.append(
            String.format(
                Locale.ROOT,
                "  left for the KV cache            %8.2f GB = %,.0f tokens%n",
                plan.kvCache().bytes() / 1e9,
                plan.kvTokens()));
        double needed = (double) batch * sequence;
        out.append(
            String.format(
                Locale.ROOT,
                "  %d sequences of %d tokens need    %,.0f tokens  %s%n",
                batch,
                sequence,
                needed,
                needed <= plan.kvTokens()
                    ? "fit"
                    : "DO NOT FIT: fewer at once, more devices, or a narrower precision"));
      } catch (IllegalArgumentException e) {
        out.append("\nLLM serving: ").append(e.getMessage()).append('\n');
      }
    }
    return out.toString();
  }
}
