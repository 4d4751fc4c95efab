/**
 * The {@code train-example} and {@code import} commands, added to {@code blueprint-edge} through
 * the agent's {@link dev.blueprint.edge.cli.CommandPlugin}; {@link
 * dev.blueprint.edge.tf.cli.TfCommands#main} runs them on their own.
 */
package dev.blueprint.edge.tf.cli;
