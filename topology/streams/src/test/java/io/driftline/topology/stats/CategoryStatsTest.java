package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.models.drift.CategoryBuckets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryStatsTest {

    private static final String[] WORDS = {"grocery", "travel", "online", "fuel"};

    @Test
    void shouldCountBySlotExactlyAsByNameInTheOrderCategoriesCameIn() {
        CategoryStats bySlot = new CategoryStats("mcc");
        CategoryStats byName = new CategoryStats("mcc");
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            int slot = random.nextInt(WORDS.length + 1);
            String word = slot == WORDS.length ? CategoryBuckets.UNSEEN : WORDS[slot];
            bySlot.add(word, slot);
            byName.add(word);
        }

        assertThat(bySlot.counts()).isEqualTo(byName.counts());
        assertThat(List.copyOf(bySlot.counts().keySet())).isEqualTo(List.copyOf(byName.counts().keySet()));
        assertThat(bySlot.count()).isEqualTo(10_000);
    }

    @Test
    void shouldAddToRestoredAndMergedCountsAndCountAnotherWordInASlotUnderItsOwnName() {
        Map<String, Long> restored = new LinkedHashMap<>();
        restored.put("travel", 5L);
        CategoryStats stats = new CategoryStats("mcc", restored, 2);

        stats.add(WORDS[1], 1);
        stats.add(WORDS[1], 1);
        stats.add(WORDS[0], 0);
        CategoryStats other = new CategoryStats("mcc");
        other.add(WORDS[0], 0);
        stats.merge(other);
        stats.add(WORDS[0], 0);
        stats.add(new String("online"), 0); // not the word slot 0 was filled with: counted by its name

        assertThat(stats.counts()).containsExactly(Map.entry("travel", 7L), Map.entry("grocery", 3L),
                Map.entry("online", 1L));
        assertThat(stats.missing()).isEqualTo(2);
        assertThat(other.counts()).containsExactly(Map.entry("grocery", 1L));
    }

    @Test
    void shouldCountSlotsPastTheArrayCapByName() {
        CategoryStats stats = new CategoryStats("merchant");
        stats.add("m-100000", 100_000);
        stats.add("m-100000", 100_000);
        stats.add("m-3", 3);
        stats.add("m-3", 3);

        assertThat(stats.counts()).containsExactly(Map.entry("m-100000", 2L), Map.entry("m-3", 2L));
    }
}
