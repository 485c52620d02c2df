package io.driftline.topology.stats;

import io.driftline.models.drift.WindowFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A categorical feature over a window: count per category and the missing count. Categories outside the model's
 * vocabulary are counted under {@link io.driftline.models.drift.CategoryBuckets#UNSEEN} as they arrive (the layout
 * decides), so the state stays bounded by the vocabulary however many distinct values a producer sends.
 */
final class CategoryStats implements FeatureStats {

    private final String name;
    private final Map<String, Long> counts;
    private long missing;

    CategoryStats(String name) {
        this(name, new LinkedHashMap<>(), 0);
    }

    CategoryStats(String name, Map<String, Long> counts, long missing) {
        this.name = name;
        this.counts = counts;
        this.missing = missing;
    }

    @Override
    public CategoryStats emptyCopy() {
        return new CategoryStats(name);
    }

    void add(String category) {
        counts.merge(category, 1L, Long::sum);
    }

    void addMissing() {
        missing++;
    }

    @Override
    public void merge(FeatureStats other) {
        CategoryStats o = (CategoryStats) other;
        o.counts.forEach((category, n) -> counts.merge(category, n, Long::sum));
        missing += o.missing;
    }

    @Override
    public WindowFeature toWindowFeature() {
        return WindowFeature.categorical(name, count(), missing, counts);
    }

    @Override
    public String name() {
        return name;
    }

    long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    long missing() {
        return missing;
    }

    Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }
}
