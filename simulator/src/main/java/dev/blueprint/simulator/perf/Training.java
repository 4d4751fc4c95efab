package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.cost.Reliability;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.EnumSet;
import java.util.Set;

/**
 * Training time and memory of a transformer under data, tensor, pipeline and context parallelism
 * (Megatron-LM style), built from the same per-kernel model as inference.
 *
 * <ul>
 *   <li>A micro-batch on one stage: the forward kernels, the backward at twice the forward's
 *       operations (input and weight gradients), plus the recomputed forward (full) or attention
 *       core (selective); tensor-parallel collectives twice per block forward and twice backward
 *       (all-reduce, or the same bytes as reduce-scatter + all-gather with sequence parallelism).
 *   <li>A step: {@code (m + (pp − 1)/v)} micro-batch times for m micro-batches on pp stages with v
 *       interleaved chunks (the 1F1B pipeline bubble), then the data-parallel gradient reduction
 *       that the last micro-batch's backward cannot hide, then the optimizer update.
 *   <li>Memory per device: weights, gradients and Adam states split by ZeRO stage, and activations
 *       by the formulas of Korthikanti et al. 2022 for the micro-batches a 1F1B first stage holds.
 *   <li>A run ({@link #run}): the steps a token budget takes, checkpoints at the Young/Daly
 *       interval under the job's failure rate, and the price of the cluster for the wall time.
 * </ul>
 */
public final class Training {
  /**
   * Backward time of fused attention over its forward time: FlashAttention's backward does 2.5
   * times the forward's matrix work (five products instead of two; Dao 2023) at 0.84 of its rate
   * (FlashAttention-3 on Hopper, causal, head dimension 128, sequence 8192: 532 against 630 TFLOPS;
   * flash-attention PR 1791): 2.5 / 0.84 ≈ 3.
   */
  static final double ATTENTION_BACKWARD_FACTOR = 3.0;

  /**
   * Tokens per optimizer step when the batch is not given: 2^22, about 4M, the batch Llama 2 was
   * pre-trained with and Llama 3 405B started with.
   */
  public static final double DEFAULT_TOKENS_PER_STEP = 4_194_304.0;

  /**
   * Bytes a checkpoint writes per parameter: 16-bit weights (2) and the fp32 master weights with
   * Adam's two moments (12).
   */
  public static final double CHECKPOINT_BYTES_PER_PARAMETER = 2 + 12;

  /** Time to restart a job after a failure: reschedule, load the checkpoint, warm up. */
  public static final TimeSpan RESTART = TimeSpan.seconds(600);

  private Training() {}

  /**
   * The global batch, in sequences, when none is given: the multiple of {@code data-parallel
   * replicas × microBatch} closest to {@link #DEFAULT_TOKENS_PER_STEP} tokens, at least one of
   * them.
   *
   * @param devices devices in total
   * @param tensorParallel tensor-parallel degree
   * @param pipelineParallel pipeline stages
   * @param contextParallel context-parallel degree
   * @param microBatch sequences per micro-batch, at least 1
   * @param sequence tokens per sequence, at least 1
   * @throws IllegalArgumentException when the devices are not a multiple of tp × pp × cp, or a size
   *     is below 1
   */
  public static int defaultGlobalBatch(
      int devices,
      int tensorParallel,
      int pipelineParallel,
      int contextParallel,
      int microBatch,
      int sequence) {
    if (microBatch < 1 || sequence < 1) {
      throw new IllegalArgumentException(
          "micro-batch and sequence must be at least 1, got " + microBatch + " and " + sequence);
    }
    int dp = TrainingSetup.dataParallel(devices, tensorParallel, pipelineParallel, contextParallel);
    int step = dp * microBatch;
    return (int) (step * Math.max(1, Math.round(DEFAULT_TOKENS_PER_STEP / sequence / step)));
  }

  /**
   * What one checkpoint writes: {@link #CHECKPOINT_BYTES_PER_PARAMETER} per parameter of the whole
   * model.
   */
  public static DataSize checkpointSize(TransformerArchitecture arch) {
    return DataSize.bytes(arch.parameterCount() * CHECKPOINT_BYTES_PER_PARAMETER);
  }

  /**
   * Whether the memory one step needs per device stays within what {@code hardware} exposes.
   *
   * @throws MemoryFit.DoesNotFitException naming each part of the need, the capacity and what to
   *     change
   */
  public static void requireFits(TrainingReport report, HardwareProfile hardware) {
    TrainingReport.Memory memory = report.memory();
    if (memory.total().bytes() > hardware.memory().allocatable().bytes()) {
      throw new MemoryFit.DoesNotFitException(
          "does not fit: training "
              + report.modelId()
              + " needs "
              + memory.total().toHumanString()
              + " per device (weights "
              + memory.weights().toHumanString()
              + ", gradients "
              + memory.gradients().toHumanString()
              + ", optimizer "
              + memory.optimizer().toHumanString()
              + ", activations "
              + memory.activations().toHumanString()
              + "), but "
              + hardware.id()
              + " has "
              + hardware.memory().allocatable().toHumanString()
              + "; try --zero 3, --recompute full, a smaller "
              + "--micro-batch, or more --tp/--pp");
    }
  }

  /**
   * A whole training run: one step of {@code setup} ({@link #analyze}), which must fit in memory
   * ({@link #requireFits}), repeated until {@code job}'s tokens are seen, with checkpoints every
   * optimal interval under the job's failure rate and a {@link #RESTART} after each failure.
   *
   * @throws IllegalArgumentException for a setup {@link #analyze} rejects, or a job that fails so
   *     often it would not progress
   * @throws MemoryFit.DoesNotFitException when one step does not fit on a device
   */
  public static TrainingRun run(
      ModelProfile model, HardwareProfile hardware, TrainingSetup setup, TrainingJob job) {
    TrainingReport step = analyze(model, hardware, setup);
    requireFits(step, hardware);
    double steps = Math.ceil(job.tokens() / step.tokensPerStep());
    double computeSeconds = steps * step.stepSeconds();
    DataSize state = checkpointSize(model.transformer().orElseThrow());
    double checkpointSeconds = state.bytes() / job.checkpointBandwidth().bytesPerSecond();
    double mtbf = Reliability.jobMtbfSeconds(setup.devices(), job.deviceMtbf().hours());
    double interval = Reliability.optimalIntervalSeconds(checkpointSeconds, mtbf);
    double overhead =
        Reliability.overheadFactor(interval, checkpointSeconds, mtbf, RESTART.seconds());
    TrainingRun.Checkpoints checkpoints =
        new TrainingRun.Checkpoints(
            state,
            job.checkpointBandwidth(),
            TimeSpan.seconds(checkpointSeconds),
            job.deviceMtbf(),
            TimeSpan.seconds(mtbf),
            TimeSpan.seconds(interval),
            RESTART,
            overhead);
    CostEstimate cost = CostEstimate.of(hardware, setup.devices(), job.pricing());
    return new TrainingRun(
        step,
        job,
        steps,
        TimeSpan.seconds(computeSeconds),
        checkpoints,
        TimeSpan.seconds(computeSeconds * overhead),
        cost);
  }

  /**
   * The formats training supports: mixed-precision floating point (fp8 GEMMs via Transformer
   * Engine).
   */
  static final Set<Precision> TRAINING_PRECISIONS =
      EnumSet.of(Precision.FP32, Precision.TF32, Precision.BF16, Precision.FP16, Precision.FP8);

  /** Names of the kernels that make up attention proper (what selective recomputation reruns). */
  static boolean isAttentionCore(OpCost op) {
    String n = op.name();
    return n.startsWith("attn.core")
        || n.equals("attn.scores")
        || n.equals("attn.softmax")
        || n.equals("attn.dropout")
        || n.equals("attn.values");
  }

  /** Analyses one step of {@code setup}. */
  public static TrainingReport analyze(
      ModelProfile model, HardwareProfile hardware, TrainingSetup setup) {
    TransformerArchitecture arch =
        model
            .transformer()
            .filter(a -> a.stack() != TransformerArchitecture.Stack.ENCODER_DECODER)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "training time is modelled for transformer LMs and encoders; "
                            + model.id()
                            + " is "
                            + model.family()));
    if (!TRAINING_PRECISIONS.contains(setup.precision())) {
      throw new IllegalArgumentException(
          "training precision must be one of fp32, tf32, bf16, fp16 or fp8, got "
              + setup.precision().id());
    }
    PrecisionPlan plan = PrecisionPlan.forTraining(setup.precision());
    hardware.requirePeak(plan.math());
    arch.requireTensorParallel(setup.tensorParallel());
    arch.requireSequence(setup.sequence(), "a training sequence (--seq)");
    if (setup.pipelineParallel() > arch.layers()) {
      throw new IllegalArgumentException(
          "pp (" + setup.pipelineParallel() + ") exceeds the " + arch.layers() + " layers");
    }
    if (stageLayers(arch, setup.pipelineParallel()) % setup.virtualPipeline() != 0) {
      throw new IllegalArgumentException(
          "virtual pipeline chunks ("
              + setup.virtualPipeline()
              + ") must divide the "
              + stageLayers(arch, setup.pipelineParallel())
              + " layers of the fullest stage");
    }
    KernelTimeModel timeModel = new KernelTimeModel(hardware, ExecutionMode.GRAPH);
    int tp = setup.tensorParallel();
    int pp = setup.pipelineParallel();
    int cp = setup.contextParallel();
    int dp = setup.dataParallel();
    Layout layout = Layout.of(hardware, tp, cp, dp);
    // The fullest stage sets the pipeline's tempo; a split that does not divide the layers
    // (126 layers on 8 stages) leaves the others idle part of each step.
    double blocksPerStage = stageLayers(arch, pp);
    double tokensPerMicro = setup.microBatch() * (double) setup.sequence() / cp;

    TransformerCost forward =
        TransformerOps.trainingForward(
            arch,
            plan,
            tp,
            blocksPerStage,
            setup.microBatch(),
            setup.sequence() / (double) cp,
            setup.sequence(),
            setup.attention());
    PlanTiming blockKernels = PlanTiming.of(KernelPlan.ofKernels(forward.block()), timeModel);
    double blockSeconds = blocksPerStage * blockKernels.computeSeconds();
    double attentionCore =
        blocksPerStage
            * blockKernels.kernels().stream()
                .filter(k -> isAttentionCore(k.op()))
                .mapToDouble(PlanTiming.TimedKernel::totalSeconds)
                .sum();
    // The embedding and output layer sit on the first and last stage; spread over the stages.
    double outerSeconds =
        PlanTiming.of(KernelPlan.ofKernels(forward.outer()), timeModel).computeSeconds() / pp;
    double forwardCompute = blockSeconds + outerSeconds;
    // Input and weight gradients: twice the forward work, except attention, whose backward
    // recomputes the scores and does 2.5x the forward matrix work at a lower rate.
    double backwardCompute =
        2 * (forwardCompute - attentionCore) + ATTENTION_BACKWARD_FACTOR * attentionCore;
    double recompute =
        switch (setup.recompute()) {
          case NONE -> 0;
          case SELECTIVE -> attentionCore;
          case MLP_INPUT ->
              blocksPerStage
                  * blockKernels.kernels().stream()
                      .filter(k -> k.op().name().contains("mlp.up"))
                      .mapToDouble(PlanTiming.TimedKernel::totalSeconds)
                      .sum();
          case FULL -> blockSeconds;
        };
    double tpComm = 0;
    for (CollectiveCall call : forward.blockCollectives()) {
      tpComm +=
          blocksPerStage
              * Collectives.time(
                      call.operation(),
                      call.bytes(),
                      call.devices(),
                      layout.tensorPerNode(),
                      hardware)
                  .seconds();
    }
    double contextComm = 0;
    if (cp > 1) {
      // Ring attention passes each chunk's keys and values around the context group, once
      // forward and twice backward.
      double kvBytes =
          tokensPerMicro
              * 2.0
              * TransformerOps.kvWidthPerDevice(arch, tp)
              * Math.max(2, plan.activations().bytesPerElement());
      contextComm =
          blocksPerStage
              * 3
              * Collectives.time(
                      Operation.ALL_GATHER, kvBytes * cp, cp, layout.contextPerNode(), hardware)
                  .seconds();
    }
    double commPerMicro =
        2 * tpComm + (setup.recompute() == Recompute.FULL ? tpComm : 0) + contextComm;
    double microSeconds = forwardCompute + backwardCompute + recompute + commPerMicro;

    int m = setup.microBatches();
    double bubble = (pp - 1) / (double) setup.virtualPipeline();
    double pipelineSeconds = (m + bubble) * microSeconds;
    if (pp > 1) {
      // Activations forward and gradients back across each stage boundary. The plain 1F1B
      // schedule waits for them every micro-batch; the interleaved one overlaps them with
      // compute except while the pipeline fills and drains (Megatron-LM's overlapped p2p).
      double boundaryBytes =
          tokensPerMicro
              * arch.hidden()
              * Math.max(2, plan.activations().bytesPerElement())
              / (setup.sequenceParallel() ? tp : 1);
      double hop =
          Collectives.pointToPointSeconds(boundaryBytes, layout.stagesCrossNodes(), hardware);
      pipelineSeconds += 2 * hop * (setup.virtualPipeline() == 1 ? m + bubble : pp - 1);
    }

    int dataGroup = dp * cp;
    double paramsPerDevice = arch.parameterCount() / (tp * pp);
    double weightBytes = plan.weightBytesPerElement();
    double gradBytes = paramsPerDevice * weightBytes;
    double exposedDp = 0;
    if (dataGroup > 1 && setup.zeroStage() >= 3) {
      // ZeRO-3 / FSDP full sharding: every micro-batch gathers the 16-bit weights before its
      // forward and again before its backward (they are freed in between) and reduce-scatters its
      // gradients after the backward, 1.5x plain data parallelism's bytes (Rajbhandari et al. 2020,
      // ZeRO, communication analysis; Intel Gaudi docs, "FSDP Theory of Operations"). Each layer's
      // gather is
      // prefetched during the previous layer's compute, so only what outlasts the pass it hides
      // behind is exposed.
      int perNode = layout.dataPerNode();
      double gather =
          Collectives.time(Operation.ALL_GATHER, gradBytes, dataGroup, perNode, hardware).seconds();
      double scatter =
          Collectives.time(Operation.REDUCE_SCATTER, gradBytes, dataGroup, perNode, hardware)
              .seconds();
      double perMicro =
          Math.max(0, gather - forwardCompute)
              + Math.max(0, gather + scatter - (backwardCompute + recompute));
      exposedDp = perMicro * m;
    } else if (dataGroup > 1) {
      int perNode = layout.dataPerNode();
      Operation op = setup.zeroStage() >= 1 ? Operation.REDUCE_SCATTER : Operation.ALL_REDUCE;
      double dpSeconds = Collectives.time(op, gradBytes, dataGroup, perNode, hardware).seconds();
      if (setup.zeroStage() >= 1) {
        dpSeconds +=
            Collectives.time(Operation.ALL_GATHER, gradBytes, dataGroup, perNode, hardware)
                .seconds();
      }
      exposedDp = Math.max(0, dpSeconds - (backwardCompute + recompute));
    }
    double optimizerState = optimizerBytesPerParam(plan);
    // Adam reads and writes its state, reads the gradient and writes the weights.
    double optimizerTraffic =
        paramsPerDevice
            * (2 * optimizerState + 2 * weightBytes)
            / (setup.zeroStage() >= 1 ? dataGroup : 1);
    double optimizerSeconds =
        optimizerTraffic
            / (hardware.memory().bandwidth().bytesPerSecond() * hardware.efficiency().memoryMax());

    double stepSeconds = pipelineSeconds + exposedDp + optimizerSeconds;
    double tokensPerStep = setup.globalBatch() * (double) setup.sequence();
    double modelFlopPerStep = modelFlopPerToken(arch, setup.sequence()) * tokensPerStep;
    double hardwareFlopPerStep =
        hardwareFlopPerToken(arch, setup.sequence(), setup.recompute()) * tokensPerStep;
    double peak = hardware.requirePeak(plan.math()).flopPerSecond();
    double mfu = modelFlopPerStep / (stepSeconds * setup.devices() * peak);

    TrainingReport.Memory memory = memory(arch, setup, plan);
    return new TrainingReport(
        model.id(),
        hardware.id(),
        setup,
        stepSeconds,
        microSeconds,
        m,
        bubble * microSeconds,
        commPerMicro * (m + bubble),
        exposedDp,
        optimizerSeconds,
        tokensPerStep,
        modelFlopPerStep,
        hardwareFlopPerStep,
        mfu,
        memory);
  }

  /**
   * Optimizer state per parameter (ZeRO paper accounting, Rajbhandari et al. 2020): fp32 master
   * weights, Adam momentum and variance (12 bytes) when weights are narrower than fp32; momentum
   * and variance alone (8 bytes) when the weights are fp32 already.
   */
  static double optimizerBytesPerParam(PrecisionPlan plan) {
    return plan.weights().bytesPerElement() < 4 ? 12 : 8;
  }

  /**
   * Where Megatron-LM puts each parallel group (ranks ordered tensor, context, data, pipeline): how
   * many members of each group share a node, and whether adjacent pipeline stages do.
   */
  record Layout(int tensorPerNode, int contextPerNode, int dataPerNode, boolean stagesCrossNodes) {
    static Layout of(HardwareProfile hardware, int tp, int cp, int dp) {
      int node = hardware.interconnect().intraNode().map(l -> l.devicesPerNode()).orElse(1);
      int tensor = Math.max(1, Math.min(tp, node));
      int context = Math.max(1, Math.min(cp, node / Math.max(1, tp)));
      int data = Math.max(1, Math.min(dp * cp, node / Math.max(1, tp)));
      return new Layout(tensor, context, data, (long) tp * cp * dp >= node);
    }
  }

  /**
   * Model FLOPs per token for training (forward and backward, no recomputation), in the convention
   * of Megatron-LM and PaLM: 6 per weight multiply-accumulate (projections, active experts, output
   * layer) plus 12 per layer per attended position per query width, counting the full (not
   * causal-halved) attention products. For a dense GPT this is {@code 72·l·h²·(1 + s/6h + V/12lh)}
   * per token (Korthikanti et al. 2022, appendix A).
   */
  public static double modelFlopPerToken(TransformerArchitecture arch, int sequence) {
    return 6 * (weightMacsPerToken(arch) + attentionMacsPerToken(arch, sequence));
  }

  static double weightMacsPerToken(TransformerArchitecture arch) {
    double mlp =
        (arch.gatedMlp() ? 3.0 : 2.0)
            * arch.hidden()
            * arch.ffn()
            * (arch.isMixtureOfExperts() ? arch.expertsPerToken() : 1);
    double projections =
        2.0 * arch.hidden() * arch.queryWidth() + 2.0 * arch.hidden() * arch.kvWidth();
    double head =
        arch.stack() == TransformerArchitecture.Stack.ENCODER
            ? 0
            : (double) arch.hidden() * arch.vocab();
    return arch.layers() * (projections + mlp) + head;
  }

  static double attentionMacsPerToken(TransformerArchitecture arch, int sequence) {
    return arch.layers() * 2.0 * sequence * arch.queryWidth();
  }

  /**
   * FLOPs executed per token, recomputation included: full recomputation reruns every block's
   * forward pass (not the output layer), selective reruns the attention products.
   */
  public static double hardwareFlopPerToken(
      TransformerArchitecture arch, int sequence, Recompute recompute) {
    double model = modelFlopPerToken(arch, sequence);
    double head =
        arch.stack() == TransformerArchitecture.Stack.ENCODER
            ? 0
            : (double) arch.hidden() * arch.vocab();
    return switch (recompute) {
      case NONE -> model;
      case SELECTIVE -> model + 2 * attentionMacsPerToken(arch, sequence);
      // The gate and up projections: two of a gated MLP's three matrices, one of two otherwise.
      case MLP_INPUT ->
          model
              + 2.0
                  * arch.layers()
                  * arch.hidden()
                  * arch.ffn()
                  * (arch.gatedMlp() ? 2 : 1)
                  * (arch.isMixtureOfExperts() ? arch.expertsPerToken() : 1);
      case FULL ->
          model + 2 * (weightMacsPerToken(arch) - head + attentionMacsPerToken(arch, sequence));
    };
  }

  /**
   * Blocks on the fullest pipeline stage: {@code ceil(layers / pp)}, as Megatron-Core splits a
   * model whose layers the stages do not divide.
   */
  static int stageLayers(TransformerArchitecture arch, int pipelineParallel) {
    return (arch.layers() + pipelineParallel - 1) / pipelineParallel;
  }

  private static TrainingReport.Memory memory(
      TransformerArchitecture arch, TrainingSetup setup, PrecisionPlan plan) {
    int tp = setup.tensorParallel();
    int pp = setup.pipelineParallel();
    int dataGroup = setup.dataParallel() * setup.contextParallel();
    double params = arch.parameterCount() / (tp * pp);
    int zero = setup.zeroStage();
    double weightBytes = plan.weightBytesPerElement();
    double weights = params * weightBytes / (zero >= 3 ? dataGroup : 1);
    double gradients = params * weightBytes / (zero >= 2 ? dataGroup : 1);
    double optimizer = params * optimizerBytesPerParam(plan) / (zero >= 1 ? dataGroup : 1);
    double s = setup.sequence() / (double) setup.contextParallel();
    double b = setup.microBatch();
    double h = arch.hidden();
    double a = arch.heads();
    double sbh = s * b * h;
    boolean sp = setup.sequenceParallel();
    // Bytes of stored activations per layer, Korthikanti et al. 2022, Table 2 (16-bit
    // activations, 1-byte dropout masks).
    double perLayer =
        switch (setup.recompute()) {
          case FULL -> 2 * sbh / (sp ? tp : 1);
          case SELECTIVE -> sp ? sbh * 34 / tp : sbh * (10 + 24.0 / tp);
          // Without the MLP input projections' outputs; taken as selective recomputation's
          // footprint (no finer breakdown of the MLP's stored tensors is used here).
          case MLP_INPUT -> sp ? sbh * 34 / tp : sbh * (10 + 24.0 / tp);
          case NONE ->
              sp
                  ? sbh * (34.0 / tp + 5 * a * s / (h * tp))
                  : sbh * (10 + 24.0 / tp + 5 * a * s / (h * tp));
        };
    if (setup.attention() == AttentionKernel.FLASH && setup.recompute() == Recompute.NONE) {
      // FlashAttention keeps no score matrix: the 5·a·s/h term (scores, softmax, dropout mask)
      // goes.
      perLayer -= sbh * 5 * a * s / (h * tp);
    }
    double layersPerStage = stageLayers(arch, pp);
    // 1F1B: the first stage holds the activations of pp micro-batches; interleaving v chunks
    // per stage raises that by (1 + (pp − 1)/(pp·v)) (Narayanan et al. 2021, section 2.2.2).
    double inFlight =
        pp == 1
            ? 1
            : setup.virtualPipeline() == 1
                ? pp
                : pp * (1 + (pp - 1) / (double) (pp * setup.virtualPipeline()));
    // The table counts 16-bit activations; fp32 training stores twice as much.
    double widthFactor = Math.max(2, plan.activations().bytesPerElement()) / 2;
    double activations =
        perLayer * widthFactor * layersPerStage * Math.min(inFlight, setup.microBatches());
    return new TrainingReport.Memory(
        DataSize.bytes(weights),
        DataSize.bytes(gradients),
        DataSize.bytes(optimizer),
        DataSize.bytes(activations));
  }
}
