package dev.blueprint.app.cli;

import dev.blueprint.app.report.TrainingReports;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.perf.AttentionKernel;
import dev.blueprint.simulator.perf.Recompute;
import dev.blueprint.simulator.perf.Training;
import dev.blueprint.simulator.perf.TrainingJob;
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
    formatting.printer(spec.commandLine().getOut()).print(TrainingReports.report(run, hardware));
    return 0;
  }
}
