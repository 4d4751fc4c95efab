package dev.blueprint.simulator.des;

/**
 * One point of a latency distribution: the share of requests at or below a latency.
 *
 * @param seconds the latency
 * @param fraction the share at or below it, 0 to 1
 */
public record CdfPoint(double seconds, double fraction) {}
