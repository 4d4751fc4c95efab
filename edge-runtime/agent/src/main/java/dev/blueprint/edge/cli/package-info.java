/**
 * {@code blueprint-edge}, the device's command line: models, infer, bench, probe, agent; other
 * modules add commands through {@link dev.blueprint.edge.cli.CommandPlugin}. The only package that
 * prints to standard streams, and {@code Logging} the only class that configures a logging back
 * end. Nothing in the agent module depends on it.
 */
package dev.blueprint.edge.cli;
