package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link KernelPlan} timed on a device.
 *
 * @param kernels each kernel with its time (per run) and repeats
 * @param collectives each collective with its time (per run) and repeats
 * @param computeSeconds time in kernels
 * @param communicationSeconds time in collectives (not overlapped with kernels)
 */
public record PlanTiming(
    List<TimedKernel> kernels,
    List<TimedCollective> collectives,
    double computeSeconds,
    double communicationSeconds) {
  public PlanTiming {
    kernels = List.copyOf(kernels);
    collectives = List.copyOf(collectives);
  }

  /**
   * @param op the kernel
   * @param time its predicted time per run
   * @param repeats how many times it runs
   */
  public record TimedKernel(OpCost op, KernelTime time, double repeats) {
    public double totalSeconds() {
      return time.totalSeconds() * repeats;
    }
  }

  /**
   * @param call the collective
   * @param time its predicted time per run
   * @param repeats how many times it runs
   */
  public record TimedCollective(CollectiveCall call, CollectiveTime time, double repeats) {
    public double totalSeconds() {
      return time.seconds() * repeats;
    }
  }

  /** Times every entry of {@code plan}. */
  public static PlanTiming of(KernelPlan plan, KernelTimeModel model) {
    HardwareProfile hw = model.hardware();
    List<TimedKernel> kernels = new ArrayList<>();
    double compute = 0;
    for (KernelPlan.Planned<OpCost> planned : plan.kernels()) {
      KernelTime time = model.time(planned.item());
      kernels.add(new TimedKernel(planned.item(), time, planned.repeats()));
      compute += time.totalSeconds() * planned.repeats();
    }
    List<TimedCollective> collectives = new ArrayList<>();
    double communication = 0;
    for (KernelPlan.Planned<CollectiveCall> planned : plan.collectives()) {
      CollectiveCall call = planned.item();
      CollectiveTime time = Collectives.time(call.operation(), call.bytes(), call.devices(), hw);
      collectives.add(new TimedCollective(call, time, planned.repeats()));
      communication += time.seconds() * planned.repeats();
    }
    return new PlanTiming(kernels, collectives, compute, communication);
  }

  public double totalSeconds() {
    return computeSeconds + communicationSeconds;
  }
}
