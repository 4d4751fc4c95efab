package dev.blueprint.app.workbench;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.perf.DeviceMemory;
import dev.blueprint.simulator.perf.DeviceMemory.BatchServingMemory;
import dev.blueprint.simulator.perf.DeviceMemory.LlmServingMemory;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.MemoryBudget;
import dev.blueprint.simulator.units.Precision;
import java.util.Locale;

/**
 * The Memory tool's text: {@link DeviceMemory#plan} laid out for reading. Every figure and every
 * "fits" comes from the simulator.
 */
final class MemoryPlanner {
  private MemoryPlanner() {}

  static String plan(
      String modelId, String hardwareId, String precisionId, int batch, int sequence, int tp) {
    DeviceMemory memory =
        DeviceMemory.plan(
            ModelCatalog.shipped().profiles().get(modelId),
            HardwareCatalog.shipped().get(hardwareId),
            Precision.parse(precisionId),
            batch,
            sequence,
            tp);
    return render(memory);
  }

  static String render(DeviceMemory memory) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s on %s in %s, batch %d%s%n%n",
            memory.modelId(),
            memory.hardwareId(),
            memory.precision().id(),
            memory.batch(),
            memory.transformer() ? ", " + memory.sequence() + " tokens" : ""));
    out.append(
        String.format(
            Locale.ROOT,
            "plannable memory per device       %8.2f GB (%d %% of the %.2f GB the device exposes)%n",
            memory.budget().bytes() / 1e9,
            Math.round(100 * MemoryBudget.USABLE_FRACTION),
            memory.exposed().bytes() / 1e9));
    out.append(String.format(Locale.ROOT, "%nBatch serving on one device%n"));
    BatchServingMemory serving = memory.batchServing();
    if (serving instanceof BatchServingMemory.Offloaded offloaded) {
      out.append(
          String.format(
              Locale.ROOT,
              "  embedding tables kept on the device  %5.1f %% (the rest read from host memory)%n",
              100 * offloaded.residentTableShare()));
      out.append(
          String.format(
              Locale.ROOT,
              "  batch %d with the next one staged   %s%n",
              memory.batch(),
              offloaded.fits() ? "fits" : "DOES NOT FIT"));
    } else if (serving instanceof BatchServingMemory.Resident resident) {
      out.append(
          String.format(
              Locale.ROOT,
              "  weights                          %8.2f GB%n",
              resident.weights().bytes() / 1e9));
      out.append(
          String.format(
              Locale.ROOT,
              "  activations, largest set, x2     %8.2f GB%n",
              resident.stagedActivations().bytes() / 1e9));
      out.append(
          String.format(
              Locale.ROOT,
              "  total                            %8.2f GB  %s%n",
              resident.total().bytes() / 1e9,
              resident.fits()
                  ? "fits"
                  : "DOES NOT FIT (one batch fits; staging the next does not)"));
    } else if (serving instanceof BatchServingMemory.TooLarge tooLarge) {
      out.append("  DOES NOT FIT: ")
          .append(tooLarge.reason().replaceFirst("^does not fit: ", ""))
          .append('\n');
    }
    memory.llmServing().ifPresent(llm -> out.append(llm(llm)));
    return out.toString();
  }

  private static String llm(LlmServingMemory llm) {
    if (llm instanceof LlmServingMemory.NotServable notServable) {
      return "\nLLM serving: " + notServable.reason() + '\n';
    }
    LlmServingMemory.Planned planned = (LlmServingMemory.Planned) llm;
    LlmServing.MemoryPlan plan = planned.plan();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nLLM serving, tensor-parallel %d (per device)%n",
            planned.tensorParallel()));
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
    out.append(
        String.format(
            Locale.ROOT,
            "  %d sequences of %d tokens need    %,.0f tokens  %s%n",
            planned.sequences(),
            planned.tokensPerSequence(),
            planned.tokensNeeded(),
            planned.fits()
                ? "fit"
                : "DO NOT FIT: fewer at once, more devices, or a narrower precision"));
    return out.toString();
  }
}
