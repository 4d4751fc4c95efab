package dev.blueprint.app.report;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.perf.TrainingReport;
import dev.blueprint.simulator.perf.TrainingRun;
import dev.blueprint.simulator.perf.TrainingSetup;
import dev.blueprint.simulator.validate.ConfidenceTable;

/** A training run ({@code blueprint train}, the workbench's Training tool) as a report. */
public final class TrainingReports {
  private TrainingReports() {}

  /** Step time, throughput, MFU, time and cost to train, memory per device, checkpoints. */
  public static Report report(TrainingRun run, HardwareProfile hardware) {
    TrainingReport r = run.step();
    TrainingSetup setup = r.setup();
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
    return Report.builder(
            "Training: "
                + r.modelId()
                + " on "
                + setup.devices()
                + " x "
                + hardware.id()
                + " (dp "
                + run.dataParallel()
                + ", tp "
                + setup.tensorParallel()
                + ", pp "
                + setup.pipelineParallel()
                + (setup.contextParallel() > 1 ? ", cp " + setup.contextParallel() : "")
                + ", "
                + setup.precision().id()
                + ", ZeRO "
                + setup.zeroStage()
                + ", recompute "
                + setup.recompute().id()
                + "), "
                + setup.globalBatch()
                + " x "
                + setup.sequence()
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
        .figure("memory_per_device_gb", "memory per device", memory.total().gigabytes(), "GB", 1)
        .figure(
            "usd_total",
            "cost",
            run.totalCost().dollars(),
            "$ (" + run.cost().appliedTier().id() + ")",
            0)
        .figure("usd_per_hour", "cluster price", run.cost().dollarsPerHour(), "$/h", 2)
        .confidence(ConfidenceTable.shipped().forHardware(hardware))
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
  }
}
