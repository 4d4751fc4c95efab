package dev.blueprint.simulator.validate;

import dev.blueprint.simulator.des.ServerCapacity;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.Interconnect;
import dev.blueprint.simulator.hardware.Link;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.model.CollectiveSpec;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelFamily;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.AttentionKernel;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.perf.CollectiveTime;
import dev.blueprint.simulator.perf.Collectives;
import dev.blueprint.simulator.perf.ExecutionMode;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.Recompute;
import dev.blueprint.simulator.perf.SequenceLengths;
import dev.blueprint.simulator.perf.ServingEngine;
import dev.blueprint.simulator.perf.Training;
import dev.blueprint.simulator.perf.TrainingReport;
import dev.blueprint.simulator.perf.TrainingSetup;
import dev.blueprint.simulator.perf.WeightFormat;
import dev.blueprint.simulator.perf.Workloads;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Predicts each published measurement with the performance models and compares. How each scenario
 * is mapped onto the models, and which benchmark conventions are applied, is written down in {@code
 * docs/validation.md}; nothing here is fitted to a row.
 */
public final class Validator {
  /**
   * Share of a SQuAD v1.1 window of 384 tokens that is real text: padding is 54% of the input
   * tokens at that length (Zhang et al., ISPASS 2021), and MLPerf's TensorRT BERT removes it
   * (variable sequence length, docs/validation.md).
   */
  static final double SQUAD_REAL_TOKEN_SHARE = 0.46;

  private final Catalog<HardwareProfile> hardware;
  private final ModelCatalog models;

  public Validator(Catalog<HardwareProfile> hardware, ModelCatalog models) {
    this.hardware = hardware;
    this.models = models;
  }

  public ValidationSummary validate(List<Measurement> measurements) {
    List<ValidationResult> results = new ArrayList<>();
    for (Measurement m : measurements) {
      results.add(validate(m));
    }
    return new ValidationSummary(results);
  }

  /**
   * Predicts one row; never throws for a row the models cannot answer, it says why instead. Options
   * the models do not read are named in the result's detail.
   */
  public ValidationResult validate(Measurement m) {
    ValidationResult result = predict(m);
    List<String> ignored = MeasurementCsv.ignoredOptions(m);
    if (!result.supported() || ignored.isEmpty()) {
      return result;
    }
    return ValidationResult.predicted(
        m,
        result.predicted().orElseThrow(),
        result.detail() + "; not modelled, ignored: " + String.join(", ", ignored));
  }

  private ValidationResult predict(Measurement m) {
    HardwareProfile hw;
    ModelProfile model;
    Precision precision;
    try {
      hw = hardware.get(m.hardware());
      model = models.get(m.model());
      precision = Precision.parse(m.precision());
    } catch (IllegalArgumentException e) {
      return ValidationResult.unsupported(m, e.getMessage());
    }
    if (m.option("nvlink_bridge").filter("false"::equals).isPresent()) {
      hw = withoutScaleUp(hw);
    }
    try {
      return switch (m.scenario()) {
        case "offline" -> offline(m, model, hw, precision);
        case "server" -> server(m, model, hw, precision);
        case "single-stream" -> singleStream(m, model, hw, precision);
        case "llm-throughput" -> llmThroughput(m, model, hw, precision);
        case "llm-static-batch" -> llmStaticBatch(m, model, hw, precision);
        case "llm-server" -> llmServer(m, model, hw, precision);
        case "kernel" -> kernel(m, model, hw, precision);
        case "training" -> training(m, model, hw, precision);
        case "collective" -> collective(m, model, hw);
        default ->
            ValidationResult.unsupported(
                m,
                "scenario '"
                    + m.scenario()
                    + "' is not modelled; known: "
                    + "offline, server, single-stream, llm-throughput, llm-server, llm-static-batch, kernel, "
                    + "training, collective");
      };
    } catch (IllegalArgumentException e) {
      return ValidationResult.unsupported(m, e.getMessage());
    }
  }

  private static ValidationResult wrongMetric(Measurement m, String expected) {
    return ValidationResult.unsupported(
        m,
        "metric '"
            + m.metric()
            + "' in '"
            + m.unit()
            + "' is not predicted for scenario "
            + m.scenario()
            + "; supported: "
            + expected);
  }

  /** The sequence length a batch serving benchmark really runs. */
  static int servingSequence(Measurement m, ModelProfile model) {
    int given = m.inputTokens().orElse(Workloads.defaultSequence(model));
    if (model.family() == ModelFamily.TRANSFORMER_ENCODER
        && model.task().equals("question-answering")) {
      return (int) Math.round(given * SQUAD_REAL_TOKEN_SHARE);
    }
    return given;
  }

  private ValidationResult offline(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.metric().equals("throughput")) {
      return wrongMetric(m, "throughput (samples/s)");
    }
    BatchServing serving = new BatchServing(model, hw, precision, servingSequence(m, model));
    if (m.batch().isPresent()) {
      // A vendor table that states its batch ran that compiled configuration (NPUs compile for
      // one batch size); MLPerf rows leave the batch to the submitter, and the best one is
      // searched.
      int batch = m.batch().getAsInt();
      if (!hw.memory().onChip() && !serving.fits(batch)) {
        return ValidationResult.unsupported(
            m, "does not fit: batch " + batch + " of " + model.id() + " on " + hw.id());
      }
      double seconds = serving.batchSeconds(batch);
      return ValidationResult.predicted(
          m,
          batch / seconds * m.count(),
          String.format(
              Locale.ROOT, "batch %d as published, %.3f ms per batch", batch, seconds * 1e3));
    }
    BatchServing.Throughput t = serving.offline();
    return ValidationResult.predicted(
        m,
        t.samplesPerSecond() * m.count(),
        "batch "
            + t.batch()
            + ", "
            + String.format(Locale.ROOT, "%.3f ms", t.batchSeconds() * 1e3)
            + " per batch"
            + (serving.residentTableShare() < 1
                ? String.format(
                    Locale.ROOT,
                    ", %.0f%% of tables in device memory",
                    100 * serving.residentTableShare())
                : ""));
  }

  private ValidationResult server(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.metric().equals("throughput")) {
      return wrongMetric(m, "throughput (samples/s)");
    }
    if (m.latencyBoundMs().isEmpty()) {
      return ValidationResult.unsupported(m, "a server row needs latency_bound_ms");
    }
    var t =
        ServerCapacity.search(
            model,
            hw,
            precision,
            servingSequence(m, model),
            m.count(),
            m.latencyBoundMs().getAsDouble() / 1e3);
    return ValidationResult.predicted(
        m,
        t.samplesPerSecond(),
        String.format(
            Locale.ROOT,
            "simulated: dynamic batching up to %d, %.3f ms delay, p99 %.2f ms",
            t.maxBatch(),
            t.delaySeconds() * 1e3,
            t.p99Seconds() * 1e3));
  }

  private ValidationResult singleStream(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.unit().equals("ms")
        || !(m.metric().equals("p90_latency") || m.metric().equals("latency"))) {
      return wrongMetric(m, "p90_latency or latency (ms)");
    }
    BatchServing serving = new BatchServing(model, hw, precision, servingSequence(m, model));
    return ValidationResult.predicted(
        m,
        serving.singleSampleSeconds() * 1e3,
        "batch 1, deterministic service: every percentile equals the mean");
  }

  private ValidationResult llmThroughput(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.metric().equals("output_throughput")) {
      return wrongMetric(m, "output_throughput (tokens/s)");
    }
    LlmServing serving = serving(m, model, hw, precision);
    LlmServing.Continuous c = serving.continuous(lengths(m), OptionalInt.empty());
    return ValidationResult.predicted(
        m,
        c.outputTokensPerSecond(),
        c.concurrency()
            + " sequences in flight (limited by "
            + c.limitedBy()
            + ")"
            + String.format(Locale.ROOT, ", %.2f ms per iteration", c.tpotSeconds() * 1e3)
            + engineNote(m));
  }

  private ValidationResult llmServer(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.metric().equals("output_throughput")) {
      return wrongMetric(m, "output_throughput (tokens/s)");
    }
    Optional<Double> ttft = m.option("ttft_ms").map(Double::parseDouble);
    Optional<Double> tpot = m.option("tpot_ms").map(Double::parseDouble);
    if (ttft.isEmpty() || tpot.isEmpty()) {
      return ValidationResult.unsupported(
          m, "an llm-server row needs the options ttft_ms and tpot_ms (the p99 bounds)");
    }
    LlmServing.Server s =
        serving(m, model, hw, precision).server(lengths(m), ttft.get() / 1e3, tpot.get() / 1e3);
    return ValidationResult.predicted(
        m,
        s.outputTokensPerSecond(),
        String.format(
                Locale.ROOT,
                "%d slots per replica, TPOT %.1f ms, %.2f requests/s; p99 wait for a slot from"
                    + " Erlang C",
                s.concurrency(),
                s.tpotSeconds() * 1e3,
                s.requestsPerSecond())
            + engineNote(m));
  }

  /**
   * The request lengths of an LLM serving row: fixed at {@code input_tokens} and {@code
   * output_tokens}, or with {@code lengths=DATASET} that dataset's length histograms, scaled to the
   * row's own means where it gives them (a run's generated tokens per sample).
   */
  static SequenceLengths lengths(Measurement m) {
    Optional<String> dataset = m.option("lengths");
    if (dataset.isEmpty()) {
      return SequenceLengths.fixed(
          require(m.inputTokens(), "input_tokens"), require(m.outputTokens(), "output_tokens"));
    }
    OptionalDouble output =
        m.outputTokens().isPresent()
            ? OptionalDouble.of(m.outputTokens().getAsInt())
            : OptionalDouble.empty();
    SequenceLengths shape = SequenceLengths.dataset(dataset.get(), output);
    return m.inputTokens().isPresent()
        ? shape.withMeans(OptionalDouble.of(m.inputTokens().getAsInt()), OptionalDouble.empty())
        : shape;
  }

  /**
   * The serving group of a row, with the engine its {@code engine} option names; engines whose
   * limits are not modelled (llama.cpp, JetStream, ...) get TensorRT-LLM's, and the detail says so.
   */
  private static LlmServing serving(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    LlmServing.MoeLayout moe =
        m.option("attention_dp").filter("true"::equals).isPresent()
            ? LlmServing.MoeLayout.EXPERT_WITH_ATTENTION_DP
            : m.option("ep").filter("true"::equals).isPresent()
                ? LlmServing.MoeLayout.EXPERT
                : LlmServing.MoeLayout.TENSOR;
    LlmServing serving =
        new LlmServing(
            model,
            hw,
            m.count(),
            m.tensorParallel().orElse(1),
            m.pipelineParallel().orElse(1),
            precision,
            engineOf(m).orElse(ServingEngine.TENSORRT_LLM),
            moe);
    LlmServing limited =
        serving.withLimits(
            optionalInt(m, "max_num_seqs"), optionalInt(m, "max_num_batched_tokens"));
    LlmServing cached =
        m.option("kv_cache")
            .filter(v -> !v.equals("auto"))
            .map(v -> limited.withKvCache(Precision.parse(v)))
            .orElse(limited);
    return m.option("weights")
        .flatMap(WeightFormat::find)
        .map(cached::withWeightFormat)
        .orElse(cached);
  }

  private static OptionalInt optionalInt(Measurement m, String key) {
    return m.option(key).map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
  }

  static Optional<ServingEngine> engineOf(Measurement m) {
    try {
      return m.option("engine").map(ServingEngine::parse);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String engineNote(Measurement m) {
    return m.option("engine")
        .filter(name -> engineOf(m).isEmpty())
        .map(name -> "; engine " + name + " not modelled, TensorRT-LLM's limits used")
        .orElse("");
  }

  private ValidationResult llmStaticBatch(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    LlmServing serving = serving(m, model, hw, precision);
    int batch = require(m.batch(), "batch");
    if (m.inputTokens().isEmpty() && m.metric().equals("output_throughput")) {
      // A generation rate without a prompt (llama.cpp's tg, Ollama's eval rate) times the decode
      // steps alone, from a one-token context.
      int steps = m.outputTokens().orElse(128);
      LlmServing.StaticBatch d = serving.staticBatch(batch, 1, steps + 1);
      return ValidationResult.predicted(
          m,
          batch / d.tpotSeconds() * serving.replicas(),
          String.format(
              Locale.ROOT,
              "decode only (no input_tokens): TPOT %.2f ms over %d tokens",
              d.tpotSeconds() * 1e3,
              steps));
    }
    LlmServing.StaticBatch s =
        serving.staticBatch(
            batch, require(m.inputTokens(), "input_tokens"), m.outputTokens().orElse(1));
    return switch (m.metric()) {
      case "output_throughput" ->
          ValidationResult.predicted(
              m,
              s.outputTokensPerSecond(),
              String.format(
                  Locale.ROOT,
                  "TTFT %.1f ms, TPOT %.2f ms",
                  s.ttftSeconds() * 1e3,
                  s.tpotSeconds() * 1e3));
      case "ttft" -> ValidationResult.predicted(m, s.ttftSeconds() * 1e3, "prefill of the batch");
      case "prefill_throughput" ->
          ValidationResult.predicted(
              m,
              batch * (double) require(m.inputTokens(), "input_tokens") / s.ttftSeconds(),
              String.format(
                  Locale.ROOT,
                  "prompt tokens over the batch's prefill of %.1f ms",
                  s.ttftSeconds() * 1e3));
      case "latency" ->
          ValidationResult.predicted(
              m,
              (s.ttftSeconds() + s.tpotSeconds() * Math.max(0, m.outputTokens().orElse(1) - 1))
                  * 1e3,
              "prefill plus decode steps");
      default ->
          wrongMetric(
              m, "output_throughput or prefill_throughput (tokens/s), ttft or latency (ms)");
    };
  }

  private ValidationResult kernel(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    if (!m.metric().equals("latency") || !m.unit().equals("ms")) {
      return wrongMetric(m, "latency (ms)");
    }
    BatchServing serving = new BatchServing(model, hw, precision, 1, ExecutionMode.ISOLATED);
    return ValidationResult.predicted(
        m,
        serving.singleSampleSeconds() * 1e3,
        "one kernel launched and synchronised from the host");
  }

  private ValidationResult training(
      Measurement m, ModelProfile model, HardwareProfile hw, Precision precision) {
    int tp = m.tensorParallel().orElse(1);
    int pp = m.pipelineParallel().orElse(1);
    // Selective recomputation (Korthikanti et al. 2022) recomputes the materialised softmax and
    // dropout of unfused attention; a row that uses it ran unfused attention (docs/validation.md).
    Recompute recompute =
        m.option("recompute")
            .map(Recompute::parse)
            .or(() -> m.option("remat").map(Recompute::fromMaxTextPolicy))
            .orElse(Recompute.NONE);
    TrainingSetup setup =
        new TrainingSetup(
            m.count(),
            tp,
            pp,
            m.optionInt("context_parallel", 1),
            m.optionInt("virtual_pipeline", 1),
            require(m.batch(), "batch"),
            m.optionInt("micro_batch", 1),
            require(m.inputTokens(), "input_tokens"),
            precision,
            recompute,
            m.optionFlag("sequence_parallel"),
            // FSDP (full sharding) is ZeRO stage 3: parameters, gradients and optimizer state
            // sharded over the data-parallel group, parameters gathered per layer.
            m.option("fsdp").filter("true"::equals).isPresent() ? 3 : m.optionInt("zero", 0),
            m.option("attention")
                .map(AttentionKernel::parse)
                .orElse(
                    recompute == Recompute.SELECTIVE
                        ? AttentionKernel.UNFUSED
                        : AttentionKernel.FLASH));
    TrainingReport r = Training.analyze(model, hw, setup);
    String detail =
        String.format(
            Locale.ROOT,
            "%d micro-batches, bubble %.2f s, MFU %.1f%%",
            r.microBatches(),
            r.bubbleSeconds(),
            100 * r.mfu());
    return switch (m.metric()) {
      case "iteration_time" -> ValidationResult.predicted(m, r.stepSeconds(), detail);
      case "tokens_per_s_per_gpu" ->
          ValidationResult.predicted(m, r.tokensPerSecondPerDevice(), detail);
      // Narayanan et al. count the recomputed forward pass in their teraFLOP/s
      // (docs/validation.md).
      case "model_tflops_per_gpu" ->
          ValidationResult.predicted(
              m,
              (setup.recompute() == Recompute.FULL
                      ? r.hardwareFlopPerSecondPerDevice()
                      : r.modelFlopPerSecondPerDevice())
                  / 1e12,
              detail);
      default -> wrongMetric(m, "iteration_time (s), tokens_per_s_per_gpu, model_tflops_per_gpu");
    };
  }

  private ValidationResult collective(Measurement m, ModelProfile model, HardwareProfile hw) {
    if (!(model.structure() instanceof CollectiveSpec spec)) {
      return ValidationResult.unsupported(
          m, model.id() + " is not a collective (use allreduce-SIZE)");
    }
    if (!m.metric().equals("bus_bandwidth") && !m.metric().equals("algorithm_bandwidth")) {
      return wrongMetric(m, "bus_bandwidth or algorithm_bandwidth (GB/s)");
    }
    HardwareProfile device =
        m.option("nvls").map(Boolean::parseBoolean).orElse(true)
            ? hw
            : withoutInNetworkReduction(hw);
    CollectiveTime t = Collectives.time(spec.operation(), spec.size().bytes(), m.count(), device);
    double value = m.metric().equals("bus_bandwidth") ? t.busBandwidth() : t.algorithmBandwidth();
    return ValidationResult.predicted(
        m, value / 1e9, t.algorithm() + String.format(Locale.ROOT, ", %.2f ms", t.seconds() * 1e3));
  }

  /**
   * A system built without the profile's scale-up fabric ({@code nvlink_bridge=false}: PCIe cards
   * installed without their NVLink bridges, as MLPerf system descriptions state with {@code
   * accelerator_interconnect: N/A}): every collective and stage transfer crosses the host's PCIe
   * instead.
   */
  private static HardwareProfile withoutScaleUp(HardwareProfile hw) {
    return hw.withInterconnect(
        new Interconnect(Optional.empty(), hw.interconnect().scaleOut(), hw.interconnect().host()));
  }

  private static HardwareProfile withoutInNetworkReduction(HardwareProfile hw) {
    var intra =
        hw.interconnect()
            .intraNode()
            .map(
                l ->
                    new Link(l.name(), l.bidirectional(), l.topology(), l.devicesPerNode(), false));
    return hw.withInterconnect(
        new Interconnect(intra, hw.interconnect().scaleOut(), hw.interconnect().host()));
  }

  private static int require(OptionalInt value, String column) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("this scenario needs a value in column '" + column + "'");
    }
    return value.getAsInt();
  }
}
