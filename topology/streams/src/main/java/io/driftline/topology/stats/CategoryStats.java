package io.driftline.topology.stats;

import io.driftline.models.drift.WindowFeature;
import java.util.Arrays;
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

    /** Slots past this are counted by name only: the arrays below stay small for a large vocabulary. */
    private static final int MAX_SLOTS = 4_096;

    private final String name;
    private final Map<String, Count> counts = new LinkedHashMap<>();
    /**
     * The counts by vocabulary slot ({@link #add(String, int)}), beside {@link #counts}: on the hot path a category
     * is an array read, where the map hashed and compared its name on every event (3.5% of the stream thread in a
     * profile of the demo). Each slot remembers the word it was filled with, so a slot only ever counts that word.
     */
    private Count[] bySlot = new Count[0];
    private String[] slotWords = new String[0];
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
        add(category, 1L);
    }

    /**
     * Counts {@code category}, which sits at {@code slot} of the layout's vocabulary (its index, the vocabulary
     * size for unseen): the same count as {@link #add(String)}, found without a lookup once the slot was filled.
     */
    void add(String category, int slot) {
        if (slot >= 0 && slot < bySlot.length && slotWords[slot] == category) {
            bySlot[slot].n++;
            return;
        }
        Count count = add(category, 1L);
        if (slot >= 0 && slot < MAX_SLOTS) {
            if (slot >= bySlot.length) {
                int size = Math.min(MAX_SLOTS, Math.max(slot + 1, bySlot.length * 2));
                bySlot = Arrays.copyOf(bySlot, size);
                slotWords = Arrays.copyOf(slotWords, size);
            }
            bySlot[slot] = count;
            slotWords[slot] = category;
        }
    }

    private Count add(String category, long n) {
        Count count = counts.get(category);
        if (count == null) {
            count = new Count(n);
            counts.put(category, count);
        } else {
            count.n += n;
        }
        return count;
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
