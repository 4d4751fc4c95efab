package dev.blueprint.app.report;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.PlanTiming;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.validate.ConfidenceTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** LLM serving ({@code blueprint llm}, the workbench's LLM tool) as a report. */
public final class LlmReports {
  private LlmReports() {}

  /**
   * Latency, throughput, KV-cache capacity, memory per device and cost of in-flight batching.
   *
   * @param count devices in total
   * @param input prompt tokens per request
   * @param output generated tokens per request
   */
  public static Report report(
      LlmServing serving,
      Precision precision,
      int count,
      int input,
      int output,
      LlmServing.Continuous c,
      CostEstimate cost) {
    return builder(serving, precision, count, input, output, c, cost).build();
  }

  /** {@link #report} as a builder, so a front end can add notes of its own. */
  public static Report.Builder builder(
      LlmServing serving,
      Precision precision,
      int count,
      int input,
      int output,
      LlmServing.Continuous c,
      CostEstimate cost) {
    LlmServing.MemoryPlan memory = c.memory();

    Table.Builder memoryTable =
        Table.builder("Memory per device")
            .text("part", "part")
            .number("gb", "GB", 2)
            .number("share_pct", "% of memory", 1);
    double capacity = memory.capacity().bytes();
    memoryTable.row(
        "weights", memory.weights().gigabytes(), 100 * memory.weights().bytes() / capacity);
    memoryTable.row(
        "activations, logits, runtime",
        memory.workspace().gigabytes(),
        100 * memory.workspace().bytes() / capacity);
    memoryTable.row(
        "KV cache", memory.kvCache().gigabytes(), 100 * memory.kvCache().bytes() / capacity);

    Table.Builder kernels =
        Table.builder("Where an iteration's time goes (one pipeline stage)")
            .text("kernel", "kernel")
            .number("ms", "ms", 3)
            .number("share_pct", "%", 1)
            .text("bound", "bound");
    LlmServing.StageTiming it = c.iteration();
    double total = it.blocks().totalSeconds() + it.outer().totalSeconds();
    List<Object[]> rows = new ArrayList<>();
    for (PlanTiming timing : List.of(it.blocks(), it.outer())) {
      for (PlanTiming.TimedKernel k : timing.kernels()) {
        rows.add(new Object[] {k.op().name(), k.totalSeconds(), k.time().bound().id()});
      }
      for (PlanTiming.TimedCollective k : timing.collectives()) {
        rows.add(
            new Object[] {
              k.call().name() + " (" + k.time().algorithm() + ")", k.totalSeconds(), "communication"
            });
      }
    }
    rows.sort(Comparator.comparingDouble((Object[] r) -> (double) r[1]).reversed());
    for (Object[] r : rows) {
      kernels.row(r[0], (double) r[1] * 1e3, 100 * (double) r[1] / total, r[2]);
    }

    double tokensPerSecond = c.outputTokensPerSecond();
    return Report.builder(
            "LLM serving: "
                + serving.model().id()
                + " on "
                + count
                + " x "
                + serving.hardware().id()
                + " (tp "
                + serving.tensorParallel()
                + ", pp "
                + serving.pipelineParallel()
                + ", "
                + precision.id()
                + ", "
                + serving.engine().displayName()
                + "), "
                + input
                + " in / "
                + output
                + " out")
        .figure("ttft_ms", "time to first token", c.ttftSeconds() * 1e3, "ms", 1)
        .figure("tpot_ms", "time per output token", c.tpotSeconds() * 1e3, "ms", 2)
        .figure(
            "output_tokens_per_s", "output tokens/s (all devices)", tokensPerSecond, "tokens/s", 0)
        .figure(
            "output_tokens_per_s_per_device",
            "output tokens/s per device",
            tokensPerSecond / count,
            "tokens/s",
            0)
        .figure("tokens_per_s_per_user", "tokens/s per request", 1 / c.tpotSeconds(), "tokens/s", 1)
        .figure("concurrency", "requests in flight (per replica)", c.concurrency(), "", 0)
        .text("concurrency_limited_by", "limited by", c.limitedBy())
        .figure(
            "kv_cache_tokens", "KV-cache capacity (per replica)", memory.kvTokens(), "tokens", 0)
        .figure(
            "kv_cache_sequences",
            "sequences that fit",
            memory.sequencesThatFit(input + output),
            "of " + (input + output) + " tokens",
            0)
        .figure(
            "memory_per_device_gb",
            "memory used per device",
            memory.weights().plus(memory.workspace()).plus(memory.kvCache()).gigabytes(),
            "GB",
            1)
        .figure(
            "usd_per_hour",
            "cost",
            cost.dollarsPerHour(),
            "$/h (" + cost.appliedTier().id() + ")",
            2)
        .figure("usd_per_month", "cost per month", cost.dollarsPerMonth(), "$", 0)
        .figure(
            "usd_per_million_output_tokens",
            "cost per million output tokens",
            cost.dollarsPerMillion(tokensPerSecond),
            "$",
            3)
        .confidence(ConfidenceTable.shipped().forHardware(serving.hardware()))
        .table(memoryTable.build())
        .table(kernels.build())
        .note(
            "in-flight batching at saturation: each iteration decodes every running sequence and prefills "
                + "new ones; KV cache reserved for input+output tokens per request (docs/calibration.md)");
  }
}
