package io.driftline.models.drift;

/**
 * One drift statistic of one feature over one window, with its verdict.
 *
 * @param name one of the names below
 * @param value the statistic (see each name)
 * @param pValue the test's p-value before correction, or null for a metric that is not a test
 * @param adjustedPValue the p-value after the multiple-testing correction, or null for a metric that is not a test
 * @param threshold what decided {@code ALERT}: the alert level of the value, or for a test the alpha that the
 *     adjusted p-value is compared with
 * @param severity how far the threshold was crossed
 */
public record Metric(String name, double value, Double pValue, Double adjustedPValue, double threshold,
        Severity severity) {

    /** {@link Psi} over the reference bins plus out of range, or over categories plus unseen. */
    public static final String PSI = "psi";
    /** {@link JensenShannon} distance (base 2) over the reference bins plus out of range. */
    public static final String JS_DISTANCE = "js_distance";
    /** {@link KolmogorovSmirnov}: value D, p-value from scipy's asymptotic method. */
    public static final String KS = "ks";
    /** {@link Wasserstein}-1 distance in reference standard deviations. */
    public static final String WASSERSTEIN = "wasserstein";
    /** {@link ChiSquare}: value the statistic. */
    public static final String CHI_SQUARE = "chi_square";
    /** {@link MissingRate}: value the window's missing rate minus the reference's. */
    public static final String MISSING_RATE = "missing_rate";

    /** True when the metric says drift: {@link Severity#ALERT}. */
    public boolean drifted() {
        return severity == Severity.ALERT;
    }

    /** True for tests, which have p-values. */
    public boolean isTest() {
        return pValue != null;
    }
}
