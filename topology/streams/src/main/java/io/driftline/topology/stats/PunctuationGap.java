package io.driftline.topology.stats;

import java.time.Duration;

/**
 * Tells a wall-clock punctuator when it fired long after its schedule: the stream thread was blocked (a commit
 * retried through a broker outage, a long pause) and read nothing meanwhile, so the quiet that the wall clock shows
 * says nothing about the input. Idle closes and merge deadlines start their allowance again after such a gap
 * instead of taking it as time in which nothing arrived. Kafka Streams runs a late punctuation once and schedules
 * the next one from then, so one gap shows as one late call.
 */
final class PunctuationGap {

    /** Beyond twice the interval, with a margin for the scheduling noise of a busy thread. */
    private static final long MARGIN_MS = 1_000;

    private final long allowedMs;
    private long lastMs;

    /** @param startMs when the punctuation was scheduled: the first one is measured from then */
    PunctuationGap(Duration interval, long startMs) {
        this.allowedMs = 2 * interval.toMillis() + MARGIN_MS;
        this.lastMs = startMs;
    }

    /** Records a punctuation at {@code nowMs}; true when the one before it was longer ago than allowed. */
    boolean after(long nowMs) {
        long last = lastMs;
        lastMs = nowMs;
        return nowMs - last > allowedMs;
    }
}
