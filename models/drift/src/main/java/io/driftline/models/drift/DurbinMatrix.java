package io.driftline.models.drift;

/**
 * The exact distribution of the two-sided one-sample Kolmogorov-Smirnov statistic {@code D_n} by the Durbin
 * matrix, as Marsaglia, Tsang and Wang (2003) compute it: {@code P(D_n <= d) = n!/n^n * (H^n)[k-1][k-1]} with
 * {@code k = ceil(n d)} and {@code H} of size {@code 2k - 1}. Every entry of {@code H} is non-negative, so the
 * power loses no digits to cancellation (about 1e-13 relative); the cost is {@code O(k^3 log n)}, which is why
 * {@link KolmogorovDistribution} uses it only where {@code k} stays small.
 */
final class DurbinMatrix {

    private static final int SCALE_BITS = 128;
    private static final double SCALE_UP = Math.scalb(1.0, SCALE_BITS);
    private static final double SCALE_DOWN = Math.scalb(1.0, -SCALE_BITS);

    private DurbinMatrix() {
    }

    /** {@code P(D_n <= d)}. */
    static double cdf(int n, double d) {
        double nd = n * d;
        if (nd <= 0.5) {
            return 0;
        }
        if (d >= 1) {
            return 1;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[][] power = identity(m);
        int powerExponent = 0;
        double[][] square = initial(m, h);
        int squareExponent = 0;
        for (int remaining = n; remaining > 0; remaining >>= 1) {
            if ((remaining & 1) == 1) {
                power = multiply(power, square);
                powerExponent += squareExponent;
                if (power[k - 1][k - 1] > SCALE_UP) { // keep the running product finite
                    scale(power, SCALE_DOWN);
                    powerExponent += SCALE_BITS;
                }
            }
            if (remaining > 1) {
                square = multiply(square, square);
                squareExponent *= 2;
                if (square[k - 1][k - 1] > SCALE_UP) {
                    scale(square, SCALE_DOWN);
                    squareExponent += SCALE_BITS;
                }
            }
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) { // times n!/n^n, kept in range by powers of two
            p = i * p / n;
            if (Math.abs(p) < SCALE_DOWN) {
                p *= SCALE_UP;
                powerExponent -= SCALE_BITS;
            }
        }
        return Math.scalb(p, powerExponent);
    }

    /** MTW's H: {@code 1/(i-j+1)!} on and below the superdiagonal, first column and last row corrected by h. */
    private static double[][] initial(int m, double h) {
        double[] inverseFactorial = new double[m + 1];
        inverseFactorial[0] = 1;
        for (int j = 1; j <= m; j++) {
            inverseFactorial[j] = inverseFactorial[j - 1] / j;
        }
        double[][] matrix = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= Math.min(i + 1, m - 1); j++) {
                matrix[i][j] = inverseFactorial[i - j + 1];
            }
        }
        for (int i = 0; i < m; i++) {
            double correction = (1 - Math.pow(h, i + 1)) * inverseFactorial[i + 1];
            matrix[i][0] = correction;
            matrix[m - 1][m - 1 - i] = correction;
        }
        matrix[m - 1][0] = (1 - 2 * Math.pow(h, m) + Math.pow(Math.max(2 * h - 1, 0), m)) * inverseFactorial[m];
        return matrix;
    }

    private static double[][] identity(int m) {
        double[][] matrix = new double[m][m];
        for (int i = 0; i < m; i++) {
            matrix[i][i] = 1;
        }
        return matrix;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] product = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] row = product[i];
            for (int l = 0; l < m; l++) {
                double factor = a[i][l];
                if (factor != 0) {
                    double[] other = b[l];
                    for (int j = 0; j < m; j++) {
                        row[j] += factor * other[j];
                    }
                }
            }
        }
        return product;
    }

    private static void scale(double[][] matrix, double factor) {
        for (double[] row : matrix) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }
}
