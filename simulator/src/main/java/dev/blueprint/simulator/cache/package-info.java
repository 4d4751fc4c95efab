/**
 * Analytic cache models: the hit ratio of an LRU cache under Zipf-distributed keys (Che
 * approximation), in steady state and while it warms. The design parser derives a cache's hit ratio
 * from them and the discrete-event engine warms its caches along them. Depends on nothing but the
 * JDK, so {@code design} and {@code des} can both use it without depending on {@code queueing}.
 */
package dev.blueprint.simulator.cache;
