package dev.blueprint.simulator.perf;

/** How kernels reach the device, which decides their fixed cost. */
public enum ExecutionMode {
  /** Captured graphs or a fused engine (CUDA graphs, TensorRT, XLA): a small cost per kernel. */
  GRAPH,
  /** Each kernel launched and synchronised from the host (eager framework timing loops). */
  ISOLATED
}
