package dev.blueprint.simulator.perf;

import java.util.List;

/**
 * The kernels of a transformer pass on one device: one block's kernels and collectives (repeated
 * for each block the device holds) and the kernels outside the blocks (embeddings, final norm,
 * output projection, stems and heads).
 *
 * @param block kernels of one transformer block
 * @param blockCollectives collectives of one block (tensor parallelism)
 * @param blocks how many blocks this device runs
 * @param outer kernels outside the blocks
 */
public record TransformerCost(
    List<OpCost> block, List<CollectiveCall> blockCollectives, double blocks, List<OpCost> outer) {
  public TransformerCost {
    block = List.copyOf(block);
    blockCollectives = List.copyOf(blockCollectives);
    outer = List.copyOf(outer);
    if (blocks < 0) {
      throw new IllegalArgumentException("blocks must not be negative, got " + blocks);
    }
  }
}
