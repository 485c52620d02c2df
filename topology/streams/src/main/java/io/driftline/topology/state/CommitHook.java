package io.driftline.topology.state;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that holds nothing and runs a callback when Kafka Streams is about to commit its task: how the score
 * stage scores and forwards the events it gathered for a batch, and the window aggregates write back the windows
 * they hold in memory, before the input offsets are committed.
 *
 * <p>Why this hook: Kafka Streams 4.3.1 commits a task in {@code StreamTask.prepareCommit}, which calls
 * {@code ProcessorStateManager.flushCache()}, which calls {@link CachedStateStore#flushCache()} on every registered
 * store in registration order, and only then flushes the record collector and commits the input offsets (in the
 * same transaction as the outputs under exactly-once). Kafka Streams' own record caches forward records downstream
 * from that very call (a KTable's cache emits on flush), so forwarding from it is a supported path, and whatever is
 * forwarded is sent in the transaction that commits its input. The store is added before the statistics stage's
 * stores, so it is flushed first and the statistics the flushed events update are written back in the same
 * commit ({@code AccumulatorStore}). {@link StateStore#commit(Map)} would be too late: it runs after the offsets
 * are committed. {@code CachedStateStore} is an internal interface, as it is for {@code AccumulatorStore};
 * {@code ScoreBatchingIT} (batches on a real broker, flushed at commit) and the kill -9 test ({@code CrashRestartIT})
 * pin the behaviour.
 *
 * <p>Nothing is kept: not logged, not persistent. After a crash the events that were gathered but not committed
 * are read again from their input topic, as any uncommitted input is.
 */
public final class CommitHook implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private Runnable onCommit = () -> { };
    private boolean open;

    CommitHook(String name) {
        this.name = name;
    }

    /** What to run before each commit of the task (the processor's batch flush). */
    public void onCommit(Runnable callback) {
        this.onCommit = callback;
    }

    @Override
    public void flushCache() {
        onCommit.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {
        // nothing cached
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("store " + name + " has no changelog to restore");
        });
        open = true;
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        // The batch was flushed before the offsets were committed (flushCache); nothing to write.
    }

    @Override
    public void close() {
        onCommit = () -> { };
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    /** Builds a {@link CommitHook}: never logged, never cached. */
    public static StoreBuilder<CommitHook> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHook> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
                return this; // nothing to log: the hook holds no state
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHook build() {
                return new CommitHook(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
