package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window's category counts lined up with the reference's category frequencies: one bucket per reference category
 * (in the reference's order), and the {@link #UNSEEN} bucket, last unless the reference already has it, which
 * takes every window category that the reference does not know. Immutable.
 */
public final class CategoryBuckets {

    /** The bucket of categories outside the reference (reference profiles carry it under this name). */
    public static final String UNSEEN = "__unseen__";

    private final List<String> names;
    private final double[] referenceFractions;
    private final long[] observed;

    private CategoryBuckets(List<String> names, double[] referenceFractions, long[] observed) {
        this.names = List.copyOf(names);
        this.referenceFractions = referenceFractions;
        this.observed = observed;
    }

    /** Lines up window counts (categories the reference lacks included) with reference frequencies. */
    public static CategoryBuckets align(Map<String, Double> referenceFrequencies, Map<String, Long> windowCounts) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Double> fractions = new ArrayList<>();
        referenceFrequencies.forEach((category, frequency) -> {
            fractions.add(Buckets.checkFraction("reference", index.size(), frequency == null ? -1 : frequency));
            index.put(category, index.size());
        });
        if (!index.containsKey(UNSEEN)) {
            index.put(UNSEEN, index.size());
            fractions.add(0.0);
        }
        long[] observed = new long[index.size()];
        windowCounts.forEach((category, count) -> {
            if (count == null || count < 0) {
                throw new IllegalArgumentException("count of category '" + category + "' must be >= 0: " + count);
            }
            observed[index.getOrDefault(category, index.get(UNSEEN))] += count;
        });
        return new CategoryBuckets(new ArrayList<>(index.keySet()),
                fractions.stream().mapToDouble(Double::doubleValue).toArray(), observed);
    }

    /** Bucket names: the reference's categories, then {@link #UNSEEN} if the reference lacked it. */
    public List<String> names() {
        return names;
    }

    /** The reference frequency of each bucket ({@code 0} for an unseen bucket the reference lacked). */
    public double[] referenceFractions() {
        return referenceFractions.clone();
    }

    /** The window's count in each bucket. */
    public long[] observed() {
        return observed.clone();
    }

    /** The window's total count. */
    public long total() {
        return Arrays.stream(observed).sum();
    }

    /** PSI over all buckets ({@link Psi}). */
    public double psi() {
        return Psi.of(referenceFractions, observed);
    }

    @Override
    public String toString() {
        return "CategoryBuckets" + names + " reference " + Arrays.toString(referenceFractions) + " observed "
                + Arrays.toString(observed);
    }
}
