/**
 * Signed over-the-air updates, in the spirit of TUF and Uptane: a root key signs the list of
 * signing keys ({@link KeysMetadata}), a signing key signs a bundle's {@link Manifest}, and a
 * device trusts nothing it cannot chain back to the root it was provisioned with. Every kind of
 * signed metadata carries a version that must never go backwards on a device and an expiry after
 * which it is refused; {@link BundleVerifier} names the reason for each refusal ({@link
 * Rejection.Reason}).
 */
package dev.blueprint.edge.ota;
