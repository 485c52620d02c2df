package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * {@link ChiSquare} goodness-of-fit test of a categorical window against the reference frequencies, when at least
 * two buckets hold something: value the statistic, effect size Cramér's V, {@code sqrt(chi2 / (n (k - 1)))} over
 * the k buckets tested. Alpha 1e-4; warn 0, alert 0.1. V is used rather than the categorical PSI so that the test
 * grades itself from its own statistic (PSI of the same buckets is graded apart) and stays comparable across
 * features with different numbers of categories; for two equally likely categories V 0.1 is a shift of 5
 * percentage points. An unseen category weighs heavily (its expected count is only the floor,
 * {@link DriftThresholds#minExpectedCount()}).
 */
final class ChiSquareMetric implements DriftMetric {

    static final String ID = "chi_square";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "chi-square";
    }

    @Override
    public Type type() {
        return Type.TEST;
    }

    @Override
    public Set<FeatureKind> featureKinds() {
        return Set.of(FeatureKind.CATEGORICAL);
    }

    @Override
    public String effectSizeDescription() {
        return "its Cramer's V, sqrt(chi2 / (n (k - 1)))";
    }

    @Override
    public double maxLevel() {
        return 1e6;
    }

    @Override
    public DriftThresholds.Levels defaultLevels() {
        return new DriftThresholds.Levels(0, 0.1);
    }

    @Override
    public double defaultAlpha() {
        return 1e-4;
    }

    @Override
    public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        CategoryBuckets buckets = CategoryBuckets.align(reference.categoryFrequencies(), window.categoryCounts());
        if (buckets.total() == 0) {
            return Optional.empty();
        }
        ChiSquare.Result chiSquare = ChiSquare.test(buckets, thresholds.minExpectedCount());
        if (chiSquare.degreesOfFreedom() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Result.test(chiSquare.statistic(), chiSquare.pValue(),
                cramersV(chiSquare, buckets.total())));
    }

    /** Cramér's V of a goodness-of-fit test: {@code sqrt(chi2 / (n (k - 1)))}, k - 1 the degrees of freedom. */
    static double cramersV(ChiSquare.Result result, long n) {
        return Math.sqrt(result.statistic() / ((double) n * result.degreesOfFreedom()));
    }
}
