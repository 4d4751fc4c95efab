package dev.blueprint.simulator.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernels and collectives one device runs for one step (a batch, an iteration), each with how
 * many times it repeats (once per block it holds).
 *
 * @param kernels kernels with their repeat counts
 * @param collectives collectives with their repeat counts
 */
public record KernelPlan(List<Planned<OpCost>> kernels, List<Planned<CollectiveCall>> collectives) {
  public KernelPlan {
    kernels = List.copyOf(kernels);
    collectives = List.copyOf(collectives);
  }

  /**
   * One entry of a plan.
   *
   * @param item the kernel or collective
   * @param repeats how many times it runs
   */
  public record Planned<T>(T item, double repeats) {
    public Planned {
      if (!(repeats >= 0)) {
        throw new IllegalArgumentException("repeats must not be negative, got " + repeats);
      }
    }
  }

  /** Kernels that run once each. */
  public static KernelPlan ofKernels(List<OpCost> kernels) {
    return new KernelPlan(kernels.stream().map(k -> new Planned<>(k, 1.0)).toList(), List.of());
  }

  /** A transformer pass: block kernels repeated per block, then the outer kernels. */
  public static KernelPlan of(TransformerCost cost) {
    List<Planned<OpCost>> kernels = new ArrayList<>();
    List<Planned<CollectiveCall>> collectives = new ArrayList<>();
    append(cost, kernels, collectives);
    return new KernelPlan(kernels, collectives);
  }

  /** Several transformer passes run one after the other (an encoder, then a decoder). */
  public static KernelPlan sequence(List<TransformerCost> costs) {
    List<Planned<OpCost>> kernels = new ArrayList<>();
    List<Planned<CollectiveCall>> collectives = new ArrayList<>();
    for (TransformerCost cost : costs) {
      append(cost, kernels, collectives);
    }
    return new KernelPlan(kernels, collectives);
  }

  /** The blocks of a transformer pass, each kind repeated as often as it occurs. */
  public static KernelPlan blocks(TransformerCost cost) {
    List<Planned<OpCost>> kernels = new ArrayList<>();
    List<Planned<CollectiveCall>> collectives = new ArrayList<>();
    appendBlocks(cost, kernels, collectives);
    return new KernelPlan(kernels, collectives);
  }

  private static void appendBlocks(
      TransformerCost cost,
      List<Planned<OpCost>> kernels,
      List<Planned<CollectiveCall>> collectives) {
    for (TransformerCost.BlockGroup group : cost.groups()) {
      for (OpCost op : group.kernels()) {
        kernels.add(new Planned<>(op, group.count()));
      }
      for (CollectiveCall call : group.collectives()) {
        collectives.add(new Planned<>(call, group.count()));
      }
    }
  }

  private static void append(
      TransformerCost cost,
      List<Planned<OpCost>> kernels,
      List<Planned<CollectiveCall>> collectives) {
    appendBlocks(cost, kernels, collectives);
    for (OpCost op : cost.outer()) {
      kernels.add(new Planned<>(op, 1.0));
    }
  }
}
