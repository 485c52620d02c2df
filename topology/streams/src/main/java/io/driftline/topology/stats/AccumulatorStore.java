package io.driftline.topology.stats;

import io.driftline.topology.state.StateLayoutException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The open windows of one task, kept deserialised in memory and written back to a changelogged RocksDB store
 * ({@value StatsStage#ACCUMULATOR_STORE}) only when Kafka Streams is about to commit: one store write per dirty
 * window per commit instead of one per event. Serialising a window's KLL sketches for every event, which a plain
 * or record-cached store would need (the record cache holds bytes), would cost more than the statistics
 * themselves.
 *
 * <p>Why this is correct, exactly-once included: Kafka Streams 4.3.1 commits a task in {@code
 * StreamTask.prepareCommit}, which calls {@code ProcessorStateManager.flushCache()}, which calls
 * {@link CachedStateStore#flushCache()} on every store that implements it (the record cache's own hook), and only
 * then flushes the record collector and commits the input offsets (in the same transaction as the changelog
 * writes under exactly-once). This store implements that hook, so every event whose offset is committed is in the
 * changelog, and nothing of an aborted transaction is. {@link StateStore#commit(Map)} would not do: in 4.3.1 it runs
 * after the offsets are committed ({@code postCommit}, and under exactly-once only when a checkpoint is enforced),
 * so write-backs from it would land in the next transaction. {@code CachedStateStore} is an internal interface,
 * the price of that hook; {@code AccumulatorStoreTest} pins the behaviour, so a Kafka upgrade that changes it
 * fails there. On a crash, the in-memory windows are simply lost and rebuilt: the store restores from the
 * changelog to the last commit, and the events after it are processed again.
 *
 * <p>It also keeps the task's window clock ({@link #clock()}): the latest time of a record that reached the
 * windows, under a key no window key can take, committed with the windows it closed.
 *
 * <p>Not thread-safe: the task's stream thread owns it. Reached by {@code context.getStateStore} as this type
 * (Kafka Streams wraps only its own store types).
 */
final class AccumulatorStore implements StateStore, CachedStateStore<Bytes, AccumulatorEntry> {

    private final KeyValueStore<Bytes, AccumulatorEntry> inner;
    private final Map<WindowKey, WindowStats> windows = new HashMap<>();
    private final Set<WindowKey> dirty = new HashSet<>();
    private boolean loaded;
    private long clock = Long.MIN_VALUE;
    private boolean clockDirty;

    /**
     * Where the window clock lives: two bytes, where every window key has at least twelve (two length-prefixed
     * strings and a long). Its value is an {@link AccumulatorEntry.Clock}.
     */
    static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {(byte) 0xFF, 'c'});

    /** Wraps a store (changelogged, uncached, in {@link AccumulatorEntry#LAYOUT}) that this store initialises, writes and closes. */
    AccumulatorStore(KeyValueStore<Bytes, AccumulatorEntry> inner) {
        this.inner = inner;
    }

    /** Every open window, by key; loaded from the (restored) store on first use. Do not change the map. */
    Map<WindowKey, WindowStats> windows() {
        load();
        return Collections.unmodifiableMap(windows);
    }

    /** The statistics of an open window, or null. */
    WindowStats get(WindowKey key) {
        load();
        return windows.get(key);
    }

    /** Opens a window; it is written back at the next commit. */
    void put(WindowKey key, WindowStats stats) {
        load();
        windows.put(key, stats);
        dirty.add(key);
    }

    /** Whether a key of this store's inner store is a window's (and not the window clock's). */
    static boolean isWindow(Bytes key) {
        return !CLOCK_KEY.equals(key);
    }

    /** The latest record time the windows have seen (their stream time), or Long.MIN_VALUE before any. */
    long clock() {
        load();
        return clock;
    }

    /** Moves the window clock to {@code timestamp} when that is later; written back at the next commit. */
    void advanceClock(long timestamp) {
        load();
        if (timestamp > clock) {
            clock = timestamp;
            clockDirty = true;
        }
    }

    /** Marks a window changed in place, to be written back at the next commit. */
    void markDirty(WindowKey key) {
        dirty.add(key);
    }

    /** Closes a window: gone from memory, and a tombstone in the store (in the same commit as its partial). */
    void remove(WindowKey key) {
        load();
        windows.remove(key);
        dirty.remove(key);
        inner.delete(key.toBytes());
    }

    /** Writes every changed window to the store (and so to its changelog). */
    @Override
    public void flushCache() {
        for (WindowKey key : dirty) {
            WindowStats stats = windows.get(key);
            if (stats != null) {
                inner.put(key.toBytes(), new AccumulatorEntry.Window(stats));
            }
        }
        dirty.clear();
        if (clockDirty) {
            inner.put(CLOCK_KEY, new AccumulatorEntry.Clock(clock));
            clockDirty = false;
        }
    }

    /**
     * Forgets the in-memory windows; they reload from the store on next use. Kafka Streams calls this after a
     * {@link #flushCache()}, when it recycles a task between active and standby: a standby writes restored records
     * straight into the inner store, so windows held from an earlier active life would be stale (KAFKA-14172).
     */
    @Override
    public void clearCache() {
        windows.clear();
        dirty.clear();
        clock = Long.MIN_VALUE;
        clockDirty = false;
        loaded = false;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, AccumulatorEntry> listener, boolean sendOldValues) {
        return false; // nothing downstream listens to this store: windows leave it as partials
    }

    private void load() {
        if (loaded) {
            return;
        }
        try (KeyValueIterator<Bytes, AccumulatorEntry> it = inner.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                boolean clockKey = !isWindow(entry.key);
                if (clockKey && entry.value instanceof AccumulatorEntry.Clock stored) {
                    clock = stored.time();
                } else if (!clockKey && entry.value instanceof AccumulatorEntry.Window window) {
                    windows.put(WindowKey.fromBytes(entry.key), window.stats());
                } else {
                    throw new StateLayoutException("Store " + name() + ": a " + entry.value.getClass().getSimpleName()
                            + " entry under the " + (clockKey ? "clock" : "window") + " key " + entry.key);
                }
            }
        }
        loaded = true;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache(); // normally a no-op by now (see the class comment); a safety net for any other caller
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        windows.clear();
        dirty.clear();
        clock = Long.MIN_VALUE;
        clockDirty = false;
        loaded = false;
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
