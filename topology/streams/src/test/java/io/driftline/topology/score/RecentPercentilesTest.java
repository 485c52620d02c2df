package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentPercentilesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecentPercentiles recent = new RecentPercentiles(now::get);

    @Test
    void shouldGiveThePercentilesOfWhatWasRecorded() {
        for (int ms = 1; ms <= 1000; ms++) {
            recent.record(ms);
        }
        var p = recent.percentiles(0.5, 0.99);
        assertThat(p.get(0.5)).isCloseTo(500, within(5.0)); // 2 significant digits: 1%
        assertThat(p.get(0.99)).isCloseTo(990, within(10.0));
    }

    @Test
    void shouldGiveZeroWhenNothingWasRecorded() {
        assertThat(recent.percentiles(0.5, 0.99)).containsEntry(0.5, 0.0).containsEntry(0.99, 0.0);
    }

    @Test
    void shouldForgetWhatWasRecordedMoreThanAMinuteAgo() {
        record(100, 1000); // slow, then fast
        now.addAndGet(RecentPercentiles.SLICE_MS);
        record(5, 1000);
        assertThat(recent.percentiles(0.99).get(0.99)).isEqualTo(100.0); // both slices still count

        now.addAndGet(2 * RecentPercentiles.SLICE_MS + 1);
        record(5, 10);
        assertThat(recent.percentiles(0.5).get(0.5)).isEqualTo(5.0);
        assertThat(recent.percentiles(0.99).get(0.99)).as("the slow slice opened over 60 s ago").isEqualTo(5.0);

        now.addAndGet(5 * RecentPercentiles.SLICE_MS); // nothing recorded since
        assertThat(recent.percentiles(0.99).get(0.99)).isEqualTo(0.0);
    }

    @Test
    void shouldExpireSlicesWhenOnlyReadsComeBetweenThem() {
        record(100, 10);
        assertThat(recent.percentiles(0.5).get(0.5)).isEqualTo(100.0);
        for (int i = 0; i < 2; i++) {
            now.addAndGet(RecentPercentiles.SLICE_MS);
            assertThat(recent.percentiles(0.5).get(0.5)).as("after %d slices", i + 1).isEqualTo(100.0);
        }
        now.addAndGet(RecentPercentiles.SLICE_MS);
        assertThat(recent.percentiles(0.5).get(0.5)).isEqualTo(0.0);
    }

    @Test
    void shouldCountAValueRecordedAfterALongSilenceInTheNewSlice() {
        record(100, 10);
        now.addAndGet(10 * RecentPercentiles.SLICE_MS);
        record(7, 1);
        assertThat(recent.percentiles(0.5, 0.99)).containsEntry(0.5, 7.0).containsEntry(0.99, 7.0);
    }

    @Test
    void shouldClampValuesPastAWeekAndBelowZero() {
        recent.record(Long.MAX_VALUE);
        recent.record(-5);
        var p = recent.percentiles(0.01, 0.99);
        assertThat(p.get(0.01)).isEqualTo(0.0);
        assertThat(p.get(0.99)).isCloseTo(RecentPercentiles.HIGHEST_MS, within(RecentPercentiles.HIGHEST_MS * 0.01));
    }

    @Test
    void shouldCountEveryValueThatThreadsRecordAtOnce() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    recent.record(40);
                    if (i % 10_000 == 0) {
                        now.addAndGet(1000); // slices close while others record
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        now.addAndGet(1); // under a minute since the first slice opened: every value still counts
        assertThat(recent.percentiles(0.5).get(0.5)).isEqualTo(40.0);
        assertThat(recent.count()).isEqualTo(200_000);
    }

    private void record(long valueMs, int times) {
        for (int i = 0; i < times; i++) {
            recent.record(valueMs);
        }
    }
}
