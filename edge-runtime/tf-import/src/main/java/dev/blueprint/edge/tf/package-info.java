/**
 * TensorFlow Java on the desktop and at build time — never on a device: {@link
 * dev.blueprint.edge.tf.ExampleTrainer} trains the shipped example models on the real data, {@link
 * dev.blueprint.edge.tf.SavedModelImporter} turns a SavedModel into the agent's float graph, {@link
 * dev.blueprint.edge.tf.ExamplePackager} makes a whole {@code models/edge/NAME/} folder, and {@link
 * dev.blueprint.edge.tf.TensorFlowBackend} ({@code tensorflow-float}) runs SavedModels as the float
 * reference the other back ends are checked against.
 */
package dev.blueprint.edge.tf;
