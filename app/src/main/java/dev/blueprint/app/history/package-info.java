/**
 * The run history in SQLite: every simulation, sweep and optimisation with its design, parameters,
 * seed, versions and results, so runs can be listed, compared, exported and resumed. Shared by both
 * front ends; depends on neither (AppArchitectureTest).
 */
package dev.blueprint.app.history;
