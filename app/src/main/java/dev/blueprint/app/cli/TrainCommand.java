package dev.blueprint.app.cli;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.perf.AttentionKernel;
import dev.blueprint.simulator.perf.Recompute;
import dev.blueprint.simulator.perf.Training;
import dev.blueprint.simulator.perf.TrainingJob;
import dev.blueprint.simulator.perf.TrainingReport;
import dev.blueprint.simulator.perf.TrainingRun;
import dev.blueprint.simulator.perf.TrainingSetup;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Training time, memory per device, MFU and cost. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Training a transformer on a cluster: step time, tokens/s, MFU, memory per device (ZeRO, "
            + "recomputation), time and cost for a token budget, and the optimal checkpoint interval.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogs;

  @Option(names = "--model", required = true, description = "Transformer profile id.")
  String modelId;

  @Option(names = "--hardware", required = true, description = "Hardware profile id.")
  String hardwareId;

  @Option(names = "--count", required = true, description = "Devices in total.")
  int count;

  @Option(
      names = "--tokens",
      required = true,
      converter = Converters.CountConverter.class,
      description = "Tokens to train on: 1T, 300B, 2.5e12.")
  double tokens;

  @Option(
      names = "--tp",
      defaultValue = "1",
      description = "Tensor-parallel degree (default: ${DEFAULT-VALUE}).")
  int tp;

  @Option(
      names = "--pp",
      defaultValue = "1",
      description = "Pipeline stages (default: ${DEFAULT-VALUE}).")
  int pp;

  @Option(
      names = "--cp",
      defaultValue = "1",
      description = "Context-parallel degree (default: ${DEFAULT-VALUE}).")
  int cp;

  @Option(
      names = "--vpp",
      defaultValue = "1",
      description = "Interleaved chunks per pipeline stage (default: ${DEFAULT-VALUE}).")
  int virtualPipeline;

  @Option(
      names = "--zero",
      defaultValue = "1",
      description = "ZeRO stage 0-3; 1 = distributed optimizer (default: ${DEFAULT-VALUE}).")
  int zero;

  @Option(
      names = "--recompute",
      defaultValue = "none",
      converter = Converters.RecomputeConverter.class,
      description = "none, selective or full (default: ${DEFAULT-VALUE}).")
  Recompute recompute;

  @Option(
      names = "--sequence-parallel",
      description = "Shard norms and dropout over the tensor-parallel group.")
  boolean sequenceParallel;

  @Option(names = "--seq", description = "Sequence length (default: the model's default).")
  Integer sequence;

  @Option(
      names = "--global-batch",
      description = "Sequences per optimizer step (default: about 4M tokens).")
  Integer globalBatch;

  @Option(
      names = "--micro-batch",
      defaultValue = "1",
      description = "Sequences per micro-batch (default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Option(
      names = "--precision",
      defaultValue = "bf16",
      converter = Converters.PrecisionConverter.class,
      description = "GEMM precision: bf16, fp16 or fp8 (default: ${DEFAULT-VALUE}).")
  Precision precision;

  @Mixin PricingOptions pricing;

  @Option(
      names = "--device-mtbf",
      converter = Converters.TimeSpanConverter.class,
      description =
          "Mean time between interruptions of one device (default: about 50,700 h, from Llama 3 training).")
  TimeSpan deviceMtbf;

  @Option(
      names = "--checkpoint-bandwidth",
      defaultValue = "100GB/s",
      converter = Converters.BandwidthConverter.class,
      description = "Aggregate write bandwidth for checkpoints (default: ${DEFAULT-VALUE}).")
  Bandwidth checkpointBandwidth;

  @Mixin OutputOptions formatting;

  private static void atLeastOne(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  @Override
  public Integer call() {
    if (!(tokens > 0)) {
      throw new IllegalArgumentException("--tokens must be positive");
    }
    atLeastOne("--count", count);
    atLeastOne("--tp", tp);
    atLeastOne("--pp", pp);
    atLeastOne("--cp", cp);
    atLeastOne("--vpp", virtualPipeline);
    atLeastOne("--micro-batch", microBatch);
    if (sequence != null) {
      atLeastOne("--seq", sequence);
    }
    if (globalBatch != null) {
      atLeastOne("--global-batch", globalBatch);
    }
    if (zero < 0 || zero > 3) {
      throw new IllegalArgumentException("--zero must be 0, 1, 2 or 3, got " + zero);
    }
    if (checkpointBandwidth.bytesPerSecond() <= 0) {
      throw new IllegalArgumentException("--checkpoint-bandwidth must be positive");
    }
    TimeSpan mtbfPerDevice = deviceMtbf != null ? deviceMtbf : TrainingJob.DEFAULT_DEVICE_MTBF;
    if (mtbfPerDevice.seconds() <= 0) {
      throw new IllegalArgumentException("--device-mtbf must be positive");
    }
    HardwareProfile hardware = catalogs.hardware(spec.commandLine().getErr()).get(hardwareId);
    ModelProfile model = catalogs.models(spec.commandLine().getErr()).get(modelId);
    TransformerArchitecture arch =
        model
            .transformer()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        model.id() + " is not a transformer; train models transformers only"));
    int seq = sequence == null ? arch.defaultSequence() : sequence;
    int modelParallel = tp * pp * cp;
    if (count % modelParallel != 0) {
      throw new IllegalArgumentException(
          "--count (" + count + ") must be a multiple of tp x pp x cp (" + modelParallel + ")");
    }
    atLeastOne("--seq", seq);
    int batch =
        globalBatch != null
            ? globalBatch
            : Training.defaultGlobalBatch(count, tp, pp, cp, microBatch, seq);
    TrainingSetup setup =
        new TrainingSetup(
            count,
            tp,
            pp,
            cp,
            virtualPipeline,
            batch,
            microBatch,
            seq,
            precision,
            recompute,
            sequenceParallel,
            zero,
            AttentionKernel.FLASH);
    TrainingRun run =
        Training.run(
            model,
            hardware,
            setup,
            new TrainingJob(tokens, mtbfPerDevice, checkpointBandwidth, pricing.tier));
    TrainingReport r = run.step();
    TrainingReport.Memory memory = r.memory();
    TrainingRun.Checkpoints checkpoints = run.checkpoints();

    Table memoryTable =
        Table.builder("Memory per device")
            .text("part", "part")
            .number("gb", "GB", 2)
            .row("weights (16-bit)", memory.weights().gigabytes())
            .row("gradients (16-bit)", memory.gradients().gigabytes())
            .row("optimizer (fp32 master + Adam)", memory.optimizer().gigabytes())
            .row("activations", memory.activations().gigabytes())
            .row("total", memory.total().gigabytes())
            .row("device capacity", hardware.memory().allocatable().gigabytes())
            .build();
    Table stepTable =
        Table.builder("One step")
            .text("part", "part")
            .number("seconds", "seconds", 3)
            .row("micro-batches x micro-batch time", r.microBatches() * r.microBatchSeconds())
            .row("pipeline bubble", r.bubbleSeconds())
            .row("tensor/context-parallel communication (inside the above)", r.tensorCommSeconds())
            .row("exposed data-parallel gradient reduction", r.exposedDataParallelSeconds())
            .row("optimizer update", r.optimizerSeconds())
            .row("step", r.stepSeconds())
            .build();
    Report report =
        Report.builder(
                "Training: "
                    + model.id()
                    + " on "
                    + count
                    + " x "
                    + hardware.id()
                    + " (dp "
                    + run.dataParallel()
                    + ", tp "
                    + tp
                    + ", pp "
                    + pp
                    + (cp > 1 ? ", cp " + cp : "")
                    + ", "
                    + precision.id()
                    + ", ZeRO "
                    + zero
                    + ", recompute "
                    + recompute.id()
                    + "), "
                    + batch
                    + " x "
                    + seq
                    + " tokens per step")
            .figure("step_seconds", "step time", r.stepSeconds(), "s", 3)
            .figure("tokens_per_s", "tokens/s", r.tokensPerSecond(), "tokens/s", 0)
            .figure(
                "tokens_per_s_per_device",
                "tokens/s per device",
                r.tokensPerSecondPerDevice(),
                "tokens/s",
                0)
            .figure("mfu_pct", "MFU (model FLOPs / dense peak)", 100 * r.mfu(), "%", 1)
            .figure(
                "model_tflops_per_device",
                "model TFLOP/s per device",
                r.modelFlopPerSecondPerDevice() / 1e12,
                "TFLOP/s",
                1)
            .figure("steps", "steps for the token budget", run.steps(), "", 0)
            .figure(
                "train_days",
                "time to train (compute only)",
                run.compute().seconds() / 86400,
                "days",
                2)
            .figure(
                "checkpoint_interval_min",
                "optimal checkpoint interval (Young/Daly)",
                checkpoints.interval().seconds() / 60,
                "min",
                1)
            .figure(
                "train_days_with_failures",
                "time to train with checkpoints and failures",
                run.wall().seconds() / 86400,
                "days",
                2)
            .figure(
                "memory_per_device_gb", "memory per device", memory.total().gigabytes(), "GB", 1)
            .figure(
                "usd_total",
                "cost",
                run.totalCost().dollars(),
                "$ (" + run.cost().appliedTier().id() + ")",
                0)
            .figure("usd_per_hour", "cluster price", run.cost().dollarsPerHour(), "$/h", 2)
            .table(stepTable)
            .table(memoryTable)
            .note(
                "checkpoint: "
                    + checkpoints.state().toHumanString()
                    + " of weights and optimizer state at "
                    + checkpoints.bandwidth().toHumanString()
                    + " = "
                    + checkpoints.write().toHumanString()
                    + "; job MTBF "
                    + checkpoints.jobMtbf().toHumanString()
                    + " from "
                    + checkpoints.deviceMtbf().toHumanString()
                    + " per device; restart "
                    + Math.round(checkpoints.restart().seconds() / 60)
                    + " min")
            .build();
    formatting.printer(spec.commandLine().getOut()).print(report);
    return 0;
  }
}
