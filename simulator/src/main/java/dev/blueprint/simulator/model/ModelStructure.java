package dev.blueprint.simulator.model;

/**
 * What a model is made of: a stack of layers with fixed per-sample costs, a transformer described
 * by its architecture parameters, or a collective operation.
 */
public sealed interface ModelStructure permits LayerStack, TransformerArchitecture, CollectiveSpec {
  /** Trainable parameters, all experts included. */
  double parameterCount();

  /** Parameters that touch one token or sample (differs from the total for mixtures of experts). */
  default double activeParameterCount() {
    return parameterCount();
  }
}
