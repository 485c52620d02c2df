package io.driftline.models.drift;

/**
 * The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic {@code D_n} for finite {@code n}, as
 * scipy.stats.kstwo computes it: the regimes and methods of Simard and L'Ecuyer (2011), in the places where scipy
 * puts them.
 * <ul>
 *   <li>{@code n x <= 1} and {@code n x >= n - 1}: the closed forms of Ruben and Gambino;</li>
 *   <li>{@code x >= 0.5}, and the upper tail ({@code n x^2 >= 2.2}, or {@code > 4} for {@code n <= 140}):
 *       twice the one-sided {@link Smirnov} probability;</li>
 *   <li>{@code n <= 140} otherwise, and {@code n <= 100000} with {@code n x^1.5 <= 1.4}: the exact
 *       {@link DurbinMatrix} (scipy uses Pomeranz's recursion for {@code 0.754693 < n x^2 <= 4}, an exact method
 *       too);</li>
 *   <li>everywhere else: the {@link PelzGood} expansion.</li>
 * </ul>
 * Agreement with scipy 1.17 is checked to 1e-9 (relative, or absolute below 1e-9) over all these regimes for
 * {@code n} from 1 to 2,000,000 ({@code kstwo_sf.json}; the largest difference seen is 1.1e-11 relative).
 *
 * <p>Cost: microseconds in the body of the distribution; in the upper tail the Smirnov sum has about
 * {@code n} terms, about 2 ms at {@code n = 2,000} and 20 ms at {@code n = 100,000} (300 ms at the million where
 * it switches to an approximation).
 */
final class KolmogorovDistribution {

    /** Bernoulli-number coefficients B_2j / (2j (2j - 1)) of Stirling's series, highest order first. */
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** {@code P(D_n > x)}. */
    static double sf(long n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 1) {
            return 0;
        }
        if (x <= 0) {
            return 1;
        }
        double t = n * x;
        if (t <= 1) {
            if (t <= 0.5) {
                return 1;
            }
            return clip(1 - rubenGambinoLow(n, t));
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            return nxSquared <= 4 ? clip(1 - DurbinMatrix.cdf((int) n, x)) : clip(2 * Smirnov.sf(n, x));
        }
        if (nxSquared >= 370) {
            return 0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double cdf = n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4
                ? DurbinMatrix.cdf((int) n, x) : PelzGood.cdf(n, x);
        return clip(1 - cdf);
    }

    /** {@code P(D_n <= x) = n!/n^n (2t - 1)^n} for {@code 1/2 < t = n x <= 1}. */
    private static double rubenGambinoLow(long n, double t) {
        if (n <= 140) {
            double product = 1;
            for (int i = 1; i <= n; i++) {
                product *= i * (1.0 / n) * (2 * t - 1);
            }
            return product;
        }
        return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }

    /** {@code log(n!/n^n)} by Stirling's series, with {@code n log n} taken out before it can cancel. */
    private static double logFactorialOverPower(double n) {
        double reciprocal = 1 / n;
        double series = 0;
        for (double coefficient : STIRLING) {
            series = series * (reciprocal / n) + coefficient;
        }
        return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + reciprocal * series;
    }

    private static double clip(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
