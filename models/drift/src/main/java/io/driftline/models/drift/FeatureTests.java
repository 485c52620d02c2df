package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Runs every test that applies to one feature, before correction and verdicts. */
final class FeatureTests {

    /**
     * A metric before correction: its p-value is null for metrics that are not tests; the effect size is what the
     * metric's levels grade (see {@link Metric#effectSize()}).
     */
    record Outcome(String name, double value, Double pValue, double effectSize) {

        /** A metric whose value is its own effect size. */
        Outcome(String name, double value, Double pValue) {
            this(name, value, pValue, value);
        }
    }

    private FeatureTests() {
    }

    static List<Outcome> run(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        List<Outcome> outcomes = new ArrayList<>();
        if (window.count() >= thresholds.minSampleSize()) {
            if (reference.kind() == FeatureKind.NUMERIC) {
                numeric(reference, window, outcomes);
            } else {
                categorical(reference, window, thresholds.minExpectedCount(), outcomes);
            }
        }
        if (reference.sampleSize() > 0 && window.events() >= thresholds.minSampleSize() && missingCanVary(reference,
                window)) {
            MissingRate.Result missing = MissingRate.test(reference.missingFraction(), reference.sampleSize(),
                    window.missingCount(), window.events());
            outcomes.add(new Outcome(Metric.MISSING_RATE, missing.difference(), missing.pValue(),
                    Math.abs(missing.difference())));
        }
        return outcomes;
    }

    /** Nothing missing on either side (or everything on both): no test, and no dilution of the family. */
    private static boolean missingCanVary(ReferenceFeature reference, WindowFeature window) {
        boolean noneMissing = reference.missingFraction() == 0 && window.missingCount() == 0;
        boolean allMissing = reference.missingFraction() == 1 && window.count() == 0;
        return !noneMissing && !allMissing;
    }

    private static void numeric(ReferenceFeature reference, WindowFeature window, List<Outcome> outcomes) {
        long[] counts = window.bucketCounts();
        if (reference.hasBins() && Arrays.stream(counts).sum() > 0) {
            if (counts.length != reference.bucketCount()) {
                throw new IllegalArgumentException(reference.name() + ": window needs " + reference.bucketCount()
                        + " bucket counts (bins plus out of range): " + counts.length);
            }
            double[] fractions = reference.bucketFractions();
            outcomes.add(new Outcome(Metric.PSI, Psi.of(fractions, counts), null));
            outcomes.add(new Outcome(Metric.JS_DISTANCE, JensenShannon.distance(fractions, counts), null));
        }
        if (holdsValues(reference.sketch()) && holdsValues(window.sketch())) {
            KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(reference.sketch(), window.sketch());
            outcomes.add(new Outcome(Metric.KS, ks.statistic(), ks.pValue()));
            double stddev = reference.stddev();
            if (stddev > 0 && !Double.isInfinite(stddev)) {
                // Over the reference's central 98%: the full distance is tail noise on heavy-tailed features.
                double distance = Wasserstein.trimmedDistance(reference.sketch(), window.sketch(),
                        Wasserstein.DEFAULT_TRIM);
                outcomes.add(new Outcome(Metric.WASSERSTEIN, Wasserstein.normalized(distance, stddev), null));
            }
        }
    }

    private static void categorical(ReferenceFeature reference, WindowFeature window, double minExpected,
            List<Outcome> outcomes) {
        CategoryBuckets buckets = CategoryBuckets.align(reference.categoryFrequencies(), window.categoryCounts());
        if (buckets.total() == 0) {
            return;
        }
        ChiSquare.Result chiSquare = ChiSquare.test(buckets, minExpected);
        if (chiSquare.degreesOfFreedom() > 0) {
            outcomes.add(new Outcome(Metric.CHI_SQUARE, chiSquare.statistic(), chiSquare.pValue(),
                    cramersV(chiSquare, buckets.total())));
        }
        outcomes.add(new Outcome(Metric.PSI, buckets.psi(), null));
    }

    /** Cramér's V of a goodness-of-fit test: {@code sqrt(chi2 / (n (k - 1)))}, k - 1 the degrees of freedom. */
    static double cramersV(ChiSquare.Result result, long n) {
        return Math.sqrt(result.statistic() / ((double) n * result.degreesOfFreedom()));
    }

    private static boolean holdsValues(KllDoublesSketch sketch) {
        return sketch != null && !sketch.isEmpty();
    }
}
