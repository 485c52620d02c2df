package io.driftline.topology.stats;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds an {@link AccumulatorStore} around a key-value store of {@link AccumulatorEntry}s: changelogged by default (the changelog is
 * what makes the windows survive a crash), never record-cached (the accumulator store is the cache).
 */
final class AccumulatorStoreBuilder implements StoreBuilder<AccumulatorStore> {

    private final StoreBuilder<KeyValueStore<Bytes, AccumulatorEntry>> inner;

    AccumulatorStoreBuilder(KeyValueBytesStoreSupplier supplier) {
        this.inner = Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), AccumulatorEntry.LAYOUT).withCachingDisabled();
    }

    @Override
    public StoreBuilder<AccumulatorStore> withCachingEnabled() {
        return this; // this store is a cache of deserialised windows already; a record cache would only add copies
    }

    @Override
    public StoreBuilder<AccumulatorStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<AccumulatorStore> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<AccumulatorStore> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public AccumulatorStore build() {
        return new AccumulatorStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
