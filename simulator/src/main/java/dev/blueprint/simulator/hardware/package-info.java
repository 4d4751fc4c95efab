/**
 * Hardware profiles: peak compute per precision, memory, on-chip memory, links, power, prices,
 * efficiency factors with the measurements they come from, and the catalog that reads them from
 * {@code hardware-profiles/}. Depends on {@code units} and {@code io} only.
 */
package dev.blueprint.simulator.hardware;
