/**
 * Design files: the workload, components, flow and objectives of a whole system, read from YAML
 * with every problem located (docs/design-format.md). The records here are what the engine, the
 * analytic answer, the command line and the workbench share.
 */
package dev.blueprint.simulator.design;
