package io.driftline.topology.enrich.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The windows of the keys a task saw lately, held in memory in front of the stage's window store: a key's entries
 * are read from the store once (its first event after a start, or after it was dropped) and then kept here; each
 * event's entry is written to the store at the task's next commit ({@link #writeBack}), not at once. So an event
 * costs no store read and no store write on the hot path, and the store (and its changelog) still holds every
 * accepted event by the time the input offsets are committed, in the same transaction under exactly-once: a crash
 * restores the store from the changelog and this copy is simply rebuilt from it.
 *
 * <p>Why by hand: Kafka Streams' record cache in front of a window store still reads RocksDB on every fetch (it
 * merges the cache with the store's iterator), and the per-key window fetch is the cost being removed.
 *
 * <p>What is kept of a key is exactly what any event the stage may still accept can read: entries newer than
 * {@code clock - (longest window + grace)}. An event the stage accepts is at most {@code grace} behind the clock,
 * and reads {@code (t - longest window, t]}, so the aggregates are the store's to the bit (the parity and topology
 * tests check them against the offline computation). At most {@code maxKeys} keys are kept, the least recently
 * used dropped first, and only once written back. Not thread-safe: one per processor (task).
 */
final class KeyWindows {

    private final WindowStore<String, SampleEntry> store;
    private final long keepMs;
    private final int maxKeys;
    /** Access order: the eldest is the least recently used. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(1024, 0.75f, true);
    /** Keys with entries not yet written to the store (each window holds those entries' times). */
    private final Map<String, Window> unwritten = new HashMap<>();

    /** One key's entries by event time. */
    static final class Window {
        final TreeMap<Long, SampleEntry> entries = new TreeMap<>();
        /** Times of entries set since the last write-back (kept here: no second lookup of the key at commit). */
        private final List<Long> unwritten = new ArrayList<>(1);

        /** The entries in {@code (t - windowMs, t]}, oldest first. */
        NavigableMap<Long, SampleEntry> in(long t, long windowMs) {
            return entries.subMap(t - windowMs, false, t, true);
        }
    }

    /**
     * @param keepMs  the longest window plus grace: how far behind the clock an entry may still be read
     * @param maxKeys keys kept at most, at least 1
     */
    KeyWindows(WindowStore<String, SampleEntry> store, long keepMs, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("keys kept must be >= 1: " + maxKeys);
        }
        this.store = store;
        this.keepMs = keepMs;
        this.maxKeys = maxKeys;
    }

    /**
     * The window of {@code key}, read from the store when not held, with entries no event at or after
     * {@code clock - grace} can read dropped.
     *
     * @param clock the stage's clock before the current event ({@link Long#MIN_VALUE} when nothing was accepted)
     */
    Window window(String key, long clock) {
        long oldestKept = clock == Long.MIN_VALUE ? 0 : Math.max(0, clock - keepMs + 1);
        Window window = windows.get(key);
        if (window == null) {
            window = new Window();
            try (WindowStoreIterator<SampleEntry> it = store.fetch(key, oldestKept, Long.MAX_VALUE)) {
                while (it.hasNext()) {
                    KeyValue<Long, SampleEntry> entry = it.next();
                    window.entries.put(entry.key, entry.value);
                }
            }
            windows.put(key, window);
        } else if (!window.entries.isEmpty() && window.entries.firstKey() < oldestKept) {
            window.entries.headMap(oldestKept, false).clear();
        }
        return window;
    }

    /** Sets the entry of {@code key} at {@code t} (all its events at that millisecond), to be written back. */
    void put(String key, Window window, long t, SampleEntry entry) {
        window.entries.put(t, entry);
        if (window.unwritten.isEmpty()) {
            unwritten.put(key, window);
        }
        if (!window.unwritten.contains(t)) {
            window.unwritten.add(t);
        }
    }

    /**
     * Writes every entry set since the last call to the store (called before each commit of the task), then drops
     * the least recently used keys past {@code maxKeys}.
     */
    void writeBack() {
        for (Map.Entry<String, Window> e : unwritten.entrySet()) {
            Window window = e.getValue();
            for (long t : window.unwritten) {
                SampleEntry entry = window.entries.get(t);
                if (entry != null) { // null: the clock moved past it within the interval; no event can read it
                    store.put(e.getKey(), entry, t);
                }
            }
            window.unwritten.clear();
        }
        unwritten.clear();
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (windows.size() > maxKeys && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Keys held. */
    int size() {
        return windows.size();
    }

    /** Forgets everything held, written back or not (a task closed dirty is restored from its changelog). */
    void clear() {
        unwritten.values().forEach(w -> w.unwritten.clear());
        windows.clear();
        unwritten.clear();
    }
}
