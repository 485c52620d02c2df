package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * The drift tests of a window: every enabled metric of the thresholds' {@link DriftMetrics} registry that applies
 * to each feature, against its reference, p-values corrected across the whole window, each metric judged against
 * {@link DriftThresholds}. With the standard registry:
 *
 * <ul>
 *   <li>Numeric features: {@link Metric#PSI} and {@link Metric#JS_DISTANCE} on the reference bins plus out of
 *       range (when the reference has bins), {@link Metric#KS} and {@link Metric#WASSERSTEIN} from the KLL
 *       sketches (when both sides have one; Wasserstein also needs a positive reference deviation).</li>
 *   <li>Categorical features: {@link Metric#CHI_SQUARE} (when at least two buckets hold something) and
 *       {@link Metric#PSI} over the reference categories plus unseen.</li>
 *   <li>Every feature: {@link Metric#MISSING_RATE} (when the reference's sample size is known, and some value is
 *       missing on one side; a test with nothing missing anywhere could not find anything and would only
 *       dilute the correction).</li>
 * </ul>
 * The family for the multiple-testing correction is every p-value of one {@link #evaluate(List)} call: the tests
 * of all features together, so that the chance of any false drift verdict in a window stays at alpha. Each metric
 * is graded by {@link DriftThresholds#levels(String)} on its effect size (a test only when significant), and a
 * feature drifted when any of its metrics is at least {@link Severity#WARN}. A feature whose window holds fewer
 * events than the minimum sample size gets {@link Verdict#INSUFFICIENT_DATA} and no metrics; one with enough events
 * but fewer present values gets only the metrics that need no present values (its missing-rate test).
 * Thread-safe; stateless but for the thresholds.
 */
public final class DriftTests {

    private final DriftThresholds thresholds;

    /** Drift tests with these thresholds. */
    public DriftTests(DriftThresholds thresholds) {
        if (thresholds == null) {
            throw new IllegalArgumentException("thresholds must be set: null");
        }
        this.thresholds = thresholds;
    }

    /** A feature's reference and its window; the names must match. */
    public record Comparison(ReferenceFeature reference, WindowFeature window) {

        /** Checks that both sides are there and name the same feature. */
        public Comparison {
            if (reference == null || window == null) {
                throw new IllegalArgumentException("reference and window must both be set: " + reference + ", "
                        + window);
            }
            if (!reference.name().equals(window.name())) {
                throw new IllegalArgumentException("window of '" + window.name() + "' compared with reference of '"
                        + reference.name() + "'");
            }
        }
    }

    public DriftThresholds thresholds() {
        return thresholds;
    }

    /** One feature on its own: the correction's family is its own tests. */
    public FeatureResult evaluate(ReferenceFeature reference, WindowFeature window) {
        return evaluate(List.of(new Comparison(reference, window))).get(0);
    }

    /** Every feature of a window, in the order given, p-values corrected across all of them. */
    public List<FeatureResult> evaluate(List<Comparison> comparisons) {
        List<List<FeatureTests.Outcome>> outcomes = new ArrayList<>(comparisons.size());
        List<Double> family = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            List<FeatureTests.Outcome> feature = sufficient(comparison.window())
                    ? FeatureTests.run(comparison.reference(), comparison.window(), thresholds) : List.of();
            feature.stream().filter(o -> o.pValue() != null).forEach(o -> family.add(o.pValue()));
            outcomes.add(feature);
        }
        double[] adjusted = thresholds.correction().adjust(family.stream().mapToDouble(Double::doubleValue).toArray());
        int next = 0;
        List<FeatureResult> results = new ArrayList<>(comparisons.size());
        for (int f = 0; f < comparisons.size(); f++) {
            WindowFeature window = comparisons.get(f).window();
            List<Metric> metrics = new ArrayList<>();
            for (FeatureTests.Outcome outcome : outcomes.get(f)) {
                Double adjustedPValue = outcome.pValue() == null ? null : adjusted[next++];
                metrics.add(new Metric(outcome.name(), outcome.value(), outcome.pValue(), adjustedPValue,
                        thresholds.threshold(outcome.name()), outcome.effectSize(), thresholds.levels(outcome.name()),
                        thresholds.severity(outcome.name(), outcome.effectSize(), adjustedPValue)));
            }
            results.add(new FeatureResult(window.name(), window.count(), window.missingRate(),
                    sufficient(window) ? verdict(metrics) : Verdict.INSUFFICIENT_DATA, metrics));
        }
        return results;
    }

    private boolean sufficient(WindowFeature window) {
        return window.events() >= thresholds.minSampleSize();
    }

    private static Verdict verdict(List<Metric> metrics) {
        return metrics.stream().anyMatch(Metric::drifted) ? Verdict.DRIFT : Verdict.NO_DRIFT;
    }
}
