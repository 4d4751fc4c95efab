/**
 * Reading input files: YAML documents read field by field with every problem collected and located
 * ({@code file:line:column: field 'a.b': message}), unknown keys reported with the nearest known
 * one, and "did you mean" suggestions for ids.
 */
package dev.blueprint.simulator.io;
