package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.DataSize;
import java.util.List;

/**
 * Training time and memory of a transformer under data, tensor, pipeline and context
 * parallelism (Megatron-LM style), built from the same per-kernel model as inference.
 *
 * <ul>
 *   <li>A micro-batch on one stage: the forward kernels, the backward at twice the forward's
 *       operations (input and weight gradients), plus the recomputed forward (full) or
 *       attention core (selective); tensor-parallel collectives twice per block forward and
 *       twice backward (all-reduce, or the same bytes as reduce-scatter + all-gather with
 *       sequence parallelism).
 *   <li>A step: {@code (m + (pp − 1)/v)} micro-batch times for m micro-batches on pp stages
 *       with v interleaved chunks (the 1F1B pipeline bubble), then the data-parallel gradient
 *       reduction that the last micro-batch's backward cannot hide, then the optimizer update.
 *   <li>Memory per device: weights, gradients and Adam states split by ZeRO stage, and
 *       activations by the formulas of Korthikanti et al. 2022 for the micro-batches a 1F1B
 *       first stage holds.
 * </ul>
 */
public final class Training {
  /**
   * Backward time of fused attention over its forward time: FlashAttention's backward does 2.5
   * times the forward's matrix work (five products instead of two; Dao 2023) at 0.84 of its
   * rate (FlashAttention-3 on Hopper, causal, head dimension 128, sequence 8192: 532 against 630
   * TFLOPS; flash-attention PR 1791): 2.5 / 0.84 ≈ 3.
   */
  static final double ATTENTION_BACKWARD_FACTOR = 3.0;

  /** Bytes of optimizer state per parameter: fp32 master weights, Adam m and v. */
  static final double OPTIMIZER_BYTES_PER_PARAM = 12;

  private Training() {}

  /** Analyses one step of {@code setup}. */
  public static TrainingReport analyze(ModelProfile model, HardwareProfile hardware, TrainingSetup setup) {
    TransformerArchitecture arch = model.transformer()
        .filter(a -> a.stack() != TransformerArchitecture.Stack.ENCODER_DECODER)
        .orElseThrow(() -> new IllegalArgumentException(
            "training time is modelled for transformer LMs and encoders; " + model.id() + " is " + model.family()));
    hardware.requirePeak(setup.precision());
    if (arch.heads() % setup.tensorParallel() != 0) {
      throw new IllegalArgumentException(
          "tp (" + setup.tensorParallel() + ") must divide the " + arch.heads() + " attention heads");
    }
    if (arch.layers() % setup.pipelineParallel() != 0) {
      throw new IllegalArgumentException(
          "pp (" + setup.pipelineParallel() + ") must divide the " + arch.layers() + " layers");
    }
    PrecisionPlan plan = PrecisionPlan.forTraining(setup.precision());
    KernelTimeModel timeModel = new KernelTimeModel(hardware, ExecutionMode.GRAPH);
    int tp = setup.tensorParallel();
    int pp = setup.pipelineParallel();
    int cp = setup.contextParallel();
    double blocksPerStage = arch.layers() / (double) pp;
    double tokensPerMicro = setup.microBatch() * (double) setup.sequence() / cp;

    TransformerCost forward = TransformerOps.trainingForward(arch, plan, tp, blocksPerStage, setup.microBatch(),
        setup.sequence() / (double) cp, setup.sequence(), setup.attention());
    PlanTiming blockTiming = PlanTiming.of(
        new KernelPlan(forward.block().stream().map(k -> new KernelPlan.Planned<>(k, blocksPerStage)).toList(),
            forward.blockCollectives().stream().map(c -> new KernelPlan.Planned<>(c, blocksPerStage)).toList()),
        timeModel);
    PlanTiming outerTiming = PlanTiming.of(KernelPlan.ofKernels(forward.outer()), timeModel);
    double blockKernels = blockTiming.computeSeconds();
    double attentionCore = blockTiming.kernels().stream()
        .filter(k -> k.op().name().startsWith("attn.core") || k.op().name().startsWith("attn.s")
            || k.op().name().startsWith("attn.dropout") || k.op().name().startsWith("attn.values"))
        .mapToDouble(PlanTiming.TimedKernel::totalSeconds)
        .sum();
    // The embedding and output layer sit on the first and last stage; spread over the stages.
    double outerKernels = outerTiming.computeSeconds() / pp;
    double forwardCompute = blockKernels + outerKernels;
    // Input and weight gradients: twice the forward work, except attention, whose backward
    // recomputes the scores and does 2.5x the forward matrix work at a lower rate.
    double backwardCompute = 2 * (forwardCompute - attentionCore) + ATTENTION_BACKWARD_FACTOR * attentionCore;
    double recompute = switch (setup.recompute()) {
      case NONE -> 0;
      case SELECTIVE -> attentionCore;
      case FULL -> blockKernels;
    };
    double tpComm = blockTiming.communicationSeconds();
    double contextComm = 0;
    if (cp > 1) {
      // Ring attention passes each chunk's keys and values around the context group.
      double kvBytes = tokensPerMicro * 2.0 * arch.kvWidth() / tp * 2;
      contextComm = blocksPerStage * 3
          * Collectives.time(Operation.ALL_GATHER, kvBytes * cp, cp, hardware).seconds();
    }
    double commPerMicro = 2 * tpComm + (setup.recompute() == Recompute.FULL ? tpComm : 0) + contextComm;
    double microSeconds = forwardCompute + backwardCompute + recompute + commPerMicro;

    int m = setup.microBatches();
    double bubble = (pp - 1) / (double) setup.virtualPipeline();
    double pipelineSeconds = (m + bubble) * microSeconds;
    if (pp > 1) {
      double boundaryBytes = tokensPerMicro * arch.hidden() * 2.0 / (setup.sequenceParallel() ? tp : 1);
      double hop = Collectives.time(Operation.ALL_GATHER, boundaryBytes * 2, 2, hardware).seconds();
      pipelineSeconds += 2 * (m + bubble) * hop * setup.virtualPipeline() / Math.max(1, m);
    }

    double paramsPerDevice = arch.parameterCount() / (tp * pp);
    int dp = setup.dataParallel() * cp;
    double gradBytes = paramsPerDevice * 2;
    double dpSeconds = 0;
    if (dp > 1) {
      Operation op = setup.zeroStage() >= 1 ? Operation.REDUCE_SCATTER : Operation.ALL_REDUCE;
      int devicesInGroup = dp;
      dpSeconds = Collectives.time(op, gradBytes, devicesInGroup, groupHardware(hardware, tp * pp)).seconds();
      if (setup.zeroStage() >= 1) {
        dpSeconds += Collectives.time(Operation.ALL_GATHER, gradBytes, devicesInGroup,
            groupHardware(hardware, tp * pp)).seconds();
      }
    }
    double exposedDp = Math.max(0, dpSeconds - (backwardCompute + recompute));
    double optimizerBytes = paramsPerDevice * (OPTIMIZER_BYTES_PER_PARAM + 2 + 2)
        / (setup.zeroStage() >= 1 ? setup.dataParallel() : 1);
    double optimizerSeconds = optimizerBytes
        / (hardware.memory().bandwidth().bytesPerSecond() * hardware.efficiency().memoryMax());

    double stepSeconds = pipelineSeconds + exposedDp + optimizerSeconds;
    double tokensPerStep = setup.globalBatch() * (double) setup.sequence();
    double modelFlopPerStep = modelFlopPerToken(arch, setup.sequence()) * tokensPerStep;
    double hardwareFlopPerStep = hardwareFlopPerToken(arch, setup.sequence(), setup.recompute()) * tokensPerStep;
    double peak = hardware.requirePeak(setup.precision()).flopPerSecond();
    double mfu = modelFlopPerStep / (stepSeconds * setup.devices() * peak);

    TrainingReport.Memory memory = memory(arch, setup);
    return new TrainingReport(model.id(), hardware.id(), setup, stepSeconds, microSeconds, m, bubble * microSeconds,
        commPerMicro * (m + bubble), exposedDp, optimizerSeconds, tokensPerStep, modelFlopPerStep,
        hardwareFlopPerStep, mfu, memory);
  }

  /**
   * Data-parallel groups span nodes once tp × pp fill a node; the collectives helper decides
   * by group size, so a group of dp devices spread one per node must be timed over the
   * scale-out network: we pass the device with an intra-node size the dp group cannot use.
   */
  private static HardwareProfile groupHardware(HardwareProfile hardware, int modelParallel) {
    int perNode = hardware.interconnect().intraNode().map(l -> l.devicesPerNode()).orElse(1);
    if (modelParallel >= perNode && hardware.interconnect().scaleOut().isPresent()) {
      return hardware.withInterconnect(new dev.blueprint.simulator.hardware.Interconnect(
          java.util.Optional.empty(), hardware.interconnect().scaleOut(), hardware.interconnect().host()));
    }
    return hardware;
  }

  /**
   * Model FLOPs per token for training (forward and backward, no recomputation), in the
   * convention of Megatron-LM and PaLM: 6 per weight multiply-accumulate (projections, active
   * experts, output layer) plus 12 per layer per attended position per query width, counting the
   * full (not causal-halved) attention products. For a dense GPT this is {@code 72·l·h²·(1 +
   * s/6h + V/12lh)} per token (Korthikanti et al. 2022, appendix A).
   */
  public static double modelFlopPerToken(TransformerArchitecture arch, int sequence) {
    return 6 * (weightMacsPerToken(arch) + attentionMacsPerToken(arch, sequence));
  }

  static double weightMacsPerToken(TransformerArchitecture arch) {
    double mlp = (arch.gatedMlp() ? 3.0 : 2.0) * arch.hidden() * arch.ffn()
        * (arch.isMixtureOfExperts() ? arch.expertsPerToken() : 1);
    double projections = 2.0 * arch.hidden() * arch.queryWidth() + 2.0 * arch.hidden() * arch.kvWidth();
    double head = arch.stack() == TransformerArchitecture.Stack.ENCODER ? 0 : (double) arch.hidden() * arch.vocab();
    return arch.layers() * (projections + mlp) + head;
  }

  static double attentionMacsPerToken(TransformerArchitecture arch, int sequence) {
    return arch.layers() * 2.0 * sequence * arch.queryWidth();
  }

  /**
   * FLOPs executed per token, recomputation included: full recomputation reruns every block's
   * forward pass (not the output layer), selective reruns the attention products.
   */
  public static double hardwareFlopPerToken(TransformerArchitecture arch, int sequence, Recompute recompute) {
    double model = modelFlopPerToken(arch, sequence);
    double head = arch.stack() == TransformerArchitecture.Stack.ENCODER ? 0 : (double) arch.hidden() * arch.vocab();
    return switch (recompute) {
      case NONE -> model;
      case SELECTIVE -> model + 2 * attentionMacsPerToken(arch, sequence);
      case FULL -> model + 2 * (weightMacsPerToken(arch) - head + attentionMacsPerToken(arch, sequence));
    };
  }

  private static TrainingReport.Memory memory(TransformerArchitecture arch, TrainingSetup setup) {
    int tp = setup.tensorParallel();
    int pp = setup.pipelineParallel();
    int dp = setup.dataParallel();
    double params = arch.parameterCount() / (tp * pp);
    int zero = setup.zeroStage();
    double weights = params * 2 / (zero >= 3 ? dp : 1);
    double gradients = params * 2 / (zero >= 2 ? dp : 1);
    double optimizer = params * OPTIMIZER_BYTES_PER_PARAM / (zero >= 1 ? dp : 1);
    double s = setup.sequence() / (double) setup.contextParallel();
    double b = setup.microBatch();
    double h = arch.hidden();
    double a = arch.heads();
    double sbh = s * b * h;
    boolean sp = setup.sequenceParallel();
    // Bytes of stored activations per layer, Korthikanti et al. 2022, Table 2 (16-bit
    // activations, 1-byte dropout masks).
    double perLayer = switch (setup.recompute()) {
      case FULL -> 2 * sbh / (sp ? tp : 1);
      case SELECTIVE -> sp ? sbh * 34 / tp : sbh * (10 + 24.0 / tp);
      case NONE -> sp ? sbh * (34.0 / tp + 5 * a * s / (h * tp)) : sbh * (10 + 24.0 / tp + 5 * a * s / (h * tp));
    };
    if (setup.attention() == AttentionKernel.FLASH && setup.recompute() == Recompute.NONE) {
      // FlashAttention keeps no score matrix: the 5·a·s/h term (scores, softmax, dropout mask) goes.
      perLayer -= sbh * 5 * a * s / (h * tp);
    }
    double layersPerStage = arch.layers() / (double) pp;
    // 1F1B: the first stage holds the activations of pp micro-batches; interleaving v chunks
    // per stage raises that by (1 + (pp − 1)/(pp·v)) (Narayanan et al. 2021, section 2.2.2).
    double inFlight = pp == 1 ? 1
        : setup.virtualPipeline() == 1 ? pp : pp * (1 + (pp - 1) / (double) (pp * setup.virtualPipeline()));
    double activations = perLayer * layersPerStage * Math.min(inFlight, setup.microBatches() + pp - 1);
    return new TrainingReport.Memory(DataSize.bytes(weights), DataSize.bytes(gradients), DataSize.bytes(optimizer),
        DataSize.bytes(activations));
  }
}
