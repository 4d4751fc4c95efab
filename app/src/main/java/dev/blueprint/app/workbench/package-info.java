/**
 * The JavaFX workbench: the design canvas and inspector, the YAML editor, runs and dashboard,
 * what-if, history, the tool tabs and the fleet tab. It calls the same library APIs as the command
 * line and renders with {@code app.report}; it never calls the command line (AppArchitectureTest).
 * Tabs with ViewModels ({@code WhatIfViewModel}, {@code FleetViewModel}) keep their state and
 * validation there and their views only bind; every background job runs through a {@code
 * TaskRunner}, and only {@code FxTaskRunner} starts threads (AppArchitectureTest).
 */
package dev.blueprint.app.workbench;
