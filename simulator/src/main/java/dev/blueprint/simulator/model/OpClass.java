package dev.blueprint.simulator.model;

/** Which hardware units an operation keeps busy, which decides the peak it is held against. */
public enum OpClass {
  /** Matrix multiplies and convolutions: tensor cores / systolic arrays. */
  MATRIX,
  /**
   * Fused attention (FlashAttention-style): matrix units, but at a smaller share of their peak than
   * a plain GEMM, because the softmax between the two products stalls them.
   */
  ATTENTION,
  /** Element-wise work, reductions, pooling, normalisation, softmax: vector units. */
  VECTOR,
  /** Random row gathers from large tables (embedding lookups): memory system, poor locality. */
  GATHER
}
