package io.driftline.models.drift;

/**
 * One drift statistic of one feature over one window, with its grade.
 *
 * @param name the metric's {@link DriftMetric#id()}, for the standard metrics one of the names below
 * @param value the statistic (see each name)
 * @param pValue the test's p-value before correction, or null for a metric that is not a test
 * @param adjustedPValue the p-value after the multiple-testing correction, or null for a metric that is not a test
 * @param threshold what decides drift, as reports have always carried it: the warn level of a value metric, or for
 *     a test the alpha that the adjusted p-value is compared with
 * @param effectSize what {@code levels} grade: the value itself, but for chi-square Cramér's V and for the missing
 *     rate the absolute change
 * @param levels the warn (drift) and alert (critical) levels of the effect size
 * @param severity the grade: {@link Severity#NONE} unless the effect size reached the warn level (and, for a test,
 *     the adjusted p-value is below alpha)
 */
public record Metric(String name, double value, Double pValue, Double adjustedPValue, double threshold,
        double effectSize, DriftThresholds.Levels levels, Severity severity) {

    // The ids of the standard metrics, for callers that name one; each metric's home is its class, and a new
    // metric needs no constant here.
    /** {@link PsiMetric}: PSI over the reference bins plus out of range, or over categories plus unseen. */
    public static final String PSI = PsiMetric.ID;
    /** {@link JsDistanceMetric}: Jensen-Shannon distance (base 2) over the reference bins plus out of range. */
    public static final String JS_DISTANCE = JsDistanceMetric.ID;
    /** {@link KsMetric}: value D, p-value from scipy's asymptotic method. */
    public static final String KS = KsMetric.ID;
    /** {@link WassersteinMetric}: Wasserstein-1 distance in reference standard deviations. */
    public static final String WASSERSTEIN = WassersteinMetric.ID;
    /** {@link ChiSquareMetric}: value the statistic, effect size Cramér's V. */
    public static final String CHI_SQUARE = ChiSquareMetric.ID;
    /** {@link MissingRateMetric}: value the window's missing rate minus the reference's, effect size its magnitude. */
    public static final String MISSING_RATE = MissingRateMetric.ID;

    /** Checks that levels and severity are set. */
    public Metric {
        if (levels == null || severity == null) {
            throw new IllegalArgumentException(name + ": levels and severity must be set: " + levels + ", "
                    + severity);
        }
    }

    /** True when the metric says drift: {@link Severity#WARN} or {@link Severity#ALERT}. */
    public boolean drifted() {
        return severity != Severity.NONE;
    }

    /** True for tests, which have p-values. */
    public boolean isTest() {
        return pValue != null;
    }
}
