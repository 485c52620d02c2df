package io.driftline.models.drift;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * The one-sided one-sample Kolmogorov-Smirnov statistic {@code D+_n}: its survival function by the exact formula
 * of Smirnov (1944) and Birnbaum and Tingey (1951),
 * <pre>
 *   P(D+_n &gt; x) = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 * </pre>
 * Each term is {@code x/p} times the binomial probability of {@code v} successes in {@code n} trials with
 * {@code p = x + v/n}, which Commons Statistics computes by Loader's saddle point (relative error about 1e-14),
 * so the sum keeps about 13 significant digits, also deep in the tail. Above a million trials it switches, as
 * scipy.special.smirnov does, to {@code exp(-(6nx+1)^2 / 18n)}.
 */
final class Smirnov {

    /** exp() of anything below this is zero in double precision. */
    private static final double MIN_LOG = -708.3964185322641;
    private static final int MAX_EXACT_N = 1_000_000;

    private Smirnov() {
    }

    /** {@code P(D+_n > x)}. */
    static double sf(long n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        if (!(x > 0)) {
            return 1;
        }
        if (x >= 1) {
            return 0;
        }
        if (n == 1) {
            return 1 - x;
        }
        double nx = n * x;
        if (nx < 1) { // only the v = 0 term of the complementary sum
            return 1 - x * Math.pow(1 + x, n - 1);
        }
        if (-2 * nx * x < MIN_LOG) {
            return 0;
        }
        if (nx >= n - 1) {
            return Math.pow(1 - x, n);
        }
        if (n > MAX_EXACT_N) {
            double logP = -Math.pow(6 * nx + 1, 2) / 18 / n;
            double cdf = -Math.expm1(logP);
            return logP < -Math.log(2) ? Math.exp(logP) : 1 - cdf; // as scipy: exp() where small, 1 - cdf near 1
        }
        return exactSum((int) n, x);
    }

    private static double exactSum(int n, double x) {
        int last = (int) Math.floor(n * (1 - x));
        double sum = 0;
        double previous = 0;
        for (int v = 0; v <= last; v++) {
            double p = Math.min(x + (double) v / n, 1);
            double term = x / p * BinomialDistribution.of(n, p).probability(v);
            sum += term;
            // The terms rise, then fall: stop once the rest cannot reach the last bit of the sum.
            if (term < previous && (double) (last - v) * term < 0x1p-60 * sum) {
                break;
            }
            previous = term;
        }
        return sum;
    }
}
