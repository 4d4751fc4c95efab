/**
 * The OpenCL back end through LWJGL, bit-exact with the Java int8 kernels; registered with the
 * runtime's back-end SPI by ServiceLoader, so the agent never links LWJGL. The only package that
 * imports {@code org.lwjgl}.
 */
package dev.blueprint.edge.opencl;
