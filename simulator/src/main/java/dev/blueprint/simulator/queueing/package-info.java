/**
 * Analytic queueing: closed forms (M/M/c with Erlang C, M/G/1 by Pollaczek–Khinchine) and clearly
 * named approximations, used to answer a design without simulating it and to check the
 * discrete-event engine. Depends on nothing but the JDK.
 */
package dev.blueprint.simulator.queueing;
