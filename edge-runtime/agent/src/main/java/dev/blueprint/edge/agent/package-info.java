/**
 * The device daemon: {@link dev.blueprint.edge.agent.Agent} wires parts with one job each (broker
 * session, OTA installer and chunk fetcher, reports, telemetry, outbox, local inference) over the
 * SQLite {@link dev.blueprint.edge.agent.DeviceStore}. Uses the model, runtime, OTA and MQTT
 * packages and the simulator's units, hardware profiles and YAML reader; used only by the command
 * line and the coordinator's drills. A new device-side feature (federated learning) is a package of
 * its own that this package wires in, never code inside {@code Agent}.
 */
package dev.blueprint.edge.agent;
