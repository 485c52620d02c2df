package io.driftline.models.drift;

import java.util.Arrays;
import java.util.List;

/**
 * The binning convention of reference profiles, shared by whoever builds a profile and whoever compares a
 * window with it.
 *
 * <p>{@code k} interior edges, strictly ascending, make {@code k + 1} bins: bin 0 holds {@code x < edges[0]},
 * bin {@code i} holds {@code edges[i-1] <= x < edges[i]}, the last bin holds {@code x >= edges[k-1]}.
 */
public final class Bins {

    private Bins() {
    }

    /** The bin of {@code x}: the number of edges at or below it. */
    public static int index(double[] edges, double x) {
        int low = 0;
        int high = edges.length;
        while (low < high) { // first edge greater than x
            int mid = (low + high) >>> 1;
            if (edges[mid] <= x) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** {@link #index(double[], double)} for the edges as Avro stores them. */
    public static int index(List<Double> edges, double x) {
        return index(edges.stream().mapToDouble(Double::doubleValue).toArray(), x);
    }

    /**
     * Quantile edges for about {@code bins} equally filled bins: edge {@code k} is the value with
     * {@code ceil(k * n / bins)} values below it in sorted order, so that without ties bin {@code k} holds
     * exactly its share. Duplicates and edges at the minimum are dropped, so that every bin holds at least one
     * value; discrete data gets fewer bins (a 0/1 feature gets one edge, at 1).
     *
     * @param sorted the values, ascending, at least one
     */
    public static double[] quantileEdges(double[] sorted, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1: " + bins);
        }
        int n = sorted.length;
        double[] edges = new double[bins - 1];
        int count = 0;
        for (int k = 1; k < bins; k++) {
            int below = (int) Math.ceil((double) k * n / bins);
            double edge = sorted[Math.min(below, n - 1)];
            if (edge > sorted[0] && (count == 0 || edge > edges[count - 1])) {
                edges[count++] = edge;
            }
        }
        return Arrays.copyOf(edges, count);
    }

    /** The fraction of {@code values} in each of the {@code edges.length + 1} bins. */
    public static double[] fractions(double[] edges, double[] values) {
        double[] fractions = new double[edges.length + 1];
        for (double value : values) {
            fractions[index(edges, value)]++;
        }
        for (int i = 0; i < fractions.length; i++) {
            fractions[i] /= values.length;
        }
        return fractions;
    }
}
