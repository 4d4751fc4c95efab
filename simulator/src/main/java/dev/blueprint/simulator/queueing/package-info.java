/**
 * Analytic queueing: closed forms (M/M/c with Erlang C, M/G/1 by Pollaczek–Khinchine) and clearly
 * named approximations, used to answer a design without simulating it and to check the
 * discrete-event engine. The formulas depend on nothing but the JDK; {@link
 * dev.blueprint.simulator.queueing.DesignAnalysis} reads a {@code design}, which must therefore
 * never depend on this package.
 */
package dev.blueprint.simulator.queueing;
