package io.driftline.models.drift;

/**
 * Jensen-Shannon distance, base 2, as {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}: both weight
 * vectors are normalised to sum to 1, {@code m = (p + q) / 2}, and
 * <pre>
 *   JS = sqrt((KL(p || m) + KL(q || m)) / 2),   KL in bits
 * </pre>
 * It lies in [0, 1]: 0 for equal distributions, 1 for distributions with no bucket in common. Empty buckets need no
 * epsilon. Checked against scipy on the same buckets to 1e-12 ({@code numeric_bins.json}).
 */
public final class JensenShannon {

    private JensenShannon() {
    }

    /** The distance between reference fractions and window counts over the same buckets. */
    public static double distance(double[] referenceFractions, long[] windowCounts) {
        return distance(referenceFractions, Buckets.fractions(windowCounts));
    }

    /** The distance between two weight vectors over the same buckets (each normalised to sum to 1 first). */
    public static double distance(double[] p, double[] q) {
        Buckets.checkSameLength(p.length, q.length);
        double pTotal = total("reference", p);
        double qTotal = total("window", q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pTotal;
            double qi = q[i] / qTotal;
            double mi = (pi + qi) / 2;
            divergence += relativeEntropy(pi, mi) + relativeEntropy(qi, mi);
        }
        return Math.sqrt(divergence / Math.log(2) / 2);
    }

    private static double relativeEntropy(double x, double y) {
        return x > 0 ? x * Math.log(x / y) : 0;
    }

    private static double total(String side, double[] weights) {
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += Buckets.checkFraction(side, i, weights[i]);
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException(side + " weights must not all be zero: " + weights.length
                    + " empty buckets");
        }
        return total;
    }
}
