package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * {@link Wasserstein}-1 distance in reference standard deviations, over the reference's central 98% (see
 * {@link Wasserstein#DEFAULT_TRIM}), from the two KLL sketches; numeric features with a sketch on both sides and a
 * positive, finite reference deviation. Warn 0.2 (its estimate from sketches is noisy on heavy tails), alert 0.5:
 * half a deviation, what a mean shift of that size gives.
 */
final class WassersteinMetric implements DriftMetric {

    static final String ID = "wasserstein";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Wasserstein-1 distance in reference standard deviations";
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
        return 1e6;
    }

    @Override
    public DriftThresholds.Levels defaultLevels() {
        return new DriftThresholds.Levels(0.2, 0.5);
    }

    @Override
    public Optional<Result> compute(ReferenceFeature reference, WindowFeature window, DriftThresholds thresholds) {
        double stddev = reference.stddev();
        if (!KsMetric.holdsValues(reference.sketch()) || !KsMetric.holdsValues(window.sketch())
                || !(stddev > 0) || Double.isInfinite(stddev)) {
            return Optional.empty();
        }
        // Over the reference's central 98%: the full distance is tail noise on heavy-tailed features.
        double distance = Wasserstein.trimmedDistance(reference.sketch(), window.sketch(), Wasserstein.DEFAULT_TRIM);
        return Optional.of(Result.distance(Wasserstein.normalized(distance, stddev)));
    }
}
