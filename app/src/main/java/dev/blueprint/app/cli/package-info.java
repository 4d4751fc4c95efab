/**
 * {@code blueprint}, the command line: one picocli command per verb, each a thin layer that parses
 * options, calls the simulator and renders with {@code app.report}. The only app package that
 * prints to standard streams; {@code workbench} never depends on it (AppArchitectureTest).
 */
package dev.blueprint.app.cli;
