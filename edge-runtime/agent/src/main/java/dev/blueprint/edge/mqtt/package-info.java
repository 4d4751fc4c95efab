/**
 * The MQTT link the device-side parts talk through ({@link dev.blueprint.edge.mqtt.MqttLink}): Paho
 * over the network, an in-memory broker for tests and simulated fleets), and the framing of the
 * tree's binary messages ({@link dev.blueprint.edge.mqtt.FramedMessage}). The only package of the
 * agent module that imports Paho (rule: AgentArchitectureTest); it uses nothing else of Blueprint.
 */
package dev.blueprint.edge.mqtt;
