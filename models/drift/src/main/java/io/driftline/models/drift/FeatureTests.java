package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs every enabled metric that applies to one feature, in registry order, before correction and verdicts. */
final class FeatureTests {

    /**
     * A metric before correction: its p-value is null for metrics that are not tests; the effect size is what the
     * metric's levels grade (see {@link Metric#effectSize()}).
     */
    record Outcome(String name, double value, Double pValue, double effectSize) {
    }

    private FeatureTests() {
    }

    static List<Outcome> run(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        List<Outcome> outcomes = new ArrayList<>();
        if (window.events() < thresholds.minSampleSize()) {
            return outcomes;
        }
        boolean enoughValues = window.count() >= thresholds.minSampleSize();
        for (DriftMetric metric : thresholds.enabledMetrics()) {
            if (!metric.featureKinds().contains(reference.kind()) || (metric.needsPresentValues() && !enoughValues)) {
                continue;
            }
            Optional<DriftMetric.Result> result = metric.compute(reference, window, thresholds);
            if (result.isPresent()) {
                outcomes.add(outcome(metric, result.get()));
            }
        }
        return outcomes;
    }

    /** A test without a p-value (or a distance with one) would be graded as the other kind: refuse it. */
    private static Outcome outcome(DriftMetric metric, DriftMetric.Result result) {
        boolean test = metric.type() == DriftMetric.Type.TEST;
        if (test != (result.pValue() != null)) {
            throw new IllegalStateException(metric.id() + ": a " + metric.type() + " must " + (test ? "" : "not ")
                    + "return a p-value: " + result);
        }
        return new Outcome(metric.id(), result.value(), result.pValue(), result.effectSize());
    }
}
