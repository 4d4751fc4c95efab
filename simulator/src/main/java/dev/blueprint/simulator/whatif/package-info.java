/**
 * What-if questions over a design: varying its parameters by path, traffic what-ifs (more traffic,
 * the diurnal peak, a lost replica or zone, a cold cache), the metrics a run is judged by, sweeps
 * over every combination and a search for the best design that meets constraints. Nothing here
 * knows about the command line or where runs are stored.
 */
package dev.blueprint.simulator.whatif;
