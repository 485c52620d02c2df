package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.models.drift.KllSketches;
import io.driftline.models.drift.WindowFeature;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** The sketch a window's numeric statistics hand out holds every value added, pending ones included. */
class NumericStatsTest {

    @Test
    void shouldGiveTheSketchEveryValueAddedWhateverReadsIt() {
        // Under k values nothing is compacted away: the sketch holds each value, so it can be compared exactly.
        int n = NumericStats.PENDING + 37;
        NumericStats stats = new NumericStats("amount", 3);
        KllDoublesSketch oneByOne = KllSketches.newSketch();
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            double value = Math.exp(random.nextGaussian());
            stats.add(value, i % 3);
            oneByOne.update(value);
        }

        KllDoublesSketch sketch = stats.sketch();
        assertThat(sketch.getN()).isEqualTo(n).isEqualTo(stats.count());
        assertThat(sketch.getMinItem()).isEqualTo(oneByOne.getMinItem());
        assertThat(sketch.getMaxItem()).isEqualTo(oneByOne.getMaxItem());
        double[] ranks = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};
        assertThat(sketch.getQuantiles(ranks)).containsExactly(oneByOne.getQuantiles(ranks));

        stats.add(1e9, 0); // one more after the read: the next read has it
        WindowFeature feature = stats.toWindowFeature();
        assertThat(feature.sketch().getN()).isEqualTo(n + 1).isEqualTo(feature.count());
        assertThat(feature.sketch().getMaxItem()).isEqualTo(1e9);
    }

    @Test
    void shouldMergeThePendingValuesOfBothSides() {
        NumericStats left = new NumericStats("amount", 2);
        NumericStats right = new NumericStats("amount", 2);
        for (int i = 0; i < 10; i++) {
            left.add(i, 0);
            right.add(100 + i, 1);
        }

        left.merge(right);

        assertThat(left.sketch().getN()).isEqualTo(20);
        assertThat(left.sketch().getMinItem()).isEqualTo(0);
        assertThat(left.sketch().getMaxItem()).isEqualTo(109);
        assertThat(left.count()).isEqualTo(20);
        assertThat(left.mean()).isEqualTo((45 + 1045) / 20.0);
        assertThat(right.sketch().getN()).isEqualTo(10); // the other side keeps its own
    }

    @Test
    void shouldKeepEveryValueCountedPastManyPendingBuffers() {
        NumericStats stats = new NumericStats("amount", 1);
        int n = 20 * NumericStats.PENDING + 5;
        for (int i = 0; i < n; i++) {
            stats.add(i, 0);
        }

        KllDoublesSketch sketch = stats.sketch();
        assertThat(sketch.getN()).isEqualTo(n);
        assertThat(sketch.getMinItem()).isEqualTo(0);
        assertThat(sketch.getMaxItem()).isEqualTo(n - 1);
        // Compacted now: the median is within the sketch's rank error of the true one.
        double error = sketch.getNormalizedRankError(false);
        assertThat(sketch.getRank((n - 1) / 2.0)).isBetween(0.5 - 2 * error, 0.5 + 2 * error);
    }
}
