/**
 * Typed quantities: every value is kept in its SI base unit (bytes, seconds, FLOP, dollars) in a
 * one-component record, with only the cross-unit products the domain needs ({@code
 * FlopCount.over(FlopRate) → TimeSpan}, {@code DataSize.over(Bandwidth) → TimeSpan}). Each type has
 * one parser driven by a single table of unit symbols ({@link
 * dev.blueprint.simulator.units.UnitTable}); its error messages list the symbols of that table. Hot
 * loops use primitive doubles with unit-suffixed names and convert at their boundaries.
 */
package dev.blueprint.simulator.units;
