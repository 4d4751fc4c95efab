/**
 * What a release engineer runs on a desktop, never on a device: quantize and eval, root and signing
 * keys, bundles (golden, create, sign, verify, and model: the three first in one step) and the
 * signing helpers behind them ({@link dev.blueprint.edge.publisher.Bundles}, {@link
 * dev.blueprint.edge.publisher.ModelBundles} for programs). Added to {@code blueprint-edge} as a
 * command plugin; the device jar does not contain it (DeviceJarIT).
 */
package dev.blueprint.edge.publisher;
