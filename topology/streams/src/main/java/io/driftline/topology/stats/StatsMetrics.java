package io.driftline.topology.stats;

import java.util.concurrent.atomic.LongAdder;

/** Counts of the window statistics stage that its logs alone would hide, read by the metrics endpoint. */
public final class StatsMetrics {

    private final LongAdder late = new LongAdder();
    private final LongAdder uncountedLabels = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void countLate() {
        late.increment();
    }

    void countUncountedLabel() {
        uncountedLabels.increment();
    }

    void countFailed() {
        failed.increment();
    }

    /** Scored events and labelled predictions that came after every window holding them had closed. */
    public long late() {
        return late.sum();
    }

    /** Labels that could not judge their prediction (no reference on this instance, or a label of the wrong kind). */
    public long uncountedLabels() {
        return uncountedLabels.sum();
    }

    /** Events the statistics could not count (should stay 0). */
    public long failed() {
        return failed.sum();
    }
}
