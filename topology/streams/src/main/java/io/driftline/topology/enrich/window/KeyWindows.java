package io.driftline.topology.enrich.window;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 *
 * <p>A key seen for the first time costs no store read either. The first event after a start reads the whole
 * store once (one scan of its segments, where a fetch per key opens an iterator on each segment; most keys of a
 * large population are new to a task): while that holds every key the store has, the store has nothing for a key
 * that is neither held nor listed as dropped, so only a dropped key is read back. The dropped keys are listed
 * while their newest entry can still be read (at most {@code maxKeys} of them); past that, or when the store held
 * more than {@code maxKeys} keys at the start, every key not held is read from the store, as before.
 */
final class KeyWindows {

    /** The write-back log's starting length, and the length past which it is not kept after a write-back. */
    private static final int LOG_START = 1024;
    private static final int LOG_KEPT = 1 << 16;

    private final WindowStore<String, SampleEntry> store;
    private final long keepMs;
    private final int maxKeys;
    /** Access order: the eldest is the least recently used. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(1024, 0.75f, true);
    /**
     * The entries set since the last write-back, in the order they were set: window, time and entry at the same
     * index, the first {@link #logged}. Why a flat log: the write-back at commit visits thousands of windows no event
     * touched since, and a list of dirty windows, each with lists of its unwritten times (boxed) and entries, cost
     * a cache miss at every step (3.5% of the stream thread in the throughput benchmark's profile, with exact sample
     * placement); the log is read in one pass and touches a window only for its key.
     */
    private Window[] logWindows = new Window[LOG_START];
    private long[] logTimes = new long[LOG_START];
    private SampleEntry[] logEntries = new SampleEntry[LOG_START];
    private int logged;
    /**
     * While {@link #complete}: the keys dropped from {@link #windows} with the time of their newest entry, in the
     * order they were dropped; the only keys not held that the store may have entries of.
     */
    private final LinkedHashMap<String, Long> dropped = new LinkedHashMap<>();
    private boolean loaded;
    /** Whether every key the store has readable entries of is held or {@link #dropped}. */
    private boolean complete;
    private long oldestKept;

    /**
     * One key's entries by event time: times ascending in a {@code long[]}, entries beside them, the live ones in
     * {@code [head, head + size)}. Why not a {@code TreeMap<Long, SampleEntry>}: events come nearly in time order, so
     * a put is an append and dropping the expired ones moves {@code head}, where the tree's boxed keys, nodes and
     * range views took 5.6% of the stream thread in the throughput benchmark's profile (its comparisons and
     * first-entry walks, on memory no other event of the batch had touched).
     */
    static final class Window {
        final String key;
        private long[] times = new long[2];
        private SampleEntry[] entries = new SampleEntry[2];
        private int head;
        private int size;
        /** Entries before this time have been dropped: no event can read them any more. */
        private long keptFrom = Long.MIN_VALUE;

        Window(String key) {
            this.key = key;
        }

        /** Entries held. */
        int size() {
            return size;
        }

        /** The time of entry {@code i} (0 the oldest held). */
        long time(int i) {
            return times[head + i];
        }

        /** Entry {@code i} (0 the oldest held). */
        SampleEntry entry(int i) {
            return entries[head + i];
        }

        /** The index of the first entry later than {@code t} ({@link #size()} when none is). */
        int after(long t) {
            if (size == 0 || times[head + size - 1] <= t) {
                return size; // the common case: t at or after the newest
            }
            int lo = head;
            int hi = head + size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - head;
        }

        /** Sets the entry at {@code t}: replaced when one is there, else inserted in time order. */
        void set(long t, SampleEntry entry) {
            int at = after(t);
            if (at > 0 && times[head + at - 1] == t) {
                entries[head + at - 1] = entry;
                return;
            }
            if (head + size == times.length) {
                makeRoom();
            }
            int i = head + at;
            System.arraycopy(times, i, times, i + 1, size - at);
            System.arraycopy(entries, i, entries, i + 1, size - at);
            times[i] = t;
            entries[i] = entry;
            size++;
        }

        /** The newest entry's time; only when not empty. */
        long newest() {
            return times[head + size - 1];
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Room for one more at the end: the live entries moved to the front, or the arrays doubled. */
        private void makeRoom() {
            if (head > 0 && size <= times.length / 2) {
                System.arraycopy(times, head, times, 0, size);
                System.arraycopy(entries, head, entries, 0, size);
                Arrays.fill(entries, size, head + size, null);
                head = 0;
                return;
            }
            long[] t = new long[times.length * 2];
            SampleEntry[] e = new SampleEntry[times.length * 2];
            System.arraycopy(times, head, t, 0, size);
            System.arraycopy(entries, head, e, 0, size);
            times = t;
            entries = e;
            head = 0;
        }

        private void keepFrom(long oldest) {
            int drop = size == 0 || times[head] >= oldest ? 0 : after(oldest - 1);
            if (drop > 0) {
                Arrays.fill(entries, head, head + drop, null); // for the collector
                head += drop;
                size -= drop;
                if (size == 0) {
                    head = 0;
                }
            }
            keptFrom = Math.max(keptFrom, oldest);
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
     * The window of {@code key}, read from the store when not held (and the store may have it), with entries no
     * event at or after {@code clock - grace} can read dropped.
     *
     * @param clock the stage's clock before the current event ({@link Long#MIN_VALUE} when nothing was accepted)
     */
    Window window(String key, long clock) {
        oldestKept = clock == Long.MIN_VALUE ? 0 : Math.max(0, clock - keepMs + 1);
        if (!loaded) {
            load();
        }
        Window window = windows.get(key);
        if (window == null) {
            window = new Window(key);
            Long newest = complete ? dropped.remove(key) : null;
            if (!complete || (newest != null && newest >= oldestKept)) {
                try (WindowStoreIterator<SampleEntry> it = store.fetch(key, oldestKept, Long.MAX_VALUE)) {
                    while (it.hasNext()) {
                        KeyValue<Long, SampleEntry> entry = it.next();
                        window.set(entry.key, entry.value);
                    }
                }
            }
            window.keptFrom = oldestKept;
            windows.put(key, window);
        } else {
            window.keepFrom(oldestKept);
        }
        return window;
    }

    /**
     * Reads every entry an event may still read, all keys at once, into {@link #windows}; gives up (and reads key
     * by key from then on) past {@code maxKeys} keys.
     */
    private void load() {
        loaded = true;
        try (KeyValueIterator<Windowed<String>, SampleEntry> it = store.fetchAll(oldestKept, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, SampleEntry> entry = it.next();
                Window window = windows.get(entry.key.key());
                if (window == null) {
                    if (windows.size() == maxKeys) {
                        windows.clear();
                        return; // more keys than are held: complete stays false
                    }
                    window = new Window(entry.key.key());
                    window.keptFrom = oldestKept;
                    windows.put(entry.key.key(), window);
                }
                window.set(entry.key.window().start(), entry.value);
            }
        }
        complete = true;
    }

    /** Sets the window's entry at {@code t} (all its events at that millisecond), to be written back. */
    void put(Window window, long t, SampleEntry entry) {
        window.set(t, entry);
        int last = logged - 1;
        if (last >= 0 && logWindows[last] == window && logTimes[last] == t) {
            logEntries[last] = entry; // the same key and millisecond again: one write of the newest entry
            return;
        }
        if (logged == logTimes.length) {
            int grown = logged * 2;
            logWindows = Arrays.copyOf(logWindows, grown);
            logTimes = Arrays.copyOf(logTimes, grown);
            logEntries = Arrays.copyOf(logEntries, grown);
        }
        // An entry set again later in the interval, after other keys', is logged again: both are written, in order,
        // so the store (and its changelog, replayed in order) ends with the newest.
        logWindows[logged] = window;
        logTimes[logged] = t;
        logEntries[logged] = entry;
        logged++;
    }

    /**
     * Writes every entry set since the last call to the store (called before each commit of the task), then drops
     * the least recently used keys past {@code maxKeys}.
     */
    void writeBack() {
        for (int i = 0; i < logged; i++) {
            Window window = logWindows[i];
            long t = logTimes[i];
            if (t >= window.keptFrom) { // else the clock moved past it within the interval: no event can read it
                store.put(window.key, logEntries[i], t);
            }
        }
        clearLog();
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (windows.size() > maxKeys && eldest.hasNext()) {
            Map.Entry<String, Window> e = eldest.next();
            if (complete && !e.getValue().isEmpty()) {
                dropped.put(e.getKey(), e.getValue().newest());
            }
            eldest.remove();
        }
        forgetExpiredDropped();
    }

    /**
     * Unlists dropped keys whose newest entry no event can read any more, oldest drop first (up to the first one
     * still readable: drop order follows use, so nearly event time); past {@code maxKeys} listed, gives up the
     * list and reads every key not held from the store.
     */
    private void forgetExpiredDropped() {
        if (!complete) {
            return;
        }
        Iterator<Long> newest = dropped.values().iterator();
        while (newest.hasNext() && newest.next() < oldestKept) {
            newest.remove();
        }
        if (dropped.size() > maxKeys) {
            complete = false;
            dropped.clear();
        }
    }

    private void clearLog() {
        if (logTimes.length > LOG_KEPT) { // a burst's log is not kept for ever
            logWindows = new Window[LOG_START];
            logTimes = new long[LOG_START];
            logEntries = new SampleEntry[LOG_START];
        } else {
            Arrays.fill(logWindows, 0, logged, null); // for the collector
            Arrays.fill(logEntries, 0, logged, null);
        }
        logged = 0;
    }

    /** Keys held. */
    int size() {
        return windows.size();
    }

    /** Forgets everything held, written back or not (a task closed dirty is restored from its changelog). */
    void clear() {
        clearLog();
        windows.clear();
        dropped.clear();
        loaded = false;
        complete = false;
    }
}
