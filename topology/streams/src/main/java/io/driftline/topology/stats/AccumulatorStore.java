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
 * window per commit instead of one per event, and that write only the interval's counts (a delta, under the window's
 * key plus a sequence number) while they are a small part of the window, up to {@link #MAX_DELTAS} deltas, after
 * which the whole window is written again and its deltas deleted. A window in memory is the sum of its stored
 * whole and deltas. Serialising a window's KLL sketches for every event, which a plain
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

    /** Delta entries a window may have in the store; the write-back after the last one is a whole one again. */
    static final int MAX_DELTAS = 64;
    /**
     * A window's next write-back is a delta when the interval just written changed it by less than 1 in this many
     * of its counts so far: live traffic (a few events per commit into windows of thousands) writes deltas, a
     * backlog (a window's worth of events per commit) whole windows, as a delta would be as large.
     */
    static final int DELTA_SHARE = 16;
    /** After a window key, this byte and a big-endian int sequence number make the key of one of its deltas. */
    private static final byte DELTA_MARK = (byte) 0xFD;

    /**
     * One open window in memory. Why deltas, written by hand: a window's statistics are tens of kilobytes (a KLL
     * sketch per numeric feature, about 6 KiB each once full), and writing the whole window back at every commit
     * (every 100 ms under exactly-once) cost a few kilobytes of changelog per live event, however few events the
     * interval had; a delta holds only the interval's events, and the window is their sum ({@link WindowStats#merge},
     * which the merge stage relies on too). No store Kafka Streams ships keeps a value as a sum of appended parts.
     */
    private static final class Slot {
        /** Everything counted, except what {@link #pending} holds. The identity never changes. */
        final WindowStats whole;
        /** In delta mode, what was counted since the last write-back; null when the next write-back is whole. */
        WindowStats pending;
        /** Counts into this window since it was opened (or loaded), and since its last write-back. */
        long counts;
        long countsSinceWrite;
        /** Delta entries of this window in the store, numbered 1 to this. */
        int deltas;

        Slot(WindowStats whole, long counts) {
            this.whole = whole;
            this.counts = counts;
        }

        /** The statistics to count into now. */
        WindowStats writable() {
            return pending != null ? pending : whole;
        }

        /** Everything counted: the pending delta folded into the whole (after which there is none). */
        WindowStats complete() {
            if (pending != null) {
                whole.merge(pending);
                pending = null;
            }
            return whole;
        }
    }

    private final KeyValueStore<Bytes, AccumulatorEntry> inner;
    private final Map<WindowKey, Slot> slots = new HashMap<>();
    /** Each open window's whole statistics by key, for its bounds (see {@link #windows()}). */
    private final Map<WindowKey, WindowStats> wholes = new HashMap<>();
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

    /**
     * Every open window by key, loaded from the (restored) store on first use. The values give each window's key
     * and bounds; they may lack the counts since the last write-back, which {@link #close} includes. Do not change
     * the map.
     */
    Map<WindowKey, WindowStats> windows() {
        load();
        return Collections.unmodifiableMap(wholes);
    }

    /** The statistics of an open window to count into now (mark it with {@link #markDirty} after), or null. */
    WindowStats get(WindowKey key) {
        load();
        Slot slot = slots.get(key);
        return slot == null ? null : slot.writable();
    }

    /** Opens a window; it is written back at the next commit. */
    void put(WindowKey key, WindowStats stats) {
        load();
        Slot replaced = slots.put(key, new Slot(stats, 0));
        if (replaced != null) {
            deleteDeltas(key, replaced.deltas);
        }
        wholes.put(key, stats);
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

    /** Marks a window counted into (once per count), to be written back at the next commit. */
    void markDirty(WindowKey key) {
        Slot slot = slots.get(key);
        if (slot != null) {
            slot.counts++;
            slot.countsSinceWrite++;
            dirty.add(key);
        }
    }

    /**
     * Closes a window: gone from memory, and tombstones in the store for it and its deltas (in the same commit as
     * its partial).
     *
     * @return everything counted into it, or null when it was not open
     */
    WindowStats close(WindowKey key) {
        load();
        Slot slot = slots.remove(key);
        wholes.remove(key);
        dirty.remove(key);
        if (slot == null) {
            return null;
        }
        inner.delete(key.toBytes());
        deleteDeltas(key, slot.deltas);
        return slot.complete();
    }

    /** Writes every changed window to the store (and so to its changelog): its delta, or the whole window. */
    @Override
    public void flushCache() {
        for (WindowKey key : dirty) {
            Slot slot = slots.get(key);
            if (slot == null) {
                continue;
            }
            if (slot.pending != null && slot.deltas < MAX_DELTAS) {
                slot.deltas++;
                inner.put(deltaKey(key, slot.deltas), new AccumulatorEntry.Delta(slot.pending));
                slot.complete();
            } else {
                inner.put(key.toBytes(), new AccumulatorEntry.Window(slot.complete()));
                deleteDeltas(key, slot.deltas);
                slot.deltas = 0;
            }
            if (slot.countsSinceWrite * DELTA_SHARE < slot.counts && slot.deltas < MAX_DELTAS) {
                slot.pending = slot.whole.emptyCopy();
            }
            slot.countsSinceWrite = 0;
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
        slots.clear();
        wholes.clear();
        dirty.clear();
        clock = Long.MIN_VALUE;
        clockDirty = false;
        loaded = false;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, AccumulatorEntry> listener, boolean sendOldValues) {
        return false; // nothing downstream listens to this store: windows leave it as partials
    }

    /** The key of delta {@code n} of a window: the window's key, {@link #DELTA_MARK}, then {@code n}. */
    static Bytes deltaKey(WindowKey key, int n) {
        byte[] window = key.toBytes().get();
        byte[] out = java.util.Arrays.copyOf(window, window.length + 1 + Integer.BYTES);
        out[window.length] = DELTA_MARK;
        java.nio.ByteBuffer.wrap(out, window.length + 1, Integer.BYTES).putInt(n);
        return Bytes.wrap(out);
    }

    /** The delta number a key of this store carries, or 0 for a window's own key (or the clock's). */
    static int deltaNumber(Bytes storeKey, WindowKey window) {
        byte[] bytes = storeKey.get();
        int length = window.toBytes().get().length;
        if (bytes.length != length + 1 + Integer.BYTES || bytes[length] != DELTA_MARK) {
            return 0;
        }
        return java.nio.ByteBuffer.wrap(bytes, length + 1, Integer.BYTES).getInt();
    }

    private void deleteDeltas(WindowKey key, int deltas) {
        for (int n = 1; n <= deltas; n++) {
            inner.delete(deltaKey(key, n));
        }
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
                    add(WindowKey.fromBytes(entry.key), window.stats(), 0);
                } else if (!clockKey && entry.value instanceof AccumulatorEntry.Delta delta) {
                    WindowKey key = WindowKey.fromBytes(entry.key);
                    add(key, delta.stats(), deltaNumber(entry.key, key));
                } else {
                    throw new StateLayoutException("Store " + name() + ": a " + entry.value.getClass().getSimpleName()
                            + " entry under the " + (clockKey ? "clock" : "window") + " key " + entry.key);
                }
            }
        }
        loaded = true;
    }

    /** Adds a stored window, or one of its deltas, to what is in memory (in whatever order the store gives them). */
    private void add(WindowKey key, WindowStats stats, int delta) {
        Slot slot = slots.get(key);
        if (slot == null) {
            slot = new Slot(stats, stats.events() + stats.performance().count());
            slots.put(key, slot);
            wholes.put(key, stats);
        } else {
            slot.whole.merge(stats);
            slot.counts += stats.events() + stats.performance().count();
        }
        slot.deltas = Math.max(slot.deltas, delta);
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
        slots.clear();
        wholes.clear();
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
