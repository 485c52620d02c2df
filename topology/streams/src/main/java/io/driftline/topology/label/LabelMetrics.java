package io.driftline.topology.label;

import java.util.concurrent.atomic.LongAdder;

/** Counts of the label join, read by the metrics endpoint and the console. */
public final class LabelMetrics {

    private final LongAdder labels = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder conceptSignals = new LongAdder();
    private final LongAdder duplicates = new LongAdder();

    void labelIn() {
        labels.increment();
    }

    void join() {
        joined.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    public void conceptSignal() {
        conceptSignals.increment();
    }

    /** Valid labels read. */
    public long labels() {
        return labels.sum();
    }

    /** Labels joined with a prediction (one per serving model version that scored the event). */
    public long joined() {
        return joined.sum();
    }

    /** Labels dropped because their event already had one (a producer's retry): not joined, not counted. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Times a concept drift detector signalled. */
    public long conceptSignals() {
        return conceptSignals.sum();
    }
}
