/**
 * Drift statistics: how far a window of live data has moved from a model's reference profile. Pure math on plain
 * values, DataSketches KLL sketches and Java records; this package imports no Kafka, and nothing of Avro except in
 * {@link io.driftline.models.profile.AvroDrift}, the adapter to and from the schema records.
 *
 * <p>The single statistics, each checked against scipy / numpy on committed fixtures
 * ({@code src/test/resources/drift/make_fixtures.py}):
 * <ul>
 *   <li>{@link io.driftline.models.drift.Psi} and {@link io.driftline.models.drift.JensenShannon} on reference
 *       bins (numeric, plus an out-of-range bucket) or categories (plus an unseen bucket);</li>
 *   <li>{@link io.driftline.models.drift.KolmogorovSmirnov} and {@link io.driftline.models.drift.Wasserstein}
 *       from two KLL sketches, or exactly from raw values;</li>
 *   <li>{@link io.driftline.models.drift.ChiSquare} on {@link io.driftline.models.drift.CategoryBuckets};</li>
 *   <li>{@link io.driftline.models.drift.MissingRate}, a two-proportion z-test;</li>
 *   <li>{@link io.driftline.models.drift.Correction}: Bonferroni and Holm over a family of p-values.</li>
 * </ul>
 * Each drift metric built on them is one {@link io.driftline.models.drift.DriftMetric}, registered in
 * {@link io.driftline.models.drift.DriftMetrics}. {@link io.driftline.models.drift.DriftTests} runs every applicable one for a {@link
 * io.driftline.models.drift.ReferenceFeature} against a {@link io.driftline.models.drift.WindowFeature}, corrects the
 * p-values across all features of a window, and judges each metric against {@link
 * io.driftline.models.drift.DriftThresholds}.
 */
package io.driftline.models.drift;
