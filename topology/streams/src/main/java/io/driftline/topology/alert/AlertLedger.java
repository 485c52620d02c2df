package io.driftline.topology.alert;

import io.driftline.topology.state.StateLayout;
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
 * in its {@link StateLayout}. State lives here and nowhere else (no maps in memory), so that it commits with the
 * alerts it led to and survives restarts and rebalances.
 *
 * <p>Store keys are the alert keys' strings, as the drift and concept stores always had; the layouts read the
 * values those stores held before the versioned scheme, so existing changelogs read back unchanged.
 *
 * @param <S> the writer's state per alert key
 */
public final class AlertLedger<S> {

    private final KeyValueStore<String, S> store;
    private final S empty;

    private AlertLedger(KeyValueStore<String, S> store, S empty) {
        this.store = store;
        this.empty = empty;
    }

    /** The persistent, changelogged store a ledger named {@code name} keeps its state in, in {@code layout}. */
    public static <S> StoreBuilder<KeyValueStore<String, S>> storeBuilder(String name, StateLayout<S> layout) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), layout);
    }

    /**
     * The ledger over the processor's store {@code name}.
     *
     * @param empty what {@link #get} answers for a key with nothing stored (an empty state, or null)
     */
    public static <S> AlertLedger<S> open(ProcessingContext context, String name, S empty) {
        return new AlertLedger<>(context.getStateStore(name), empty);
    }

    /** The state of {@code key}, or the "nothing stored" state. */
    public S get(AlertKey key) {
        S state = store.get(key.toString());
        return state == null ? empty : state;
    }

    public void put(AlertKey key, S state) {
        store.put(key.toString(), state);
    }

    public void delete(AlertKey key) {
        store.delete(key.toString());
    }

    /** Every readable state whose key starts with {@code prefix} (see {@link AlertKey#prefix}), in key order. */
    public List<S> withPrefix(String prefix) {
        try (KeyValueIterator<String, S> it = store.prefixScan(prefix, new StringSerializer())) {
            return collect(it);
        }
    }

    /** Every readable state, in key order. */
    public List<S> all() {
        try (KeyValueIterator<String, S> it = store.all()) {
            return collect(it);
        }
    }

    private List<S> collect(KeyValueIterator<String, S> it) {
        List<S> states = new ArrayList<>();
        while (it.hasNext()) {
            KeyValue<String, S> entry = it.next();
            S state = entry.value;
            if (state != null) {
                states.add(state);
            }
        }
        return states;
    }
}
