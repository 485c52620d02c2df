package io.driftline.models.drift;

/**
 * Population stability index of a window against a reference, over the same buckets:
 * <pre>
 *   PSI = sum_i (w_i - r_i) ln(w_i / r_i),   w_i = max(window fraction_i, EPSILON), r_i = max(reference fraction_i, EPSILON)
 * </pre>
 * An empty bucket on either side counts as {@link #EPSILON} (1e-4) so that the index stays finite; the fractions are
 * not renormalised after that. With deciles, PSI below 0.1 is usually read as stable, 0.1 to 0.25 as a moderate
 * shift, above 0.25 as a large one. Checked against numpy on the same buckets to 1e-12 ({@code numeric_bins.json},
 * {@code categorical.json}).
 */
public final class Psi {

    /** What an empty bucket's fraction counts as. */
    public static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** PSI of window counts against reference fractions; the counts are turned into fractions of their total. */
    public static double of(double[] referenceFractions, long[] windowCounts) {
        return of(referenceFractions, Buckets.fractions(windowCounts));
    }

    /** PSI of window fractions against reference fractions, bucket by bucket. */
    public static double of(double[] referenceFractions, double[] windowFractions) {
        Buckets.checkSameLength(referenceFractions.length, windowFractions.length);
        double psi = 0;
        for (int i = 0; i < referenceFractions.length; i++) {
            double r = Math.max(Buckets.checkFraction("reference", i, referenceFractions[i]), EPSILON);
            double w = Math.max(Buckets.checkFraction("window", i, windowFractions[i]), EPSILON);
            psi += (w - r) * Math.log(w / r);
        }
        return psi;
    }
}
