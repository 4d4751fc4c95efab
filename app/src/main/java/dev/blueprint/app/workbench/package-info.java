/**
 * The JavaFX workbench: the design canvas and inspector, the YAML editor, runs and dashboard,
 * what-if, history, the tool tabs and the fleet tab. It calls the same library APIs as the command
 * line and renders with {@code app.report}; it never calls the command line (AppArchitectureTest).
 */
package dev.blueprint.app.workbench;
