/**
 * Labelled data sets the example models train and are checked on, read from their original files
 * with no TensorFlow: {@link dev.blueprint.edge.data.FashionMnist} (gzipped IDX images and labels)
 * and {@link dev.blueprint.edge.data.Wisdm} (the WISDM activity CSV), both as {@link
 * dev.blueprint.edge.data.LabeledData}, which cuts batches for a graph's input.
 */
package dev.blueprint.edge.data;
