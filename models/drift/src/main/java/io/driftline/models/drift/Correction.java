package io.driftline.models.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Multiple-testing corrections over a family of p-values, both controlling the family-wise error rate (the chance
 * of any false drift verdict in the family) at alpha. Each returns adjusted p-values, to be compared with alpha
 * directly: a test rejects when its adjusted p-value is below alpha.
 * <ul>
 *   <li>{@link #BONFERRONI}: {@code min(1, m p_i)};</li>
 *   <li>{@link #HOLM}: step-down; with {@code p_(1) <= ... <= p_(m)},
 *       {@code adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))}; never above Bonferroni's, and as valid;</li>
 *   <li>{@link #NONE}: the p-values as they are.</li>
 * </ul>
 * Checked against a numpy implementation on {@code multiple_testing.json} to 1e-15.
 */
public enum Correction {
    /** No correction. */
    NONE,
    /** Bonferroni. */
    BONFERRONI,
    /** Holm-Bonferroni, step-down. */
    HOLM;

    /** The name in configuration and in drift reports: "none", "bonferroni" or "holm". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The correction for a configuration name, case-insensitive. */
    public static Correction fromConfigName(String name) {
        for (Correction correction : values()) {
            if (correction.configName().equalsIgnoreCase(name.trim())) {
                return correction;
            }
        }
        throw new IllegalArgumentException("correction must be one of none, bonferroni, holm: " + name);
    }

    /** Adjusted p-values, in the order given. */
    public double[] adjust(double[] pValues) {
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " must be in [0, 1]: " + pValues[i]);
            }
        }
        int m = pValues.length;
        return switch (this) {
            case NONE -> pValues.clone();
            case BONFERRONI -> Arrays.stream(pValues).map(p -> Math.min(1, m * p)).toArray();
            case HOLM -> holm(pValues);
        };
    }

    private static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i])); // stable for ties
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, (m - rank) * pValues[order[rank]]);
            adjusted[order[rank]] = Math.min(running, 1);
        }
        return adjusted;
    }
}
