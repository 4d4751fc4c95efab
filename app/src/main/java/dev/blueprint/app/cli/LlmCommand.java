package dev.blueprint.app.cli;

import dev.blueprint.app.report.LlmReports;
import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.SequenceLengths;
import dev.blueprint.simulator.perf.ServingEngine;
import dev.blueprint.simulator.units.Precision;
import java.util.OptionalDouble;
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

  @Option(
      names = "--engine",
      defaultValue = "tensorrt-llm",
      converter = EngineConverter.class,
      description =
          "Serving engine whose scheduling limits and KV-cache rule apply: tensorrt-llm, vllm, "
              + "sglang or tgi (default: ${DEFAULT-VALUE}; docs/calibration.md, serving engines).")
  ServingEngine engine;

  static final class EngineConverter implements picocli.CommandLine.ITypeConverter<ServingEngine> {
    @Override
    public ServingEngine convert(String value) {
      return ServingEngine.parse(value);
    }
  }

  @Option(
      names = "--lengths",
      paramLabel = "DATASET",
      description =
          "Let request lengths vary as in a benchmark dataset's length histograms "
              + "(mlperf-openorca, mlperf-mixtral-15k, mlperf-llama3.1-405b, mlperf-deepseek-r1, "
              + "mlperf-cnndm), with --input and --output as their means.")
  String lengths;

  @Option(
      names = "--max-seqs",
      description =
          "Sequences the engine keeps in flight at most (vLLM's max_num_seqs, TensorRT-LLM's "
              + "max_batch_size; default: the engine's).")
  Integer maxSeqs;

  @Option(
      names = "--max-tokens",
      description =
          "Tokens one iteration may carry (vLLM's max_num_batched_tokens, TensorRT-LLM's "
              + "max_num_tokens; default: the engine's).")
  Integer maxTokens;

  @Option(
      names = "--kv-cache",
      converter = Converters.PrecisionConverter.class,
      description =
          "Format of the KV cache (vLLM's and SGLang's --kv-cache-dtype): fp8, bf16 or fp16"
              + " (default: the engine's: TensorRT-LLM caches fp8 models' keys and values in fp8,"
              + " the others in 16 bits).")
  Precision kvCache;

  @Option(
      names = "--ep",
      description =
          "Mixture-of-experts models: experts whole on one device each (expert parallelism over "
              + "the --tp group) instead of every expert split over it.")
  boolean expertParallel;

  @Option(
      names = "--attention-dp",
      description =
          "With --ep: attention data parallel, each device running attention for its own "
              + "sequences with the attention weights replicated (MLPerf's DeepSeek layout).")
  boolean attentionDataParallel;

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
    LlmServing serving =
        new LlmServing(
            model,
            hardware,
            count,
            tp,
            pp,
            precision,
            engine,
            attentionDataParallel
                ? LlmServing.MoeLayout.EXPERT_WITH_ATTENTION_DP
                : expertParallel ? LlmServing.MoeLayout.EXPERT : LlmServing.MoeLayout.TENSOR);
    if ((maxSeqs != null && maxSeqs < 1) || (maxTokens != null && maxTokens < 1)) {
      throw new IllegalArgumentException("--max-seqs and --max-tokens must be at least 1");
    }
    serving =
        serving.withLimits(
            maxSeqs == null ? OptionalInt.empty() : OptionalInt.of(maxSeqs),
            maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens));
    if (kvCache != null) {
      serving = serving.withKvCache(kvCache);
    }
    SequenceLengths requests =
        lengths == null
            ? SequenceLengths.fixed(input, output)
            : SequenceLengths.dataset(lengths, OptionalDouble.of(output))
                .withMeans(OptionalDouble.of(input), OptionalDouble.empty());
    LlmServing.Continuous c =
        serving.continuous(
            requests, concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency));
    CostEstimate cost = CostEstimate.of(hardware, count, pricing.tier);
    formatting
        .printer(spec.commandLine().getOut())
        .print(
            lengths == null
                ? LlmReports.report(serving, precision, count, input, output, c, cost)
                : LlmReports.builder(serving, precision, count, input, output, c, cost)
                    .note(
                        "request lengths vary as in "
                            + lengths
                            + " with these means; the running set is weighted by output length"
                            + " (docs/calibration.md, variable-length workloads)")
                    .build());
    return 0;
  }
}
