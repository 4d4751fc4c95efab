/**
 * The server's side of a federated round, as plain maths: a client's update ({@link
 * dev.blueprint.edge.coordinator.fl.ClientUpdate}), how a round's updates are combined ({@link
 * dev.blueprint.edge.coordinator.fl.Aggregation}: mean, median, trimmed mean, Krum, Multi-Krum) and
 * how the combined update moves the global model ({@link
 * dev.blueprint.edge.coordinator.fl.ServerOptimizer}: FedAvg, FedAvgM, FedProx, FedAdam, FedYogi,
 * FedAdagrad), with the task-file words for each (docs/federated.md, "Strategies and aggregation").
 *
 * <p>Everything here is deterministic: updates are put in client-id order before any floating-point
 * sum, sums run in double, and an optimizer's state exports and restores bit for bit, so a
 * coordinator resumed from its last committed round reaches the same model as one never stopped.
 * Uses the agent's {@code fl} value types only; no MQTT, no SQLite, so the simulation engine runs
 * the same code without a broker (rule: CoordinatorArchitectureTest).
 */
package dev.blueprint.edge.coordinator.fl;
