package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * {@link KolmogorovSmirnov} from the two KLL sketches (numeric features with a sketch on both sides): value and
 * effect size the statistic D, p-value from scipy's asymptotic method. Alpha 1e-4: at 0.01 the KS tests alone, whose
 * D from sketches leans upward a little, gave about 26 false alarms per 1,000 stationary windows of the detector
 * benchmark, and at 0.001 still 1.7 per 1,000 over 6,000 windows. Warn 0 (every significant test is drift), alert
 * 0.1: a tenth of the distribution on the other side of some value; a mean shift of a quarter deviation of a normal
 * feature gives D of about 0.1.
 */
final class KsMetric implements DriftMetric {

    static final String ID = "ks";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Kolmogorov-Smirnov";
    }

    @Override
    public Type type() {
        return Type.TEST;
    }

    @Override
    public Set<FeatureKind> featureKinds() {
        return Set.of(FeatureKind.NUMERIC);
    }

    @Override
    public String effectSizeDescription() {
        return "its statistic D";
    }

    @Override
    public double maxLevel() {
        return 1;
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
        if (!holdsValues(reference.sketch()) || !holdsValues(window.sketch())) {
            return Optional.empty();
        }
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(reference.sketch(), window.sketch());
        return Optional.of(Result.test(ks.statistic(), ks.pValue()));
    }

    /** Shared with Wasserstein: both compare the two sketches. */
    static boolean holdsValues(KllDoublesSketch sketch) {
        return sketch != null && !sketch.isEmpty();
    }
}
