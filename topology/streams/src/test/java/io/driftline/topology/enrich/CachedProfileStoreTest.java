package io.driftline.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile lookups' cache: repeated lookups are served without reading the store, absence is cached too, every
 * write through it is seen at once, a lookup that raced a write never leaves the old bytes behind, and it keeps to
 * its byte budget. The store beneath is Kafka Streams' in-memory store behind a counter of its reads.
 */
class CachedProfileStoreTest {

    private final CountingStore inner = new CountingStore(Stores.inMemoryKeyValueStore("profiles").get());
    private CachedProfileStore store;

    @BeforeEach
    void open() {
        store = new CachedProfileStore(inner, 1 << 20);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldServeRepeatedLookupsWithoutReadingTheStore() {
        store.put(key("card-1"), bytes("v1"));

        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v1"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v1"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v1"));

        assertThat(inner.reads.get()).isEqualTo(1);
    }

    @Test
    void shouldCacheThatAProfileIsAbsent() {
        assertThat(store.get(key("nobody"))).isNull();
        assertThat(store.get(key("nobody"))).isNull();

        assertThat(inner.reads.get()).isEqualTo(1);
    }

    @Test
    void shouldSeeEveryWriteThroughItAtOnce() {
        assertThat(store.get(key("card-1"))).isNull(); // cached as absent
        store.put(key("card-1"), bytes("v1"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v1"));

        store.put(key("card-1"), bytes("v2"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v2"));

        assertThat(store.putIfAbsent(key("card-1"), bytes("ignored"))).isEqualTo(bytes("v2"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v2"));

        assertThat(store.delete(key("card-1"))).isEqualTo(bytes("v2"));
        assertThat(store.get(key("card-1"))).isNull();

        assertThat(store.get(key("card-2"))).isNull();
        store.putAll(List.of(KeyValue.pair(key("card-1"), bytes("v3")), KeyValue.pair(key("card-2"), bytes("w1"))));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v3"));
        assertThat(store.get(key("card-2"))).isEqualTo(bytes("w1"));

        store.put(key("card-2"), null); // a tombstone, as a compacted topic's delete reaches a store
        assertThat(store.get(key("card-2"))).isNull();
    }

    @Test
    void shouldNotKeepWhatALookupReadWhileAWriteRan() {
        store.put(key("card-1"), bytes("old"));
        // The global thread writes the update while the stream thread's lookup is inside the store's read: the
        // lookup returns what it read, but must not keep it.
        inner.duringNextRead = () -> store.put(key("card-1"), bytes("new"));

        byte[] raced = store.get(key("card-1"));

        assertThat(raced).isIn(bytes("old"), bytes("new"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("new"));
        assertThat(inner.reads.get()).isEqualTo(2);
    }

    @Test
    void shouldConvergeOnTheLastWriteUnderConcurrentLookups() throws Exception {
        int versions = 20_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread reader = new Thread(() -> {
                try {
                    start.await();
                    while (writing.get()) {
                        store.get(key("card-" + (System.nanoTime() & 3)));
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            readers.add(reader);
        }
        start.countDown();
        for (int v = 1; v <= versions; v++) {
            store.put(key("card-" + (v & 3)), bytes("v" + v));
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(failure.get()).isNull();
        for (int k = 0; k < 4; k++) {
            int last = versions - ((versions - k) & 3);
            assertThat(new String(store.get(key("card-" + k)), StandardCharsets.UTF_8)).isEqualTo("v" + last);
        }
    }

    @Test
    void shouldKeepToItsByteBudget() {
        long budget = 50L * (CachedProfileStore.ENTRY_OVERHEAD + 20);
        long fewestBytes = CachedProfileStore.ENTRY_OVERHEAD + "card-000000".length() + "v-0".length();
        CachedProfileStore small = new CachedProfileStore(inner, budget);
        for (int i = 0; i < 2_000; i++) {
            String name = String.format("card-%06d", i);
            inner.put(key(name), bytes("v-" + i));
            assertThat(small.get(key(name))).isEqualTo(bytes("v-" + i));
        }

        assertThat(small.cachedLookups()).isBetween(1L, budget / fewestBytes);
        // Past the budget the store answers: values stay right.
        assertThat(small.get(key("card-000000"))).isEqualTo(bytes("v-0"));
    }

    @Test
    void shouldOpenEmptyAndRefuseAStoreOfAnotherFormat() {
        store.put(key("card-1"), bytes("v1"));
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("v1"));
        store.close();
        inner.put(key("card-1"), bytes("restored")); // written beneath it, as a restore writes
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        assertThat(store.get(key("card-1"))).isEqualTo(bytes("restored"));

        KeyValueStore<Bytes, byte[]> plain = Stores.inMemoryKeyValueStore("plain").get();
        assertThatThrownBy(() -> new CachedProfileStore(plain, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a timestamped bytes store");
        assertThatThrownBy(() -> CachedProfileStore.supplier(Stores.persistentTimestampedKeyValueStore("p"), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CachedProfileStore.supplier(Stores.persistentTimestampedKeyValueStore("p"), 0).get())
                .isNotInstanceOf(CachedProfileStore.class);
        assertThat(CachedProfileStore.supplier(Stores.persistentTimestampedKeyValueStore("p"), 1024).get())
                .isInstanceOf(CachedProfileStore.class).isInstanceOf(TimestampedBytesStore.class);
    }

    private static Bytes key(String text) {
        return Bytes.wrap(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A real store that counts its point reads and can run a write in the middle of the next one. */
    private static final class CountingStore implements KeyValueStore<Bytes, byte[]>, TimestampedBytesStore {
        private final KeyValueStore<Bytes, byte[]> store;
        final AtomicInteger reads = new AtomicInteger();
        volatile Runnable duringNextRead;

        CountingStore(KeyValueStore<Bytes, byte[]> store) {
            this.store = store;
        }

        @Override
        public byte[] get(Bytes key) {
            reads.incrementAndGet();
            byte[] value = store.get(key);
            Runnable hook = duringNextRead;
            if (hook != null) {
                duringNextRead = null;
                hook.run();
            }
            return value;
        }

        @Override
        public void put(Bytes key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return store.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            store.putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return store.delete(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return store.all();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS serializer) {
            return store.prefixScan(prefix, serializer);
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
            if (!store.isOpen()) {
                store.init(context, root);
            }
        }

        @Override
        public void close() {
            // kept open across the test's reopen: its contents stand for what is on disk
        }

        @Override
        public boolean persistent() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return store.isOpen();
        }
    }
}
