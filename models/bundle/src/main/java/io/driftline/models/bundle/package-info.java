/**
 * Model bundles: what an ML engineer publishes to the model-updates topic (ONNX model inline or by URI plus
 * SHA-256, manifest, reference profile, golden examples), how to build one ({@link
 * io.driftline.models.bundle.BundleBuilder}), validate and load one ({@link io.driftline.models.bundle.ModelBundle}),
 * read a hand-written manifest ({@link io.driftline.models.bundle.ManifestJson}), and sign one and check its
 * signature ({@link io.driftline.models.bundle.BundleSigner}, {@link io.driftline.models.bundle.TrustedKeys}: ECDSA
 * P-256 over the {@link io.driftline.models.bundle.BundleDigest content digest}). Failures carry a stable
 * {@link io.driftline.models.bundle.BundleException.Reason} for MODEL_REJECTED alerts.
 */
package io.driftline.models.bundle;
