/**
 * Where the user's own profiles and settings live ({@code ~/.blueprint}), with the precedence flag
 * > system property > environment > default written down once. Depends on nothing else of the
 * simulator.
 */
package dev.blueprint.simulator.config;
