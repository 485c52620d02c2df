package io.driftline.topology.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * The profiles' global store with a bounded cache of its point lookups in front: the store (RocksDB, as Kafka
 * Streams makes it for a global table, in the same format and directory) keeps every profile; the cache keeps the
 * stored bytes of the profiles looked up lately, and the lookups that found none, up to a byte budget.
 *
 * <p>Why: the profile join reads the store once per event, and a RocksDB read of one of many profiles (120,000 in
 * the throughput benchmark) cost 14% of the stream thread's CPU in a profile that samples native code too
 * (async-profiler): a JNI call, then a search of RocksDB's memtable skip list, a cache miss at each step. A hit
 * here is a hash lookup. Kafka Streams' own record cache does not help: it serves only the thread that writes the
 * store (the global thread), and the stream threads read the store beneath it. Nothing of this changes what a
 * join sees: the store beneath is the same, and Kafka Streams' record cache in front of this one still decides
 * when a profile update reaches the store, as before.
 *
 * <p>Freshness: every write through this store ({@link #put}, {@link #putAll}, {@link #putIfAbsent},
 * {@link #delete}) drops the key from the cache after the store has it. A lookup that misses reads the store and
 * keeps what it read only if no write happened meanwhile (a counter of writes before and after), so a lookup racing
 * an update never leaves the old bytes behind. One path does not pass through here: Kafka Streams restores a
 * global store (at start, or when its topic's offsets are out of range) through the store's own restore callback;
 * the cache is emptied when the store is opened, and its entries expire {@link #MAX_AGE} after they were read, so
 * a profile restored while the service runs is seen within that much.
 *
 * <p>Thread-safe: the global thread writes while every stream thread reads.
 */
final class CachedProfileStore implements KeyValueStore<Bytes, byte[]>, TimestampedBytesStore {

    /** How long a cached lookup is kept at most (the bound on staleness for a restore under a running service). */
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    /** The cache's weight of an entry beyond its key and value bytes (its objects and the map's node). */
    static final int ENTRY_OVERHEAD = 96;

    /** A cached lookup: the stored bytes, or none. */
    private record Lookup(byte[] value) {
    }

    private static final Lookup ABSENT = new Lookup(null);

    private final KeyValueStore<Bytes, byte[]> store;
    private final Cache<Bytes, Lookup> cache;
    private final AtomicLong writes = new AtomicLong();

    CachedProfileStore(KeyValueStore<Bytes, byte[]> store, long maxBytes) {
        if (!(store instanceof TimestampedBytesStore)) {
            // Kafka Streams adapts a plain store to the timestamped format; this one must keep the store's format.
            throw new IllegalArgumentException("store " + store.name() + " is not a timestamped bytes store");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive: " + maxBytes);
        }
        this.store = store;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Bytes key, Lookup lookup) -> weight(key, lookup))
                .expireAfterWrite(MAX_AGE)
                .executor(Runnable::run) // upkeep on the calling threads: no pool thread of its own
                .build();
    }

    /**
     * A supplier of Kafka Streams' own store for a global table ({@code persistentTimestampedKeyValueStore}), each
     * behind a cache of {@code maxBytes}; {@code maxBytes} 0 supplies the store alone.
     */
    static KeyValueBytesStoreSupplier supplier(KeyValueBytesStoreSupplier stores, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache size must be >= 0: " + maxBytes);
        }
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return stores.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                KeyValueStore<Bytes, byte[]> store = stores.get();
                return maxBytes == 0 ? store : new CachedProfileStore(store, maxBytes);
            }

            @Override
            public String metricsScope() {
                return stores.metricsScope();
            }
        };
    }

    private static int weight(Bytes key, Lookup lookup) {
        long bytes = (long) key.get().length + (lookup.value() == null ? 0 : lookup.value().length) + ENTRY_OVERHEAD;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @Override
    public byte[] get(Bytes key) {
        Lookup cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached.value();
        }
        long before = writes.get();
        byte[] value = store.get(key);
        cache.asMap().putIfAbsent(key, value == null ? ABSENT : new Lookup(value));
        if (writes.get() != before) {
            // A write ran while the store was read: what was read may be the old value. Either this drops it, or
            // the write's own invalidation (after its counter step) does.
            cache.invalidate(key);
        }
        return value;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        store.put(key, value);
        written(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] previous = store.putIfAbsent(key, value);
        written(key);
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        store.putAll(entries);
        writes.incrementAndGet();
        for (KeyValue<Bytes, byte[]> entry : entries) {
            cache.invalidate(entry.key);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] previous = store.delete(key);
        written(key);
        return previous;
    }

    private void written(Bytes key) {
        writes.incrementAndGet();
        cache.invalidate(key);
    }

    /** Lookups held now (after pending evictions), for tests. */
    long cachedLookups() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return store.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.invalidateAll();
        store.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        store.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        store.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return store.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return store.managesOffsets();
    }

    @Override
    public void close() {
        store.close();
        cache.invalidateAll();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
