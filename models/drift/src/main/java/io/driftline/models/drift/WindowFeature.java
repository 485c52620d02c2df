package io.driftline.models.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One feature's statistics over one window: the live side of the drift tests. A plain value; immutable but for
 * the sketch, which the drift tests only read.
 *
 * @param name feature name, as in the reference
 * @param count values present in the window
 * @param missingCount events in the window without a value
 * @param bucketCounts numeric: counts per {@link ReferenceFeature#bucket} (reference bins, then out of range);
 *     empty for categorical features
 * @param sketch numeric: KLL sketch of the window's values, or null; null for categorical features
 * @param categoryCounts categorical: count per category as seen (unknown ones included, or already counted
 *     under {@link CategoryBuckets#UNSEEN}); empty for numeric features
 * @param mean mean of the present values (carried for reports; no test uses it)
 * @param variance variance of the present values (carried for reports; no test uses it)
 */
public record WindowFeature(String name, long count, long missingCount, long[] bucketCounts, KllDoublesSketch sketch,
        Map<String, Long> categoryCounts, double mean, double variance) {

    /** Checks the counts; copies the array and the map. */
    public WindowFeature {
        if (count < 0) {
            throw new IllegalArgumentException(name + ": count must be >= 0: " + count);
        }
        if (missingCount < 0) {
            throw new IllegalArgumentException(name + ": missing count must be >= 0: " + missingCount);
        }
        bucketCounts = bucketCounts.clone();
        categoryCounts = Collections.unmodifiableMap(new LinkedHashMap<>(categoryCounts));
    }

    /** A numeric window. */
    public static WindowFeature numeric(String name, long count, long missingCount, long[] bucketCounts,
            KllDoublesSketch sketch, double mean, double variance) {
        return new WindowFeature(name, count, missingCount, bucketCounts, sketch, Map.of(), mean, variance);
    }

    /** A categorical window. */
    public static WindowFeature categorical(String name, long count, long missingCount,
            Map<String, Long> categoryCounts) {
        return new WindowFeature(name, count, missingCount, new long[0], null, categoryCounts, Double.NaN,
                Double.NaN);
    }

    /** Events in the window: present plus missing values. */
    public long events() {
        return count + missingCount;
    }

    /** Missing values over events; 0 for an empty window. */
    public double missingRate() {
        return events() == 0 ? 0 : (double) missingCount / events();
    }

    /** A copy. */
    @Override
    public long[] bucketCounts() {
        return bucketCounts.clone();
    }
}
