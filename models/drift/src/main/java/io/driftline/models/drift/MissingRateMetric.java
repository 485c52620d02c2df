package io.driftline.models.drift;

import java.util.Optional;
import java.util.Set;

/**
 * {@link MissingRate}, a two-proportion z-test of the window's missing rate against the reference's, for every
 * feature whose reference sample size is known: value the window's missing rate minus the reference's, effect size
 * its magnitude. Alpha 1e-4; warn 0, alert 0.1 (ten percentage points). Needs events, not present values. With
 * nothing missing on either side (or everything on both) there is no test: it could not find anything and would
 * only dilute the correction.
 */
final class MissingRateMetric implements DriftMetric {

    static final String ID = "missing_rate";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "missing-rate";
    }

    @Override
    public Type type() {
        return Type.TEST;
    }

    @Override
    public Set<FeatureKind> featureKinds() {
        return Set.of(FeatureKind.NUMERIC, FeatureKind.CATEGORICAL);
    }

    @Override
    public boolean needsPresentValues() {
        return false;
    }

    @Override
    public String effectSizeDescription() {
        return "the absolute change in missing rate (0.05 = 5 percentage points)";
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
        if (reference.sampleSize() <= 0 || !missingCanVary(reference, window)) {
            return Optional.empty();
        }
        MissingRate.Result missing = MissingRate.test(reference.missingFraction(), reference.sampleSize(),
                window.missingCount(), window.events());
        return Optional.of(Result.test(missing.difference(), missing.pValue(), Math.abs(missing.difference())));
    }

    /** Nothing missing on either side (or everything on both): no test, and no dilution of the family. */
    private static boolean missingCanVary(ReferenceFeature reference, WindowFeature window) {
        boolean noneMissing = reference.missingFraction() == 0 && window.missingCount() == 0;
        boolean allMissing = reference.missingFraction() == 1 && window.count() == 0;
        return !noneMissing && !allMissing;
    }
}
