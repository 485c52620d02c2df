package io.driftline.models.drift;

/**
 * Thresholds of the drift metrics, the multiple-testing correction and the minimum sample size.
 *
 * <p>Every metric has two {@link Levels} on its effect size (see {@link Metric#effectSize()}): crossing the warn
 * level is drift ({@link Severity#WARN}), crossing the alert level too is critical drift ({@link Severity#ALERT}).
 * A test (KS, chi-square, missing rate) is drift only when its corrected p-value is also below its alpha: the
 * p-value measures the evidence that something changed, not how much, so with large windows a test flags changes
 * too small to matter, and with small ones only large changes can be significant. The grade therefore comes from
 * the effect size, and the p-value only gates it.
 *
 * <p>The defaults are set by the detector benchmark (the {@code loadtest} module): a report's family of tests must
 * give fewer than one false alarm per 1,000 stationary windows of 2,000 events and still catch a quarter-deviation
 * mean shift of one feature in 20 in the first window. That is why the tests' alphas are 1e-4 (at 0.01 the KS
 * tests alone, whose D from sketches leans upward a little, gave about 26 false alarms per 1,000 windows, and at
 * 0.001 still 1.7 per 1,000 over 6,000 windows) and why Wasserstein-1 warns from 0.2 (its estimate from sketches is
 * noisy on heavy tails). A warn level on a test's effect
 * size defaults to 0: every significant test is drift. The default alert levels aim at a change that matters to
 * most models:
 * <ul>
 *   <li>PSI: warn 0.25, the usual "significant shift" level; alert 0.5. PSI's usual 0.1 "moderate" level is not
 *       a default here: PSI of an unchanged distribution over 10 bins has an expected value of about 9 / n, so at
 *       the minimum sample size of 100 it would flag noise.</li>
 *   <li>Jensen-Shannon distance (base 2): warn 0.1, alert 0.2. For small shifts over the same buckets PSI is about
 *       {@code 8 ln 2 JS^2}: JS 0.1 is about PSI 0.055 and JS 0.2 about PSI 0.22, so JS flags a bucket shift before
 *       PSI does, and PSI adds most where the epsilon of empty or out-of-range buckets counts.</li>
 *   <li>Wasserstein-1 in reference standard deviations: warn 0.2, alert 0.5 (half a deviation, what a mean shift of
 *       that size gives).</li>
 *   <li>KS: alpha 1e-4; effect size the statistic D, the largest gap between the two CDFs: warn 0, alert 0.1 (a
 *       tenth of the distribution on the other side of some value; a mean shift of a quarter deviation of a normal
 *       feature gives D of about 0.1).</li>
 *   <li>Chi-square: alpha 1e-4; effect size Cramér's V of the goodness-of-fit test, {@code sqrt(chi2 / (n (k -
 *       1)))} over the k buckets tested: warn 0, alert 0.1. V is used rather than the categorical PSI so that the
 *       test grades itself from its own statistic (PSI of the same buckets is graded apart) and stays comparable
 *       across features with different numbers of categories; for two equally likely categories V 0.1 is a shift
 *       of 5 percentage points. An unseen category weighs heavily (its expected count is only the floor).</li>
 *   <li>Missing rate: alpha 1e-4; effect size the absolute change in missing rate: warn 0, alert 0.1 (ten
 *       percentage points).</li>
 * </ul>
 *
 * @param psi PSI levels (default 0.25, 0.5)
 * @param jsDistance Jensen-Shannon distance levels (default 0.1, 0.2)
 * @param wasserstein Wasserstein-1 levels in reference standard deviations (default 0.2, 0.5)
 * @param ks Kolmogorov-Smirnov statistic levels (default 0, 0.1)
 * @param chiSquare Cramér's V levels of the chi-square test (default 0, 0.1)
 * @param missingRate levels of the absolute change in missing rate (default 0, 0.1)
 * @param ksAlpha a KS test is drift only if its corrected p-value is below this (default 1e-4)
 * @param chiSquareAlpha a chi-square test is drift only if its corrected p-value is below this (default 1e-4)
 * @param missingRateAlpha a missing-rate test is drift only if its corrected p-value is below this (default 1e-4)
 * @param correction correction of the p-values across all tests of a window (default Holm)
 * @param minSampleSize fewer events than this in a window, and a feature is not tested; fewer present values, and
 *     only its missing rate is (default 100)
 * @param minExpectedCount floor on the chi-square test's expected counts (default 0.5, see {@link ChiSquare})
 */
public record DriftThresholds(Levels psi, Levels jsDistance, Levels wasserstein, Levels ks, Levels chiSquare,
        Levels missingRate, double ksAlpha, double chiSquareAlpha, double missingRateAlpha, Correction correction,
        long minSampleSize, double minExpectedCount) {

    /**
     * The two levels of one metric's effect size: at or above {@code warn} is drift, at or above {@code alert}
     * critical drift.
     *
     * @param warn drift level; 0 for a test means every significant test is drift
     * @param alert critical level, at least {@code warn}
     */
    public record Levels(double warn, double alert) {

        /** Checks that both are finite, not negative, alert positive and not below warn. */
        public Levels {
            if (!(warn >= 0) || Double.isInfinite(warn)) {
                throw new IllegalArgumentException("warn level must be >= 0 and finite: " + warn);
            }
            if (!(alert > 0) || Double.isInfinite(alert)) {
                throw new IllegalArgumentException("alert level must be positive and finite: " + alert);
            }
            if (warn > alert) {
                throw new IllegalArgumentException("warn level must not exceed the alert level " + alert + ": "
                        + warn);
            }
        }

        /** The grade of an effect size: NONE below warn, WARN from warn, ALERT from alert. */
        Severity grade(double effect) {
            if (effect >= alert) {
                return Severity.ALERT;
            }
            return effect >= warn ? Severity.WARN : Severity.NONE;
        }
    }

    /** Checks every value. */
    public DriftThresholds {
        required("psi", psi);
        required("jsDistance", jsDistance);
        required("wasserstein", wasserstein);
        required("ks", ks);
        required("chiSquare", chiSquare);
        required("missingRate", missingRate);
        positiveWarn("psi", psi);
        positiveWarn("jsDistance", jsDistance);
        positiveWarn("wasserstein", wasserstein);
        alpha("ksAlpha", ksAlpha);
        alpha("chiSquareAlpha", chiSquareAlpha);
        alpha("missingRateAlpha", missingRateAlpha);
        if (correction == null) {
            throw new IllegalArgumentException("correction must be set: null");
        }
        if (minSampleSize < 1) {
            throw new IllegalArgumentException("minSampleSize must be >= 1: " + minSampleSize);
        }
        if (!(minExpectedCount > 0) || Double.isInfinite(minExpectedCount)) {
            throw new IllegalArgumentException("minExpectedCount must be positive and finite: " + minExpectedCount);
        }
    }

    /** The defaults above. */
    public static DriftThresholds defaults() {
        return new DriftThresholds(new Levels(0.25, 0.5), new Levels(0.1, 0.2), new Levels(0.2, 0.5),
                new Levels(0, 0.1), new Levels(0, 0.1), new Levels(0, 0.1), 1e-4, 1e-4, 1e-4, Correction.HOLM, 100,
                ChiSquare.DEFAULT_MIN_EXPECTED);
    }

    /** These thresholds with another correction. */
    public DriftThresholds withCorrection(Correction newCorrection) {
        return new DriftThresholds(psi, jsDistance, wasserstein, ks, chiSquare, missingRate, ksAlpha, chiSquareAlpha,
                missingRateAlpha, newCorrection, minSampleSize, minExpectedCount);
    }

    /** These thresholds with another minimum sample size. */
    public DriftThresholds withMinSampleSize(long newMinSampleSize) {
        return new DriftThresholds(psi, jsDistance, wasserstein, ks, chiSquare, missingRate, ksAlpha, chiSquareAlpha,
                missingRateAlpha, correction, newMinSampleSize, minExpectedCount);
    }

    /** These thresholds with other levels for one metric (one of the names in {@link Metric}). */
    public DriftThresholds withLevels(String metric, Levels levels) {
        return new DriftThresholds(metric.equals(Metric.PSI) ? levels : psi,
                metric.equals(Metric.JS_DISTANCE) ? levels : jsDistance,
                metric.equals(Metric.WASSERSTEIN) ? levels : wasserstein, metric.equals(Metric.KS) ? levels : ks,
                metric.equals(Metric.CHI_SQUARE) ? levels : chiSquare,
                metric.equals(Metric.MISSING_RATE) ? levels : missingRate, ksAlpha, chiSquareAlpha, missingRateAlpha,
                correction, minSampleSize, minExpectedCount);
    }

    /** A metric's levels. */
    public Levels levels(String metric) {
        return switch (metric) {
            case Metric.PSI -> psi;
            case Metric.JS_DISTANCE -> jsDistance;
            case Metric.WASSERSTEIN -> wasserstein;
            case Metric.KS -> ks;
            case Metric.CHI_SQUARE -> chiSquare;
            case Metric.MISSING_RATE -> missingRate;
            default -> throw new IllegalArgumentException("unknown metric: " + metric);
        };
    }

    /**
     * The threshold that decides drift ({@link Severity#WARN} or worse) as reports have always shown it: a value
     * metric's warn level, or a test's alpha.
     */
    public double threshold(String metric) {
        return switch (metric) {
            case Metric.KS -> ksAlpha;
            case Metric.CHI_SQUARE -> chiSquareAlpha;
            case Metric.MISSING_RATE -> missingRateAlpha;
            default -> levels(metric).warn();
        };
    }

    /** The severity of a metric's effect size, for a test only when its corrected p-value is below alpha. */
    Severity severity(String metric, double effectSize, Double adjustedPValue) {
        if (adjustedPValue != null && !(adjustedPValue < threshold(metric))) {
            return Severity.NONE;
        }
        return levels(metric).grade(effectSize);
    }

    private static void required(String name, Levels levels) {
        if (levels == null) {
            throw new IllegalArgumentException(name + " levels must be set: null");
        }
    }

    /** A value metric with a warn level of 0 would call every window drift. */
    private static void positiveWarn(String name, Levels levels) {
        if (!(levels.warn() > 0)) {
            throw new IllegalArgumentException(name + " warn level must be positive: " + levels.warn());
        }
    }

    private static void alpha(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1): " + value);
        }
    }
}
