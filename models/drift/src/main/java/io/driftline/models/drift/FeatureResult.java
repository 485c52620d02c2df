package io.driftline.models.drift;

import java.util.List;

/**
 * The drift tests of one feature (or the score) over one window.
 *
 * @param feature feature name
 * @param count values present in the window
 * @param missingRate missing values over the window's events
 * @param verdict {@link Verdict#DRIFT} when some metric drifted, or {@link Verdict#INSUFFICIENT_DATA}
 * @param metrics every metric that applied, in {@link DriftMetrics} order: with the standard ones psi,
 *     js_distance, ks, wasserstein (numeric) or chi_square, psi (categorical), then missing_rate
 */
public record FeatureResult(String feature, long count, double missingRate, Verdict verdict, List<Metric> metrics) {

    /** Copies the metrics. */
    public FeatureResult {
        metrics = List.copyOf(metrics);
    }

    /** True when some metric says drift. */
    public boolean drifted() {
        return verdict == Verdict.DRIFT;
    }

    /** The worst grade among the metrics ({@link Severity#NONE} when there are none). */
    public Severity severity() {
        return metrics.stream().map(Metric::severity).max(Enum::compareTo).orElse(Severity.NONE);
    }
}
