package io.driftline.models.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A right-continuous step CDF: ascending values (repeats allowed) with the cumulative weight at each, so that
 * {@code F(x)} is the weight of values {@code <= x} over the total. Made exactly from raw values, or from a KLL
 * sketch's sorted view (its retained items and their weights). {@link #walk} visits the union of two step CDFs'
 * values, which is where the KS statistic and the area between the CDFs are decided.
 */
final class StepCdf {

    private final double[] values;
    private final long[] cumulativeWeights;
    private final long total;

    private StepCdf(double[] values, long[] cumulativeWeights, long total) {
        this.values = values;
        this.cumulativeWeights = cumulativeWeights;
        this.total = total;
    }

    static StepCdf of(double[] raw, String side) {
        if (raw.length == 0) {
            throw new IllegalArgumentException(side + " sample must not be empty: 0 values");
        }
        double[] sorted = raw.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException(side + " sample must not hold NaN: " + sorted[sorted.length - 1]);
        }
        long[] weights = new long[sorted.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i + 1;
        }
        return new StepCdf(sorted, weights, sorted.length);
    }

    static StepCdf of(KllDoublesSketch sketch, String side) {
        if (sketch == null || sketch.isEmpty()) {
            throw new IllegalArgumentException(side + " sketch must hold values: "
                    + (sketch == null ? "null" : "empty"));
        }
        DoublesSortedView view = sketch.getSortedView();
        return new StepCdf(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
    }

    long total() {
        return total;
    }

    /** Receives, for each distinct value of the union in ascending order, both CDFs just at and after it. */
    interface Visitor {
        void visit(double x, double cdfA, double cdfB);
    }

    static void walk(StepCdf a, StepCdf b, Visitor visitor) {
        int i = 0;
        int j = 0;
        int na = a.values.length;
        int nb = b.values.length;
        while (i < na || j < nb) {
            double x = j >= nb || (i < na && a.values[i] <= b.values[j]) ? a.values[i] : b.values[j];
            while (i < na && a.values[i] <= x) {
                i++;
            }
            while (j < nb && b.values[j] <= x) {
                j++;
            }
            visitor.visit(x, a.cdfBefore(i), b.cdfBefore(j));
        }
    }

    private double cdfBefore(int index) {
        return index == 0 ? 0 : cumulativeWeights[index - 1] / (double) total;
    }
}
