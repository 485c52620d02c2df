/**
 * Model bundles: what an ML engineer publishes to the model-updates topic (ONNX model inline or by URI plus
 * SHA-256, manifest, reference profile, golden examples), how to build one ({@link
 * io.driftline.models.bundle.BundleBuilder}), validate and load one ({@link io.driftline.models.bundle.ModelBundle}),
 * and read a hand-written manifest ({@link io.driftline.models.bundle.ManifestJson}). Failures carry a stable
 * {@link io.driftline.models.bundle.BundleException.Reason} for MODEL_REJECTED alerts.
 */
package io.driftline.models.bundle;
