package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-square goodness-of-fit test of a window's category counts against the reference frequencies.
 *
 * <p>{@link #test(long[], double[])} is {@code scipy.stats.chisquare(observed, expected)}: statistic
 * {@code sum (o - e)^2 / e}, {@code k - 1} degrees of freedom, p-value the chi-square survival function (Commons
 * Statistics, which computes the regularized gamma function {@code Q(k/2, x/2)} to about 1e-15 relative); agrees
 * with scipy to 1e-9 relative on {@code categorical.json}.
 *
 * <p>{@link #test(CategoryBuckets, double)} builds the expected counts: buckets that neither the reference nor the
 * window holds are left out (they carry no information but would add a degree of freedom); each expected count is
 * {@code max(n r_i, minExpected)}, then all are rescaled to sum to {@code n}. The floor keeps the statistic finite
 * when the window holds a category the reference never saw; it does not make the chi-square approximation good
 * for expected counts below about 5, where the p-value is only indicative.
 */
public final class ChiSquare {

    /** Default floor on expected counts. */
    public static final double DEFAULT_MIN_EXPECTED = 0.5;

    private ChiSquare() {
    }

    /**
     * The test's outcome; with fewer than two buckets there is nothing to test: 0 degrees of freedom, statistic 0,
     * p-value 1.
     */
    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    /** The test on aligned buckets, expected counts floored at {@code minExpected} (see the class comment). */
    public static Result test(CategoryBuckets buckets, double minExpected) {
        if (!(minExpected > 0) || Double.isInfinite(minExpected)) {
            throw new IllegalArgumentException("minimum expected count must be positive and finite: " + minExpected);
        }
        long n = buckets.total();
        if (n == 0) {
            throw new IllegalArgumentException("window must hold at least one category count: 0");
        }
        double[] reference = buckets.referenceFractions();
        long[] observed = buckets.observed();
        List<Integer> kept = new ArrayList<>();
        double expectedTotal = 0;
        for (int i = 0; i < observed.length; i++) {
            if (reference[i] > 0 || observed[i] > 0) {
                kept.add(i);
                expectedTotal += Math.max(n * reference[i], minExpected);
            }
        }
        long[] o = new long[kept.size()];
        double[] e = new double[kept.size()];
        for (int j = 0; j < o.length; j++) {
            int i = kept.get(j);
            o[j] = observed[i];
            e[j] = Math.max(n * reference[i], minExpected) * (n / expectedTotal);
        }
        return test(o, e);
    }

    /** The test of observed counts against expected counts, as scipy.stats.chisquare; both must sum alike. */
    public static Result test(long[] observed, double[] expected) {
        Buckets.checkSameLength(expected.length, observed.length);
        double observedTotal = 0;
        double expectedTotal = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("observed count in bucket " + i + " must be >= 0: " + observed[i]);
            }
            if (!(expected[i] > 0) || Double.isInfinite(expected[i])) {
                throw new IllegalArgumentException("expected count in bucket " + i + " must be positive and finite: "
                        + expected[i]);
            }
            observedTotal += observed[i];
            expectedTotal += expected[i];
        }
        if (Math.abs(observedTotal - expectedTotal) > 1e-8 * Math.max(observedTotal, expectedTotal)) {
            throw new IllegalArgumentException("expected counts must sum to the observed total " + observedTotal
                    + ": " + expectedTotal);
        }
        if (observed.length < 2) {
            return new Result(0, 0, 1);
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double difference = observed[i] - expected[i];
            statistic += difference * difference / expected[i];
        }
        int degrees = observed.length - 1;
        return new Result(statistic, degrees, ChiSquaredDistribution.of(degrees).survivalProbability(statistic));
    }
}
