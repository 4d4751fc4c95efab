/**
 * Federated learning without a broker, for research-scale experiments (Flower's simulation engine
 * is the model): the unchanged client trainer and server strategies run with many virtual clients
 * in one JVM, each holding a slice of a data set cut by a {@link
 * dev.blueprint.edge.coordinator.fl.simulation.Partition}. Reproducible from one seed.
 */
package dev.blueprint.edge.coordinator.fl.simulation;
