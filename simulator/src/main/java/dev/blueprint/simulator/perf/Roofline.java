package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.OpClass;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.ArrayList;
import java.util.List;

/** Per-layer roofline analysis of one batch of a model on one device. */
public final class Roofline {
  private Roofline() {}

  /**
   * @throws IllegalArgumentException when the device has no such precision, or the batch does not
   *     fit in device memory
   */
  public static RooflineReport analyze(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      double batch,
      int sequence) {
    return analyze(model, hardware, precision, batch, sequence, false);
  }

  /**
   * As above; with {@code steadyState} the model is taken to run back to back (a device serving one
   * model, a benchmark loop), so when its weights and largest activations fit in the {@link
   * KernelTimeModel#CACHE_RESIDENT_SHARE} of the last-level cache, the weights are read from the
   * cache rather than from memory.
   */
  public static RooflineReport analyze(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      double batch,
      int sequence,
      boolean steadyState) {
    hardware.requireRunnable(precision);
    if (!(batch >= 1)) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence length must be at least 1, got " + sequence);
    }
    PrecisionPlan plan = PrecisionPlan.forInference(precision);
    KernelPlan kernels = Workloads.inferenceBatch(model, plan, batch, sequence, 1.0);
    double weights = Workloads.weightBytes(model, plan);
    double activations = peakActivations(kernels);
    if (steadyState
        && weights + activations
            <= KernelTimeModel.CACHE_RESIDENT_SHARE * hardware.cache().largest().bytes()) {
      kernels = Workloads.inferenceBatch(model, plan, batch, sequence, 1.0, true);
    }
    MemoryFit.require(
        hardware,
        weights + activations,
        "weights "
            + DataSize.bytes(weights).toHumanString()
            + " + activations "
            + DataSize.bytes(activations).toHumanString()
            + " for "
            + model.id()
            + " at batch "
            + (long) batch
            + " in "
            + precision.id());
    KernelTimeModel timeModel = new KernelTimeModel(hardware, ExecutionMode.GRAPH);
    PlanTiming timing =
        PlanTiming.of(
            Workloads.onDevice(kernels, model, plan, batch, sequence, hardware), timeModel);
    List<RooflineRow> rows = new ArrayList<>();
    for (PlanTiming.TimedKernel k : timing.kernels()) {
      OpCost op = k.op();
      double seconds = k.totalSeconds();
      double flop = op.flop() * k.repeats();
      double achieved = seconds == 0 ? 0 : flop / seconds;
      double peak =
          op.opClass() == OpClass.MATRIX || op.opClass() == OpClass.ATTENTION
              ? hardware.requirePeak(timeModel.effectiveMath(op.math())).flopPerSecond()
              : hardware.vectorPeak().flopPerSecond();
      rows.add(
          new RooflineRow(
              op.name(),
              op.opClass(),
              k.repeats(),
              flop,
              op.totalBytes() * k.repeats(),
              seconds,
              k.time().bound(),
              achieved,
              achieved / peak));
    }
    double total = timing.totalSeconds();
    return new RooflineReport(
        model.id(),
        hardware.id(),
        precision,
        batch,
        sequence,
        rows,
        TimeSpan.seconds(total),
        batch / total,
        DataSize.bytes(weights),
        DataSize.bytes(activations),
        hardware.requirePeak(timeModel.effectiveMath(precision)),
        hardware.memory().bandwidth(),
        timeModel.cacheBandwidth());
  }

  /** The largest single-kernel activation working set. */
  static double peakActivations(KernelPlan plan) {
    return plan.kernels().stream().mapToDouble(k -> k.item().cacheableBytes()).max().orElse(0);
  }
}
