package io.driftline.models.drift;

/**
 * The Pelz-Good (1976) asymptotic expansion of the two-sided one-sample Kolmogorov-Smirnov distribution:
 * {@code P(D_n <= x) ~ K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5} with {@code z = x sqrt(n)}, each term
 * written in its theta-function form that converges fast for small {@code z}. Simard and L'Ecuyer (2011) use it
 * for {@code n > 140} in the body of the distribution, where it is good to about 5 digits at {@code n = 141} and
 * better as {@code n} grows; {@link KolmogorovDistribution} uses it in the same place as scipy, so that both agree
 * to rounding.
 */
final class PelzGood {

    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double SQRT3 = Math.sqrt(3);
    private static final double MIN_LOG = -708;

    private PelzGood() {
    }

    /** {@code P(D_n <= x)}, approximately. */
    static double cdf(double n, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qLog = -PI2 / 8 / z2;
        if (qLog < MIN_LOG) {
            return 0;
        }
        double q = Math.exp(qLog);

        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * z4 * z4;

        // Sums over odd m = 2k - 1 of c(m) q^(m^2), by Horner in q^(8k).
        int maxK = (int) Math.ceil(16 * z / Math.PI);
        double k0 = 0;
        double k1 = 0;
        double k2 = 0;
        double k3 = 0;
        for (int k = maxK; k > 0; k--) {
            double m = 2 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qPower = Math.pow(q, 8 * k);
            k0 = k0 * qPower + 1;
            k1 = k1 * qPower + k1a + k1b * m2;
            k2 = k2 * qPower + k2a + k2b * m2 + k2c * m4;
            k3 = k3 * qPower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        double common = q * SQRT_2PI;
        k0 *= common / z;
        k1 *= common / (6 * z4);
        k2 *= common / (72 * z6 * z);
        k3 *= common / (6480 * z6 * z4);

        // Sums over all k >= 1 of the K2 and K3 extra terms in q'^(k^2).
        double qPrime = Math.exp(-PI2 / 2 / z2);
        double sqrt3z = SQRT3 * z;
        double k2Extra = 0;
        double k3Extra = 0;
        for (int k = maxK; k > 0; k--) {
            double k2Squared = (double) k * k;
            double qPower = Math.pow(qPrime, k2Squared);
            double kPi = Math.PI * k;
            k2Extra += k2Squared * qPower;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2Squared * qPower;
        }
        k2 += k2Extra * PI2 * SQRT_2PI / (-36 * z2 * z);
        k3 += k3Extra * PI2 * SQRT_2PI / (216 * z6);

        return k0 + k1 / Math.sqrt(n) + k2 / n + k3 / (n * Math.sqrt(n));
    }
}
