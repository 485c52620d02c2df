package io.driftline.topology.alert;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Every alert writer's open/resolved state: one changelogged store per writer (a store belongs to one
 * sub-topology, and the writers sit in different ones), keyed by {@link AlertKey}, holding the writer's state type
 * through its {@link Codec}. State lives here and nowhere else (no maps in memory), so that it commits with the
 * alerts it led to and survives restarts and rebalances.
 *
 * <p>Store keys are the alert keys' strings and values the codec's bytes, as the drift and concept stores always
 * had, so that existing changelogs read back unchanged.
 *
 * @param <S> the writer's state per alert key
 */
public final class AlertLedger<S> {

    /**
     * A writer's state layout. Each codec owns its layout and its versions; {@link #decode} returns the writer's
     * "nothing stored" state for null (an empty state, or null itself).
     */
    public interface Codec<S> {
        byte[] encode(S state);

        S decode(byte[] bytes);
    }

    private final KeyValueStore<String, byte[]> store;
    private final Codec<S> codec;

    private AlertLedger(KeyValueStore<String, byte[]> store, Codec<S> codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The persistent, changelogged store a ledger named {@code name} keeps its state in. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    /** The ledger over the processor's store {@code name}. */
    public static <S> AlertLedger<S> open(ProcessingContext context, String name, Codec<S> codec) {
        return new AlertLedger<>(context.getStateStore(name), codec);
    }

    /** The state of {@code key}, or the codec's "nothing stored" state. */
    public S get(AlertKey key) {
        return codec.decode(store.get(key.toString()));
    }

    public void put(AlertKey key, S state) {
        store.put(key.toString(), codec.encode(state));
    }

    public void delete(AlertKey key) {
        store.delete(key.toString());
    }

    /** Every readable state whose key starts with {@code prefix} (see {@link AlertKey#prefix}), in key order. */
    public List<S> withPrefix(String prefix) {
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, new StringSerializer())) {
            return collect(it);
        }
    }

    /** Every readable state, in key order. */
    public List<S> all() {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            return collect(it);
        }
    }

    private List<S> collect(KeyValueIterator<String, byte[]> it) {
        List<S> states = new ArrayList<>();
        while (it.hasNext()) {
            KeyValue<String, byte[]> entry = it.next();
            S state = codec.decode(entry.value);
            if (state != null) {
                states.add(state);
            }
        }
        return states;
    }
}
