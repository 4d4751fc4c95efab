package dev.blueprint.simulator.perf;

/** What part of a device's memory a workload may plan to use. */
public final class MemoryBudget {
  /**
   * Share of the datasheet capacity available to weights, activations and caches: the driver, the
   * runtime's context and allocator fragmentation take the rest (docs/calibration.md).
   */
  public static final double USABLE_FRACTION = 0.95;

  /** The least room kept for activations and library workspaces when tables are offloaded. */
  public static final double WORKSPACE_BYTES = 1024.0 * 1024 * 1024;

  private MemoryBudget() {}
}
