/**
 * Model architecture profiles: layered models ({@link dev.blueprint.simulator.model.Layers} derives
 * each layer's work from its shapes), transformer architectures as a Hugging Face config.json
 * describes them, recommendation models, the figures their authors published, and the catalog that
 * reads them from {@code models/} with file:line:column errors. Depends on {@code units} and {@code
 * io} only.
 */
package dev.blueprint.simulator.model;
