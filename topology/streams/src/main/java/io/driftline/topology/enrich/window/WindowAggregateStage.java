package io.driftline.topology.enrich.window;

import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.CommitHook;
import io.driftline.topology.state.TimeLayout;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Enrich stage: per-key sliding-window aggregates ({@link AggregateSpec}) added to each event, which features
 * read as {@code agg.<name>}.
 *
 * <p><b>Semantics.</b> For an event of record key K at event time t, each aggregate covers the events of key K
 * with timestamps in {@code (t - window, t]}, this event included, that this task accepted before it. Aggregates
 * are per <i>record key</i>: the stage keeps the key and the partitioning (no repartition topic), so the events
 * of one entity must be keyed by it, as Kafka's ordering needs anyway. The fields are read from the event itself
 * ({@link InputEvent#value()}), not from its profile. An event with a null key is its own group: its aggregates
 * cover itself only, and it is not stored.
 *
 * <p><b>Time.</b> The stage's clock is the largest timestamp of the events it accepted (this task's, all keys),
 * kept in a changelogged store ({@value #CLOCK_STORE}) so that a restart or a move to another instance never
 * changes which events are late. It is not Kafka Streams' stream time: that moves with every record the task
 * reads, a record that is dead-lettered included, so one bad record stamped ahead (refused here as NOT_FINITE, or
 * earlier as NOT_AVRO or a future timestamp) would make every valid event behind it late. An event more than
 * {@code grace} behind the clock is thrown as LATE_EVENT (the processing exception handler dead-letters it with its
 * original bytes) and is not stored. An event out of order but within grace is stored and counts for the events
 * after it, and gets aggregates over its own window {@code (t - window, t]} from what the store holds. It does not
 * change aggregates already emitted for events processed before it: those have left with their predictions. The
 * demo's offline aggregates ({@code devkit.payments.WindowAggregates}) follow the same rules; a parity test feeds
 * both the same events.
 *
 * <p><b>Store.</b> A changelogged RocksDB window store ({@value #STORE}) keyed by record key and event time, each
 * entry holding the values of every event of that key at that millisecond in {@link SampleCodec}'s compact
 * encoding, kept for the longest window plus grace. It is a window store, so expiry drops whole segments instead of
 * writing a tombstone per event. It does not retain duplicates: Kafka's duplicate-keeping window store numbers
 * duplicates from a counter that restarts at zero with the instance, and an event stored after a restart could
 * then overwrite an earlier one of the same key and millisecond. Instead, two events of one key at one
 * millisecond share an entry: the fetch of the window already returns the entry at t, so the event is appended
 * to it in the one write each event costs.
 *
 * <p><b>Memory.</b> The windows of the keys seen lately (up to {@code enrich.aggregates.cache.max.keys} per task) are
 * held deserialised in memory ({@link KeyWindows}): a key's window is read from the store once, and each event's
 * entry is written back to the store before the task's next commit ({@link CommitHook}), in the same transaction
 * as its outputs under exactly-once. So the hot path costs no RocksDB read or write per event, and the aggregates
 * are the same as the store would give. Interactive Queries read the store: they see events up to the last commit.
 */
public final class WindowAggregateStage {

    /** Name of the store of events (and of its changelog, {@code <application.id>-enrich-window-events-changelog}). */
    public static final String STORE = "enrich-window-events";
    /** Name of the store of the stage's clock (see the class comment), changelogged like {@link #STORE}. */
    public static final String CLOCK_STORE = "enrich-window-clock";
    /** Name of the processor. */
    public static final String PROCESSOR = "enrich-window-aggregates";
    /** The store that holds nothing and writes the windows held in memory back before each commit ({@link CommitHook}). */
    public static final String COMMIT_HOOK = "enrich-window-commit-hook";

    private WindowAggregateStage() {
    }

    /**
     * Adds the aggregates to each event (see the class comment).
     *
     * @param specs the aggregates, at least one
     * @param grace how far behind stream time an event may be and still count, zero or more
     */
    public static KStream<String, InputEvent> aggregate(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                        List<AggregateSpec> specs, Duration grace) {
        return aggregate(builder, events, specs, grace, null);
    }

    /**
     * Adds the aggregates to each event of {@code topic} (the events topic, whose fields the aggregates name);
     * events of other topics pass unchanged.
     *
     * @param topic the topic whose events are aggregated; null: every event
     */
    public static KStream<String, InputEvent> aggregate(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                        List<AggregateSpec> specs, Duration grace, String topic) {
        return aggregate(builder, events, specs, grace, topic, AggregatesConfig.DEFAULT_CACHED_KEYS);
    }

    /**
     * As {@link #aggregate(StreamsBuilder, KStream, List, Duration, String)}, holding the windows of up to
     * {@code cachedKeys} keys per task in memory ({@link KeyWindows}; 0: every event reads and writes the store).
     */
    public static KStream<String, InputEvent> aggregate(StreamsBuilder builder, KStream<String, InputEvent> events,
                                                        List<AggregateSpec> specs, Duration grace, String topic,
                                                        int cachedKeys) {
        if (cachedKeys < 0) {
            throw new IllegalArgumentException("keys held in memory must be >= 0: " + cachedKeys);
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("window aggregates need at least one aggregate");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("window aggregate grace must be >= 0: " + grace);
        }
        List<AggregateSpec> copy = List.copyOf(specs);
        // The window size of a window store only matters to windowed queries, which this stage does not make.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, longestWindow(copy).plus(grace), Duration.ofMillis(1), false),
                Serdes.String(), SampleEntry.LAYOUT));
        // Not cached: written once per commit from the commit hook (with windows held), which Kafka Streams runs
        // after it flushed this store's cache (it flushes stores in the order they are added), so a cached put would
        // miss the transaction that commits the events that moved the clock.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE),
                Serdes.String(), TimeLayout.of(CLOCK_STORE)).withCachingDisabled());
        builder.addStateStore(CommitHook.builder(COMMIT_HOOK));
        return events.processValues(() -> new WindowAggregateProcessor(copy, grace, topic, cachedKeys),
                Named.as(PROCESSOR), STORE, CLOCK_STORE, COMMIT_HOOK);
    }

    static Duration longestWindow(List<AggregateSpec> specs) {
        return specs.stream().map(AggregateSpec::window).max(Comparator.naturalOrder()).orElseThrow();
    }
}
