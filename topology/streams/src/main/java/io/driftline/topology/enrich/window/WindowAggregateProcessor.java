package io.driftline.topology.enrich.window;

import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.ingest.RejectedRecordException;
import io.driftline.topology.state.CommitHook;
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
 * Adds the window aggregates to each event: the key's window (held in memory by {@link KeyWindows}, else one store
 * fetch of the longest window), one pass computing every aggregate, this event's values added to the window (written
 * to the store before the task's next commit), then forward. See {@link WindowAggregateStage} for the semantics. An
 * event is stored only once its values and its aggregates have passed their checks, so a rejected event never
 * changes the aggregates of the events after it.
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
    /** Whether {@link #clock} moved since it was last written to its store (with windows held: at each commit). */
    private boolean clockMoved;
    private final String topic;
    private final int cachedKeys;
    /** The windows held in memory; null when {@code cachedKeys} is 0 (every event reads and writes the store). */
    private KeyWindows windows;

    WindowAggregateProcessor(List<AggregateSpec> specs, Duration grace, String topic, int cachedKeys) {
        this.topic = topic;
        this.cachedKeys = cachedKeys;
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
        windows = null;
        if (cachedKeys > 0) {
            // Whatever a previous incarnation of the task held is gone: the store, restored, is the truth.
            KeyWindows held = new KeyWindows(store, longestMs + grace.toMillis(), cachedKeys);
            CommitHook hook = context.getStateStore(WindowAggregateStage.COMMIT_HOOK);
            hook.onCommit(() -> {
                held.writeBack();
                writeClock();
            });
            windows = held;
        }
    }

    @Override
    public void close() {
        if (windows != null) {
            windows.clear(); // a clean close wrote everything back at its last commit; a dirty one restores
        }
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
        KeyWindows.Window window = key == null || windows == null ? null : windows.window(key, streamTime);
        SampleEntry sameTime = key == null ? null : window != null ? aggregateHeld(window, t) : aggregateStored(key, t);
        aggregator.add(current, 0);
        Map<String, Double> aggregates = aggregator.result();
        // Checked before the event is stored: an event that would take its own window's aggregate past what a
        // model can read is refused alone, instead of poisoning the key's window for every later event in it.
        checkRepresentable(aggregates, key, t);
        if (window != null) {
            windows.put(window, t, codec.append(sameTime, current));
        } else if (key != null) {
            store.put(key, codec.append(sameTime, current), t);
        }
        if (t > clock) {
            clock = t;
            clockMoved = true;
            if (windows == null) {
                writeClock();
            }
        }
        context().forward(record.withValue(event.withEnrichment(event.enrichment().withAggregates(aggregates))));
    }

    /**
     * The clock to its store: per event without windows held, else once per commit with the windows (the store is
     * not cached, so the put reaches its changelog in the transaction that commits the events that moved it).
     */
    private void writeClock() {
        if (clockMoved) {
            clockStore.put(CLOCK_KEY, clock);
            clockMoved = false;
        }
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

    /** As {@link #aggregateStored}, from the key's window held in memory. */
    private SampleEntry aggregateHeld(KeyWindows.Window window, long t) {
        SampleEntry sameTime = null;
        int to = window.after(t);
        for (int i = window.after(t - longestMs); i < to; i++) { // (t - longest, t], oldest first
            long age = t - window.time(i);
            SampleEntry entry = window.entry(i);
            if (age == 0) {
                sameTime = entry;
            }
            codec.forEach(entry, stored, () -> aggregator.add(stored, age));
        }
        return sameTime;
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
