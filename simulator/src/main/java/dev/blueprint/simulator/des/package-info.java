/**
 * The discrete-event engine: a primitive-array event heap ordered by (time, scheduling order),
 * requests as slots of parallel arrays, components as event handlers, a design's flow compiled to a
 * small program, seeded random streams per component, and HdrHistogram latencies with batch-means
 * or replication confidence intervals. Depends on {@code design}, {@code units}, {@code hardware},
 * {@code model} and {@code perf} (service times of model and LLM servers), {@code cache} (cache
 * warming), Commons RNG and Statistics, and HdrHistogram; never on a user interface.
 */
package dev.blueprint.simulator.des;
