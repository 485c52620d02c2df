package io.driftline.topology.enrich.window;

import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.RejectedRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Adds the window aggregates to each event: one store fetch (the longest window of the event's key), one pass
 * computing every aggregate, one store write (this event's values), then forward. See {@link WindowAggregateStage}
 * for the semantics. An event is stored only once its values and its aggregates have passed their checks, so a
 * rejected event never changes the aggregates of the events after it.
 */
final class WindowAggregateProcessor extends ContextualFixedKeyProcessor<String, InputEvent, InputEvent> {

    private static final String CLOCK_KEY = "clock";

    private final Duration grace;
    private final long longestMs;
    private final FieldLayout layout;
    private final SampleCodec codec;
    private final Aggregator aggregator;
    private final Sample current;
    private final Sample stored;
    private WindowStore<String, SampleEntry> store;
    private KeyValueStore<String, Long> clockStore;
    private Long clock; // read from the store at the first record, once the store is restored
    private final String topic;

    WindowAggregateProcessor(List<AggregateSpec> specs, Duration grace, String topic) {
        this.topic = topic;
        this.grace = grace;
        this.longestMs = WindowAggregateStage.longestWindow(specs).toMillis();
        this.layout = FieldLayout.of(specs);
        this.codec = new SampleCodec(layout);
        this.aggregator = new Aggregator(specs, layout);
        this.current = new Sample(layout.size());
        this.stored = new Sample(layout.size());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, InputEvent> context) {
        super.init(context);
        store = context.getStateStore(WindowAggregateStage.STORE);
        clockStore = context.getStateStore(WindowAggregateStage.CLOCK_STORE);
        clock = null;
    }

    @Override
    public void process(FixedKeyRecord<String, InputEvent> record) {
        try {
            aggregate(record);
        } catch (Error e) {
            // No Error may reach Kafka Streams: it would kill the thread, and its successor on the same record.
            throw RejectedRecordException.ofError(e, "event " + record.value().positionId() + " in window aggregates");
        }
    }

    private void aggregate(FixedKeyRecord<String, InputEvent> record) {
        if (topic != null && !topic.equals(record.value().topic())) {
            // Another topic's events have their own schema: they pass without aggregates, and move no clock.
            context().forward(record);
            return;
        }
        String key = record.key();
        long t = record.timestamp();
        // The stage's own clock, not the task's stream time (which a dead-lettered record moves too): see
        // WindowAggregateStage.
        if (clock == null) {
            Long restored = clockStore.get(CLOCK_KEY);
            clock = restored == null ? Long.MIN_VALUE : restored;
        }
        long streamTime = clock;
        if (streamTime != Long.MIN_VALUE && streamTime - t > grace.toMillis()) {
            throw new RejectedRecordException(DeadLetterCode.LATE_EVENT, "event of key '" + key + "' at " + t + " ("
                    + Instant.ofEpochMilli(t) + ") is more than the grace period " + grace + " behind stream time "
                    + streamTime + " (" + Instant.ofEpochMilli(streamTime) + "); too late for window aggregates", null);
        }
        InputEvent event = record.value();
        layout.read(event.value(), current, key, t);
        aggregator.reset();
        SampleEntry sameTime = key == null ? null : aggregateStored(key, t);
        aggregator.add(current, 0);
        Map<String, Double> aggregates = aggregator.result();
        // Checked before the event is stored: an event that would take its own window's aggregate past what a
        // model can read is refused alone, instead of poisoning the key's window for every later event in it.
        checkRepresentable(aggregates, key, t);
        if (key != null) {
            store.put(key, codec.append(sameTime, current), t);
        }
        if (t > clock) {
            clock = t;
            clockStore.put(CLOCK_KEY, t);
        }
        context().forward(record.withValue(event.withEnrichment(event.enrichment().withAggregates(aggregates))));
    }

    /**
     * Every aggregate must fit a float, as features reach the model as floats: a sum past Float.MAX_VALUE would
     * make every later event of the key in that window NOT_FINITE at scoring.
     */
    private static void checkRepresentable(Map<String, Double> aggregates, String key, long t) {
        for (Map.Entry<String, Double> a : aggregates.entrySet()) {
            double value = a.getValue();
            if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                throw new RejectedRecordException(DeadLetterCode.NOT_FINITE, "window aggregate '" + a.getKey()
                        + "' of key '" + key + "' at " + t + " would be " + value + " with this event, beyond what a "
                        + "float feature holds; the event is refused and not counted, so the window stays usable", null);
            }
        }
    }

    /** Adds the stored events of {@code key} in the longest window; returns the entry at exactly {@code t}, if any. */
    private SampleEntry aggregateStored(String key, long t) {
        SampleEntry sameTime = null;
        try (WindowStoreIterator<SampleEntry> it = store.fetch(key, Math.max(0, t - longestMs + 1), t)) {
            while (it.hasNext()) {
                KeyValue<Long, SampleEntry> entry = it.next();
                long age = t - entry.key;
                if (age == 0) {
                    sameTime = entry.value;
                }
                codec.forEach(entry.value, stored, () -> aggregator.add(stored, age));
            }
        }
        return sameTime;
    }
}
