/**
 * Turning an enriched event into a model's input row, as a manifest describes it:
 * {@link io.driftline.models.features.FeatureEncoder}, shared by training and serving. Bad values raise a
 * {@link io.driftline.models.features.FeatureException} with a stable code.
 */
package io.driftline.models.features;
