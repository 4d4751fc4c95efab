/**
 * The fleet side: an embedded MQTT broker for a desktop session, the device registry in SQLite,
 * chunk serving, staged rollouts that halt, and the OTA drill with in-process agents. Uses the
 * agent module (topics, bundles, the agent itself for drills) and the publisher (drill releases);
 * never JavaFX or TensorFlow (rule: CoordinatorArchitectureTest).
 */
package dev.blueprint.edge.coordinator;
