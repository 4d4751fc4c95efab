/**
 * The performance models of one device or one job: per-layer roofline, LLM prefill and decode with
 * KV-cache capacity, memory plans ({@code DeviceMemory}), collectives, training runs ({@code
 * Training}) and serving batches. Depends on {@code units}, {@code hardware}, {@code model} and
 * {@code cost}; every front end (CLI, workbench, the edge runtime's predictions) calls these rather
 * than doing the arithmetic itself.
 */
package dev.blueprint.simulator.perf;
