package io.driftline.models.drift;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Has the share of missing values changed? A two-proportion z-test with pooled variance:
 * <pre>
 *   p_ref = reference missing fraction (of n_ref rows),  p_win = missing / n_win,
 *   p = (p_ref n_ref + missing) / (n_ref + n_win),  z = (p_win - p_ref) / sqrt(p (1 - p) (1/n_ref + 1/n_win)),
 *   p-value = 2 P(Z &gt; |z|)
 * </pre>
 * When nothing or everything is missing on both sides the variance is zero: z is 0 and the p-value 1. The normal
 * tail comes from Commons Statistics (erfc, about 1e-15 relative); agrees with scipy.stats.norm.sf to 1e-9 relative
 * on {@code missing_rate.json}. The normal approximation wants a few missing and a few present values on each side.
 */
public final class MissingRate {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private MissingRate() {
    }

    /** The change in missing rate ({@code p_win - p_ref}), its z score and two-sided p-value. */
    public record Result(double difference, double z, double pValue) {
    }

    /** Tests a window's missing count against the reference's missing fraction. */
    public static Result test(double referenceMissingFraction, long referenceSize, long windowMissing,
            long windowSize) {
        if (!(referenceMissingFraction >= 0 && referenceMissingFraction <= 1)) {
            throw new IllegalArgumentException("reference missing fraction must be in [0, 1]: "
                    + referenceMissingFraction);
        }
        if (referenceSize < 1) {
            throw new IllegalArgumentException("reference size must be >= 1: " + referenceSize);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be >= 1: " + windowSize);
        }
        if (windowMissing < 0 || windowMissing > windowSize) {
            throw new IllegalArgumentException("window missing count must be in [0, " + windowSize + "]: "
                    + windowMissing);
        }
        double windowRate = (double) windowMissing / windowSize;
        double difference = windowRate - referenceMissingFraction;
        double pooled = (referenceMissingFraction * referenceSize + windowMissing) / (referenceSize + windowSize);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceSize + 1.0 / windowSize));
        if (!(standardError > 0)) {
            return new Result(difference, 0, 1);
        }
        double z = difference / standardError;
        return new Result(difference, z, Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z))));
    }
}
