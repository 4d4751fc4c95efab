/**
 * Federated learning on the device: a model's trainable parameters as one flat vector ({@link
 * dev.blueprint.edge.fl.ParameterLayout}, {@link dev.blueprint.edge.fl.Weights}), the trainer that
 * moves them on local data ({@code fl.train}), and how a device partitions and encodes what it
 * sends. Only model updates leave a device, never its samples (docs/federated.md). Uses the model
 * and data packages and the kernels; the agent and the command line use it (rule:
 * AgentArchitectureTest).
 */
package dev.blueprint.edge.fl;
