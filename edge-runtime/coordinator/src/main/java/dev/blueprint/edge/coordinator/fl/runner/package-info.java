/**
 * Runs a federated task round by round: picks devices with over-selection, offers them the round
 * through a {@link dev.blueprint.edge.coordinator.fl.runner.RoundTransport}, checks every upload
 * that comes back, aggregates when enough are in (or at the deadline), commits the round to the
 * {@link dev.blueprint.edge.coordinator.fl.store.RoundStore} and resumes from it after a crash. The
 * transport is the only way out: MQTT in a fleet, in-process devices in tests and drills.
 */
package dev.blueprint.edge.coordinator.fl.runner;
