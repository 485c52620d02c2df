package io.driftline.topology.label;

import io.driftline.Label;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets the first label of each event through and drops (and counts) any later one for the same event id within
 * the retention of {@value LabelStage#DEDUPE_STORE}: an at-least-once producer that retries sends the same label
 * twice, and the stream-stream join would join each copy with the prediction, counting the event twice in the
 * window's performance and feeding the concept drift detector twice. The first label wins: a later, different
 * outcome for the same event is dropped as well (an outcome is known once).
 *
 * <p>Why here, before the join: the labels topic is keyed by event id, so this task already holds every label of
 * its events and needs no repartition; one label in gives one join per model version that scored the event, shadows
 * included, so performance and concept drift both see it once. The store is changelogged, so a restart still
 * knows the labels it let through; it is a window store whose retention is the longest span over which two copies
 * could both join the same prediction (twice the maximum delay, plus the join's grace), so it stays bounded.
 */
final class LabelDedupeProcessor extends ContextualProcessor<String, Label, String, Label> {

    private final long retentionMs;
    private final LabelMetrics metrics;
    private WindowStore<String, Long> seen;

    LabelDedupeProcessor(long retentionMs, LabelMetrics metrics) {
        this.retentionMs = retentionMs;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Label> context) {
        super.init(context);
        seen = context.getStateStore(LabelStage.DEDUPE_STORE);
    }

    @Override
    public void process(Record<String, Label> record) {
        long ts = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(record.key(), ts - retentionMs, ts + retentionMs)) {
            if (earlier.hasNext()) {
                metrics.duplicate();
                return;
            }
        }
        seen.put(record.key(), ts, ts);
        context().forward(record);
    }
}
