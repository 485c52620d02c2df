package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * {@link Psi} over the reference bins plus out of range (numeric), or over the reference categories plus unseen
 * (categorical). Warn 0.25, the usual "significant shift" level; alert 0.5. PSI's usual 0.1 "moderate" level is
 * not a default here: PSI of an unchanged distribution over 10 bins has an expected value of about 9 / n, so at
 * the minimum sample size of 100 it would flag noise.
 */
final class PsiMetric implements DriftMetric {

    static final String ID = "psi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "PSI";
    }

    @Override
    public Type type() {
        return Type.DISTANCE;
    }

    @Override
    public Set<FeatureKind> featureKinds() {
        return Set.of(FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
    }

    @Override
    public double maxLevel() {
        return 100;
    }

    @Override
    public DriftThresholds.Levels defaultLevels() {
        return new DriftThresholds.Levels(0.25, 0.5);
    }

    @Override
    public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        if (reference.kind() == FeatureKind.CATEGORICAL) {
            CategoryBuckets buckets = CategoryBuckets.align(reference.categoryFrequencies(), window.categoryCounts());
            return buckets.total() == 0 ? Optional.empty() : Optional.of(Result.distance(buckets.psi()));
        }
        long[] counts = Buckets.windowBuckets(reference, window);
        return counts == null ? Optional.empty()
                : Optional.of(Result.distance(Psi.of(reference.bucketFractions(), counts)));
    }
}
