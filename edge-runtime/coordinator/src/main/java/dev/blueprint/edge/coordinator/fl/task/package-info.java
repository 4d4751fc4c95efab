/**
 * The federated task file (docs/federated.md, "Task files"): {@link
 * dev.blueprint.edge.coordinator.fl.task.FederatedTask} and its parser, which reads the YAML with
 * the simulator's {@code io} layer so every mistake is reported at once as {@code file:line:column:
 * field 'x': ...}. Values are checked with the parsers the rest of the code uses ({@code
 * Aggregation.parse}, {@code ServerOptimizer.parse}, {@code UpdateEncoding.parse}, {@code
 * TimeSpan.parse}, the {@code TrainingSettings} and {@code TrainingConditions} constructors), so a
 * word means the same in a task file as on the {@code fl simulate} command line. Pure: text in, a
 * record or an {@code InvalidInputException} out; no storage, no transport.
 */
package dev.blueprint.edge.coordinator.fl.task;
