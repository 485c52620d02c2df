package io.driftline.topology.enrich.window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a key's window aggregates as of a time from the stage's store, for Interactive Queries: the same
 * aggregates an event of that key at that time would get, without the event itself. Safe for concurrent use
 * (each call works on its own buffers).
 */
public final class WindowAggregateQuery {

    private final List<AggregateSpec> specs;
    private final FieldLayout layout;
    private final long longestMs;

    public WindowAggregateQuery(List<AggregateSpec> specs) {
        this.specs = List.copyOf(specs);
        this.layout = FieldLayout.of(this.specs);
        this.longestMs = WindowAggregateStage.longestWindow(this.specs).toMillis();
    }

    /** The aggregates of {@code key} over the events in {@code (asOf - window, asOf]}. */
    public Map<String, Double> at(ReadOnlyWindowStore<String, SampleEntry> store, String key, long asOf) {
        SampleCodec codec = new SampleCodec(layout);
        Aggregator aggregator = new Aggregator(specs, layout);
        Sample stored = new Sample(layout.size());
        aggregator.reset();
        try (WindowStoreIterator<SampleEntry> it = store.fetch(key, Instant.ofEpochMilli(Math.max(0, asOf - longestMs + 1)),
                Instant.ofEpochMilli(asOf))) {
            while (it.hasNext()) {
                KeyValue<Long, SampleEntry> entry = it.next();
                long age = asOf - entry.key;
                codec.forEach(entry.value, stored, () -> aggregator.add(stored, age));
            }
        }
        return aggregator.result();
    }

    /** The longest declared window. */
    public Duration longestWindow() {
        return Duration.ofMillis(longestMs);
    }
}
