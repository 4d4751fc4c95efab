package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.cost.CostEstimate;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.Money;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.Objects;

/**
 * A training run to the end of its token budget: one step analysed, how many steps the budget
 * takes, the time lost to checkpoints and failures, and what it costs.
 *
 * @param step one optimizer step
 * @param job what was asked
 * @param steps optimizer steps for the token budget (whole steps, rounded up)
 * @param compute steps times the step time, without checkpoints or failures
 * @param checkpoints the checkpointing plan under failures
 * @param wall expected wall time: compute times {@link Checkpoints#overheadFactor()}
 * @param cost the price of the cluster
 */
public record TrainingRun(
    TrainingReport step,
    TrainingJob job,
    double steps,
    TimeSpan compute,
    Checkpoints checkpoints,
    TimeSpan wall,
    CostEstimate cost) {
  public TrainingRun {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(wall, "wall");
    Objects.requireNonNull(cost, "cost");
    if (!(steps >= 1)) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
  }

  /** Model replicas that split the global batch ({@link TrainingSetup#dataParallel()}). */
  public int dataParallel() {
    return step.setup().dataParallel();
  }

  /** The whole cluster for the {@link #wall} time. */
  public Money totalCost() {
    return cost.over(wall);
  }

  /**
   * Checkpoints under failures: what is written, how long it takes, how often the job fails, and
   * the interval that minimises the time lost (Young/Daly, {@link
   * dev.blueprint.simulator.cost.Reliability}).
   *
   * @param state bytes written per checkpoint (16-bit weights and the fp32 optimizer state)
   * @param bandwidth aggregate write bandwidth
   * @param write time to write one checkpoint
   * @param deviceMtbf mean time between interruptions of one device
   * @param jobMtbf mean time between interruptions of the whole job
   * @param interval optimal compute time between checkpoints
   * @param restart time to reschedule, load the checkpoint and warm up after a failure
   * @param overheadFactor expected wall time over useful compute time, at least 1
   */
  public record Checkpoints(
      DataSize state,
      Bandwidth bandwidth,
      TimeSpan write,
      TimeSpan deviceMtbf,
      TimeSpan jobMtbf,
      TimeSpan interval,
      TimeSpan restart,
      double overheadFactor) {
    public Checkpoints {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(bandwidth, "bandwidth");
      Objects.requireNonNull(write, "write");
      Objects.requireNonNull(deviceMtbf, "deviceMtbf");
      Objects.requireNonNull(jobMtbf, "jobMtbf");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(restart, "restart");
      if (!(overheadFactor >= 1) || Double.isInfinite(overheadFactor)) {
        throw new IllegalArgumentException(
            "overhead factor must be at least 1 and finite, got " + overheadFactor);
      }
    }
  }
}
