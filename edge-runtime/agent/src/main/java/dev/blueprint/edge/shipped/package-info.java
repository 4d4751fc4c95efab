/**
 * The models that ship inside the runtime (a model.yaml per folder, float and int8 graphs, held-out
 * samples) and how a command finds them. Uses the model, runtime and data readers.
 */
package dev.blueprint.edge.shipped;
