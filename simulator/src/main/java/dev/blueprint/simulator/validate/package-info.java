/**
 * Checks the performance models against published end-to-end measurements ({@code blueprint
 * validate}): reads the measurement table, predicts each row with the same models every command
 * uses, and reports the errors. Depends on {@code units}, {@code io}, {@code hardware}, {@code
 * model}, {@code perf} and {@code des}.
 */
package dev.blueprint.simulator.validate;
