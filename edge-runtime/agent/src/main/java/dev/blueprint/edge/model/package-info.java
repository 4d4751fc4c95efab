/**
 * The .bpm model file and its in-memory graph: tensors with shapes and data types, nodes with
 * attributes, quantization parameters, shape inference. The bottom of the device runtime: it uses
 * nothing else of Blueprint, and everything above uses it (rule: AgentArchitectureTest).
 */
package dev.blueprint.edge.model;
