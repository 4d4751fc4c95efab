package dev.blueprint.app.cli;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.PlanTiming;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** LLM serving: TTFT, TPOT, throughput, KV-cache capacity, memory and cost. */
@Command(
    name = "llm",
    mixinStandardHelpOptions = true,
    description =
        "LLM serving with in-flight batching on a tensor/pipeline-parallel group: time to first token, "
            + "time per output token, tokens/s, KV-cache capacity, memory per device and cost.")
final class LlmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogs;

  @Option(names = "--model", required = true, description = "Decoder LLM profile id.")
  String modelId;

  @Option(names = "--hardware", required = true, description = "Hardware profile id.")
  String hardwareId;

  @Option(
      names = "--count",
      defaultValue = "1",
      description = "Devices in total; a multiple of tp x pp (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--tp",
      defaultValue = "1",
      description = "Tensor-parallel degree (default: ${DEFAULT-VALUE}).")
  int tp;

  @Option(
      names = "--pp",
      defaultValue = "1",
      description = "Pipeline-parallel degree (default: ${DEFAULT-VALUE}).")
  int pp;

  @Option(
      names = "--precision",
      required = true,
      converter = Converters.PrecisionConverter.class,
      description = "Weight/GEMM precision: bf16, fp16, fp8, int8 or int4 (weight-only).")
  Precision precision;

  @Option(names = "--input", required = true, description = "Prompt tokens per request.")
  int input;

  @Option(names = "--output", required = true, description = "Generated tokens per request.")
  int output;

  @Option(
      names = "--concurrency",
      description = "Requests running at once (default: as many as the KV cache holds).")
  Integer concurrency;

  @Mixin PricingOptions pricing;

  @Mixin OutputOptions formatting;

  @Override
  public Integer call() {
    if (input < 1 || output < 1) {
      throw new IllegalArgumentException("--input and --output must be at least 1");
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
    HardwareProfile hardware = catalogs.hardware(spec.commandLine().getErr()).get(hardwareId);
    ModelProfile model = catalogs.models(spec.commandLine().getErr()).get(modelId);
    LlmServing serving = new LlmServing(model, hardware, count, tp, pp, precision);
    LlmServing.Continuous c =
        serving.continuous(
            input, output, concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency));
    CostEstimate cost = CostEstimate.of(hardware, count, pricing.tier);
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
    Report report =
        Report.builder(
                "LLM serving: "
                    + model.id()
                    + " on "
                    + count
                    + " x "
                    + hardware.id()
                    + " (tp "
                    + tp
                    + ", pp "
                    + pp
                    + ", "
                    + precision.id()
                    + "), "
                    + input
                    + " in / "
                    + output
                    + " out")
            .figure("ttft_ms", "time to first token", c.ttftSeconds() * 1e3, "ms", 1)
            .figure("tpot_ms", "time per output token", c.tpotSeconds() * 1e3, "ms", 2)
            .figure(
                "output_tokens_per_s",
                "output tokens/s (all devices)",
                tokensPerSecond,
                "tokens/s",
                0)
            .figure(
                "output_tokens_per_s_per_device",
                "output tokens/s per device",
                tokensPerSecond / count,
                "tokens/s",
                0)
            .figure(
                "tokens_per_s_per_user", "tokens/s per request", 1 / c.tpotSeconds(), "tokens/s", 1)
            .figure("concurrency", "requests in flight (per replica)", c.concurrency(), "", 0)
            .text("concurrency_limited_by", "limited by", c.limitedBy())
            .figure(
                "kv_cache_tokens",
                "KV-cache capacity (per replica)",
                memory.kvTokens(),
                "tokens",
                0)
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
            .table(memoryTable.build())
            .table(kernels.build())
            .note(
                "in-flight batching at saturation: each iteration decodes every running sequence and prefills "
                    + "new ones; KV cache reserved for input+output tokens per request (docs/calibration.md)")
            .build();
    formatting.printer(spec.commandLine().getOut()).print(report);
    return 0;
  }
}
