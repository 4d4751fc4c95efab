/**
 * Training on the device, in pure Java: backpropagation through the ops the shipped models use
 * (dense, conv2d, max and average pooling, ReLU and ReLU6, constant add and multiply, reshape) with
 * a softmax cross-entropy loss, and mini-batch SGD with momentum, weight decay and the FedProx
 * proximal term. Float32 parameters in one flat vector ({@link dev.blueprint.edge.fl.Weights}); the
 * products run on {@link dev.blueprint.edge.kernels.Matmul} (Vector API when present, scalar
 * otherwise). Gradients are checked against finite differences of an independent double-precision
 * forward pass, op by op (GradientCheckTest).
 */
package dev.blueprint.edge.fl.train;
