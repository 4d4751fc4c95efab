/**
 * Running a graph: the interpreter, tensors, sessions, and the back-end SPI ({@link
 * dev.blueprint.edge.runtime.BackendProvider}) through which the OpenCL module is found by
 * ServiceLoader. Uses {@code edge.model} and {@code edge.kernels}.
 */
package dev.blueprint.edge.runtime;
