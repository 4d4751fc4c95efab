/**
 * Rendering results for people and programs, shared by both front ends: tables, text, CSV and JSON
 * reports, HTML reports with charts. Depends on the simulator only, never on {@code cli} or {@code
 * workbench} (AppArchitectureTest).
 */
package dev.blueprint.app.report;
