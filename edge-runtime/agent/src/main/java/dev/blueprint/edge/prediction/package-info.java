/**
 * The simulator's latency for a .bpm graph on a hardware profile, so {@code bench} can put the
 * prediction beside the measurement. The one edge package that calls the simulator's performance
 * models ({@code simulator.model}, {@code simulator.perf}); used only by the command line.
 */
package dev.blueprint.edge.prediction;
