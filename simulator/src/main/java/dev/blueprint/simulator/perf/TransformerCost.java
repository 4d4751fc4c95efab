package dev.blueprint.simulator.perf;

import java.util.List;

/**
 * The kernels of a transformer pass on one device: the kernels and collectives of each kind of
 * block (repeated for each block of that kind the device holds) and the kernels outside the blocks
 * (embeddings, final norm, output projection, stems and heads). Most models have one kind of block;
 * DeepSeek-V3 (dense then routed MLPs), Llama 4 Maverick (alternating) and models that mix local
 * and global attention (Gemma 3, GPT-OSS, Llama 4) have several.
 *
 * @param groups each kind of block with its kernels, collectives and count on this device
 * @param outer kernels outside the blocks
 */
public record TransformerCost(List<BlockGroup> groups, List<OpCost> outer) {
  public TransformerCost {
    groups = List.copyOf(groups);
    outer = List.copyOf(outer);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("a transformer pass needs at least one kind of block");
    }
  }

  /** A pass whose blocks are all alike. */
  public TransformerCost(
      List<OpCost> block,
      List<CollectiveCall> blockCollectives,
      double blocks,
      List<OpCost> outer) {
    this(List.of(new BlockGroup("block", block, blockCollectives, blocks)), outer);
  }

  /**
   * One kind of block.
   *
   * @param kind what distinguishes it ({@code block}, {@code dense.global}, {@code moe.local})
   * @param kernels kernels of one block
   * @param collectives collectives of one block (tensor parallelism)
   * @param count how many such blocks this device runs
   */
  public record BlockGroup(
      String kind, List<OpCost> kernels, List<CollectiveCall> collectives, double count) {
    public BlockGroup {
      kernels = List.copyOf(kernels);
      collectives = List.copyOf(collectives);
      if (!(count >= 0)) {
        throw new IllegalArgumentException("blocks must not be negative, got " + count);
      }
    }
  }

  /** Kernels of one block of the first kind (the only kind of a uniform model). */
  public List<OpCost> block() {
    return groups.get(0).kernels();
  }

  /** Collectives of one block of the first kind. */
  public List<CollectiveCall> blockCollectives() {
    return groups.get(0).collectives();
  }

  /** Blocks of all kinds this device runs. */
  public double blocks() {
    return groups.stream().mapToDouble(BlockGroup::count).sum();
  }
}
