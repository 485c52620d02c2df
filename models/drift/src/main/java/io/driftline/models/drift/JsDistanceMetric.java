package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * {@link JensenShannon} distance (base 2) over the reference bins plus out of range, numeric features only. Warn
 * 0.1, alert 0.2. For small shifts over the same buckets PSI is about {@code 8 ln 2 JS^2}: JS 0.1 is about PSI
 * 0.055 and JS 0.2 about PSI 0.22, so JS flags a bucket shift before PSI does, and PSI adds most where the epsilon
 * of empty or out-of-range buckets counts.
 */
final class JsDistanceMetric implements DriftMetric {

    static final String ID = "js_distance";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Jensen-Shannon distance (base 2)";
    }

    @Override
    public Type type() {
        return Type.DISTANCE;
    }

    @Override
    public Set<FeatureKind> featureKinds() {
        return Set.of(FeatureKind.NUMERIC);
    }

    @Override
    public double maxLevel() {
        return 1;
    }

    @Override
    public DriftThresholds.Levels defaultLevels() {
        return new DriftThresholds.Levels(0.1, 0.2);
    }

    @Override
    public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        long[] counts = Buckets.windowBuckets(reference, window);
        return counts == null ? Optional.empty()
                : Optional.of(Result.distance(JensenShannon.distance(reference.bucketFractions(), counts)));
    }
}
