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

    /** One category's count. */
    private static final class Count {
        long n;

        Count(long n) {
            this.n = n;
        }
    }

    private final String name;
    private final Map<String, Count> counts = new LinkedHashMap<>();
    private long missing;

    CategoryStats(String name) {
        this(name, Map.of(), 0);
    }

    CategoryStats(String name, Map<String, Long> counts, long missing) {
        this.name = name;
        counts.forEach((category, n) -> this.counts.put(category, new Count(n)));
        this.missing = missing;
    }

    @Override
    public CategoryStats emptyCopy() {
        return new CategoryStats(name);
    }

    void add(String category) {
        add(category, 1);
    }

    private void add(String category, long n) {
        Count count = counts.get(category);
        if (count == null) {
            counts.put(category, new Count(n));
        } else {
            count.n += n;
        }
    }

    void addMissing() {
        missing++;
    }

    @Override
    public void merge(FeatureStats other) {
        CategoryStats o = (CategoryStats) other;
        o.counts.forEach((category, count) -> add(category, count.n));
        missing += o.missing;
    }

    @Override
    public WindowFeature toWindowFeature() {
        return WindowFeature.categorical(name, count(), missing, counts());
    }

    @Override
    public String name() {
        return name;
    }

    long count() {
        long total = 0;
        for (Count count : counts.values()) {
            total += count.n;
        }
        return total;
    }

    long missing() {
        return missing;
    }

    /** A copy of the counts, in the order the categories first came in. */
    Map<String, Long> counts() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((category, count) -> copy.put(category, count.n));
        return Collections.unmodifiableMap(copy);
    }
}
