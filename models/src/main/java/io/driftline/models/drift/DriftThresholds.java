package io.driftline.models.drift;

/**
 * Thresholds of the drift metrics, the multiple-testing correction and the minimum sample size.
 *
 * <p>For small shifts over the same buckets PSI is about {@code 8 ln 2 JS^2}, so the default Jensen-Shannon
 * threshold 0.1 corresponds to PSI of about 0.055: with the defaults a bucket shift is flagged by JS before PSI
 * warns, and PSI adds most where the epsilon of empty or out-of-range buckets counts.
 *
 * @param psiWarn PSI at or above this warns (default 0.1)
 * @param psiAlert PSI at or above this is drift (default 0.25)
 * @param jsDistance Jensen-Shannon distance at or above this is drift (default 0.1)
 * @param wasserstein Wasserstein-1 in reference standard deviations at or above this is drift (default 0.1)
 * @param ksAlpha a KS test whose corrected p-value is below this is drift (default 0.01)
 * @param chiSquareAlpha a chi-square test whose corrected p-value is below this is drift (default 0.01)
 * @param missingRateAlpha a missing-rate test whose corrected p-value is below this is drift (default 0.01)
 * @param correction correction of the p-values across all tests of a window (default Holm)
 * @param minSampleSize fewer events than this in a window, and a feature is not tested; fewer present values, and
 *     only its missing rate is (default 100)
 * @param minExpectedCount floor on the chi-square test's expected counts (default 0.5, see {@link ChiSquare})
 */
public record DriftThresholds(double psiWarn, double psiAlert, double jsDistance, double wasserstein, double ksAlpha,
        double chiSquareAlpha, double missingRateAlpha, Correction correction, long minSampleSize,
        double minExpectedCount) {

    /** Checks every value. */
    public DriftThresholds {
        positive("psiWarn", psiWarn);
        positive("psiAlert", psiAlert);
        if (psiWarn > psiAlert) {
            throw new IllegalArgumentException("psiWarn must not exceed psiAlert " + psiAlert + ": " + psiWarn);
        }
        positive("jsDistance", jsDistance);
        positive("wasserstein", wasserstein);
        alpha("ksAlpha", ksAlpha);
        alpha("chiSquareAlpha", chiSquareAlpha);
        alpha("missingRateAlpha", missingRateAlpha);
        if (correction == null) {
            throw new IllegalArgumentException("correction must be set: null");
        }
        if (minSampleSize < 1) {
            throw new IllegalArgumentException("minSampleSize must be >= 1: " + minSampleSize);
        }
        positive("minExpectedCount", minExpectedCount);
    }

    /** The defaults above. */
    public static DriftThresholds defaults() {
        return new DriftThresholds(0.1, 0.25, 0.1, 0.1, 0.01, 0.01, 0.01, Correction.HOLM, 100,
                ChiSquare.DEFAULT_MIN_EXPECTED);
    }

    /** These thresholds with another correction. */
    public DriftThresholds withCorrection(Correction newCorrection) {
        return new DriftThresholds(psiWarn, psiAlert, jsDistance, wasserstein, ksAlpha, chiSquareAlpha,
                missingRateAlpha, newCorrection, minSampleSize, minExpectedCount);
    }

    /** These thresholds with another minimum sample size. */
    public DriftThresholds withMinSampleSize(long newMinSampleSize) {
        return new DriftThresholds(psiWarn, psiAlert, jsDistance, wasserstein, ksAlpha, chiSquareAlpha,
                missingRateAlpha, correction, newMinSampleSize, minExpectedCount);
    }

    /** The threshold that decides {@link Severity#ALERT} for a metric: a value's alert level, or a test's alpha. */
    public double threshold(String metric) {
        return switch (metric) {
            case Metric.PSI -> psiAlert;
            case Metric.JS_DISTANCE -> jsDistance;
            case Metric.WASSERSTEIN -> wasserstein;
            case Metric.KS -> ksAlpha;
            case Metric.CHI_SQUARE -> chiSquareAlpha;
            case Metric.MISSING_RATE -> missingRateAlpha;
            default -> throw new IllegalArgumentException("unknown metric: " + metric);
        };
    }

    /** The severity of a metric's value, or for a test of its corrected p-value. */
    Severity severity(String metric, double value, Double adjustedPValue) {
        double threshold = threshold(metric);
        if (adjustedPValue != null) {
            return adjustedPValue < threshold ? Severity.ALERT : Severity.NONE;
        }
        if (value >= threshold) {
            return Severity.ALERT;
        }
        return metric.equals(Metric.PSI) && value >= psiWarn ? Severity.WARN : Severity.NONE;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite: " + value);
        }
    }

    private static void alpha(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1): " + value);
        }
    }
}
